import { EVENT_TYPES, type EventType } from '@portal/contracts';
import { useTranslation } from 'react-i18next';

/** The types an endpoint may subscribe to: every event but the test, which goes to the endpoint it names. */
export const SUBSCRIBABLE_EVENT_TYPES = EVENT_TYPES.filter((type) => type !== 'webhook_endpoint.test');
export type SubscribableEventType = Exclude<EventType, 'webhook_endpoint.test'>;

/** One checkbox per event type, with its translated name, what it tells, and the wire name the receiver sees. */
export function EventTypePicker({ value, onChange }: { value: SubscribableEventType[]; onChange: (types: SubscribableEventType[]) => void }) {
  const { t } = useTranslation();
  const toggle = (type: SubscribableEventType) => onChange(value.includes(type) ? value.filter((v) => v !== type) : [...value, type]);
  return (
    <fieldset className="field">
      <legend>{t('webhooks.eventTypes')}</legend>
      {SUBSCRIBABLE_EVENT_TYPES.map((type) => (
        <label key={type} className="check-row webhook-event-choice">
          <input type="checkbox" checked={value.includes(type)} onChange={() => toggle(type)} data-event-type={type} />{' '}
          <span>
            <strong>{t(`webhooks.event.${type}`)}</strong> <code className="small">{type}</code>
            <span className="field-hint">{t(`webhooks.eventHelp.${type}`)}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** The subscribed types as their translated names. */
export function EventTypeList({ types }: { types: readonly EventType[] }) {
  const { t } = useTranslation();
  return (
    <ul className="webhook-event-list">
      {types.map((type) => (
        <li key={type} title={type}>
          {t(`webhooks.event.${type}`)}
        </li>
      ))}
    </ul>
  );
}
