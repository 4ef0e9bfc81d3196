import { type WebhookMessageStatus, webhookMessageStatus } from '@portal/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert, PageHeader, Select, Skeleton } from '../../../components/ui/ui';
import { useWebhookEndpoint } from '../api/webhooks';
import { EndpointStatus } from '../components/endpoint-status';
import { MessagesTable } from '../components/messages-table';
import { ReplayForm } from '../components/replay-form';
import '../webhooks.css';

/** One endpoint's delivery history: every message with its attempts, *Retry* per message, *Replay since* a time. */
export function WebhookDeliveriesPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const endpoint = useWebhookEndpoint(id);
  const [status, setStatus] = useState<WebhookMessageStatus | undefined>(undefined);
  if (endpoint.error) return <ErrorAlert error={endpoint.error} onRetry={endpoint.refetch} />;
  if (!endpoint.data) return <Skeleton />;
  const e = endpoint.data;
  return (
    <>
      <div className="breadcrumb">
        <Link to="/webhooks">← {t('webhooks.title')}</Link>
      </div>
      <PageHeader title={t('webhooks.historyTitle')} subtitle={e.description || undefined} actions={<EndpointStatus endpoint={e} />} />
      <p>
        <code className="webhook-url">{e.url}</code>
      </p>
      {!e.enabled ? <p className="muted">{t('webhooks.enableFirst')}</p> : null}
      <section className="section">
        <h2>{t('webhooks.replayTitle')}</h2>
        <p className="muted">{t('webhooks.replayText')}</p>
        <ReplayForm endpointId={e.id} disabled={!e.enabled} />
      </section>
      <section className="section">
        <div className="filters">
          <Select
            label={t('webhooks.statusFilter')}
            value={status ?? ''}
            onChange={(ev) => setStatus(ev.target.value === '' ? undefined : webhookMessageStatus.parse(ev.target.value))}
          >
            <option value="">{t('webhooks.allMessages')}</option>
            {webhookMessageStatus.options.map((s) => (
              <option key={s} value={s}>
                {t(`webhooks.messageStatus.${s}`)}
              </option>
            ))}
          </Select>
        </div>
        <MessagesTable endpointId={e.id} status={status} canResend={e.enabled} />
      </section>
    </>
  );
}
