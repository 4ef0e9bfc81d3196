import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../../components/date-field';
import { Button, Field } from '../../../components/ui/ui';
import { useReplayWebhookEndpoint } from '../api/webhooks';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * *Replay since*: every message of the endpoint created at or after a date
 * and time (the user's own time zone), sent again with the same `webhook-id`.
 */
export function ReplayForm({ endpointId, disabled }: { endpointId: string; disabled: boolean }) {
  const { t } = useTranslation();
  const replay = useReplayWebhookEndpoint(endpointId);
  const [time, setTime] = useState('00:00');
  const [invalid, setInvalid] = useState(false);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const date = new FormData(e.currentTarget).get('sinceDate');
    if (typeof date !== 'string' || date === '' || !TIME.test(time)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    replay.mutate(new Date(`${date}T${time}:00`).toISOString());
  };
  return (
    <form className="filters webhook-replay" onSubmit={submit} aria-label={t('webhooks.replayTitle')}>
      <DateField label={t('webhooks.replayDate')} name="sinceDate" />
      <Field
        label={t('webhooks.replayTime')}
        value={time}
        onChange={(e) => setTime(e.target.value)}
        inputMode="numeric"
        placeholder="HH:mm"
        maxLength={5}
        error={invalid ? t('webhooks.replayInvalid') : undefined}
      />
      <div className="filter-actions">
        <Button type="submit" variant="secondary" busy={replay.isPending} disabled={disabled} title={disabled ? t('webhooks.enableFirst') : undefined}>
          {t('webhooks.replay')}
        </Button>
      </div>
    </form>
  );
}
