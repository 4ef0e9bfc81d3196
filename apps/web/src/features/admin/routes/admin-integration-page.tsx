import { isPulledKind } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { DocumentCountsByType, LastSyncStat } from '../../../components/integration-cells';
import { Link, useParams } from 'react-router';
import { IntegrationStateBadge } from '../../../components/status-badges';
import { SyncErrorText } from '../../../components/sync-error';
import { ErrorAlert, PageHeader, Skeleton } from '../../../components/ui/ui';
import { useAdminIntegration } from '../api/admin';
import { AdminSyncRuns } from '../components/admin-sync-runs';

/** One integration of any distributor, read-only for the platform admin: state and reason, what it holds, its runs and their errors. */
export function AdminIntegrationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const q = useAdminIntegration(id);
  const i = q.data;
  return (
    <>
      <p className="small breadcrumb">
        <Link to="/admin/integrations">← {t('admin.integrationsTitle')}</Link>
      </p>
      <PageHeader
        title={i?.name ?? t('common.loading')}
        subtitle={
          i
            ? `${i.organization.name} · ${t(`integrationKind.${i.kind}`)}${i.accessKey ? ` · ${t('integrations.accessKey')} ${i.accessKey.masked}` : ''}`
            : undefined
        }
      />
      <ErrorAlert error={q.error} onRetry={q.refetch} />
      {!i && !q.error ? <Skeleton /> : null}
      {i ? (
        <>
          <div className="state-line">
            <IntegrationStateBadge state={i.state} />
            <SyncErrorText className="field-error" code={i.stateReasonCode} params={i.stateReasonParams} text={i.stateReason} />
          </div>
          <div className="stats">
            <LastSyncStat at={i.lastSyncAt} status={i.lastSyncStatus} />
            <div className="stat">
              <span className="muted small">{t('integrations.documentsPerType')}</span>
              <DocumentCountsByType counts={i.documentCounts} />
            </div>
          </div>
          {isPulledKind(i.kind) ? (
            <section className="section">
              <h2>{t('integrations.runs')}</h2>
              <AdminSyncRuns integration={i} />
            </section>
          ) : (
            <p className="muted">{t('admin.externalNoRuns')}</p>
          )}
        </>
      ) : null}
    </>
  );
}
