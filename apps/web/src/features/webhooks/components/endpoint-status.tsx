import type { WebhookEndpoint } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/ui';
import { formatDateTime } from '../../../lib/format';

/** Enabled, or disabled with why (by a person, 410 Gone, failing for 5 days, the receiver asked); and since when it has been failing. */
export function EndpointStatus({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { t, i18n } = useTranslation();
  return (
    <span data-testid="webhook-status">
      {endpoint.enabled ? (
        <Badge tone="ok">{t('webhooks.enabled')}</Badge>
      ) : (
        <>
          <Badge tone={endpoint.disabledReason === 'MANUAL' ? 'muted' : 'error'}>{t('webhooks.disabled')}</Badge>
          {endpoint.disabledReason ? <div className="small muted">{t(`webhooks.disabledReason.${endpoint.disabledReason}`)}</div> : null}
        </>
      )}
      {endpoint.failingSince ? (
        <div className="small">
          <Badge tone="warn">{t('webhooks.failingSince', { since: formatDateTime(endpoint.failingSince, i18n.language) })}</Badge>
        </div>
      ) : null}
    </span>
  );
}
