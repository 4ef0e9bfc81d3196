import { useTranslation } from 'react-i18next';
import { ErrorAlert, Skeleton } from '../../../components/ui/ui';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useWebhookMessage } from '../api/webhooks';

/** The body pretty-printed when it is JSON (it always is when the portal sent it); the exact bytes otherwise. */
function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** One message unfolded: every attempt (time, HTTP status, duration, the first 1 kB of the answer, why it failed) and the body sent. */
export function MessageDetail({ endpointId, messageId }: { endpointId: string; messageId: string }) {
  const { t, i18n } = useTranslation();
  const detail = useWebhookMessage(endpointId, messageId);
  if (detail.error) return <ErrorAlert error={detail.error} onRetry={detail.refetch} />;
  if (!detail.data) return <Skeleton lines={2} />;
  const { attemptList, payload } = detail.data;
  return (
    <div className="webhook-message-detail" data-testid="webhook-message-detail">
      <h3>{t('webhooks.attempts')}</h3>
      {attemptList.length === 0 ? (
        <p className="muted">{t('webhooks.noAttempts')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('webhooks.attemptedAt')}</th>
              <th>{t('webhooks.httpStatus')}</th>
              <th className="num">{t('webhooks.duration')}</th>
              <th>{t('webhooks.answer')}</th>
              <th>{t('webhooks.error')}</th>
            </tr>
          </thead>
          <tbody>
            {attemptList.map((a) => (
              <tr key={a.id} data-testid="webhook-attempt" data-succeeded={a.succeeded}>
                <td>{a.attempt}</td>
                <td className="nowrap">{formatDateTime(a.attemptedAt, i18n.language)}</td>
                <td data-testid="webhook-attempt-status">{a.statusCode ?? '—'}</td>
                <td className="num">{t('webhooks.ms', { value: formatNumber(a.durationMs, i18n.language) })}</td>
                <td>{a.responseBody ? <pre className="webhook-pre">{a.responseBody}</pre> : <span className="muted">—</span>}</td>
                <td>{a.error ? t(`webhooks.attemptError.${a.error}`, { defaultValue: a.error }) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('webhooks.bodySent')}</h3>
      <pre className="webhook-pre" data-testid="webhook-body">
        {pretty(payload)}
      </pre>
    </div>
  );
}
