import type { WebhookEndpoint, WebhookEndpointWithSecret } from '@portal/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, Field } from '../../../components/ui/ui';
import { useCreateWebhookEndpoint, useUpdateWebhookEndpoint } from '../api/webhooks';
import { EventTypePicker, type SubscribableEventType } from './event-type-picker';

/**
 * Register an endpoint (`endpoint` absent: its secret goes to `onCreated`, to
 * be shown once) or change one: URL, description, event types, enabled.
 */
export function EndpointDialog({
  open,
  endpoint,
  onClose,
  onCreated,
}: {
  open: boolean;
  endpoint?: WebhookEndpoint | undefined;
  onClose: () => void;
  onCreated?: (answer: WebhookEndpointWithSecret) => void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} title={endpoint ? t('webhooks.editTitle') : t('webhooks.create')} onClose={onClose}>
      {/* Keyed by endpoint: each opening starts from the endpoint's own values. */}
      <EndpointForm key={endpoint?.id ?? 'new'} endpoint={endpoint} onDone={onClose} onCreated={onCreated} />
    </Dialog>
  );
}

function EndpointForm({
  endpoint,
  onDone,
  onCreated,
}: {
  endpoint: WebhookEndpoint | undefined;
  onDone: () => void;
  onCreated: ((answer: WebhookEndpointWithSecret) => void) | undefined;
}) {
  const { t } = useTranslation();
  const create = useCreateWebhookEndpoint();
  const update = useUpdateWebhookEndpoint();
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [description, setDescription] = useState(endpoint?.description ?? '');
  const [eventTypes, setEventTypes] = useState<SubscribableEventType[]>(
    (endpoint?.eventTypes.filter((e) => e !== 'webhook_endpoint.test') as SubscribableEventType[] | undefined) ?? [],
  );
  const [enabled, setEnabled] = useState(endpoint?.enabled ?? true);
  const busy = create.isPending || update.isPending;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { url: url.trim(), description, eventTypes, enabled };
    if (endpoint) {
      // Only what changed: re-sending `enabled` unchanged would clear why a disabled endpoint stopped.
      update.mutate(
        {
          id: endpoint.id,
          body: {
            url: body.url,
            description,
            eventTypes,
            ...(enabled !== endpoint.enabled ? { enabled } : {}),
          },
        },
        { onSuccess: onDone },
      );
      return;
    }
    create.mutate(body, {
      onSuccess: (answer) => {
        onCreated?.(answer);
        onDone();
      },
    });
  };

  return (
    <form onSubmit={submit}>
      <Field
        label={t('webhooks.url')}
        hint={t('webhooks.urlHint')}
        type="url"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        required
        maxLength={2048}
        placeholder="https://"
      />
      <Field label={t('webhooks.description')} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} />
      <EventTypePicker value={eventTypes} onChange={setEventTypes} />
      <label className="check-row">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> {t('webhooks.enabledLabel')}
      </label>
      <div className="row">
        <Button type="submit" busy={busy} disabled={eventTypes.length === 0 || url.trim() === ''}>
          {endpoint ? t('webhooks.save') : t('webhooks.createSubmit')}
        </Button>
      </div>
    </form>
  );
}
