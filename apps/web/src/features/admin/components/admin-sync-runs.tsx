import { useTranslation } from 'react-i18next';
import { Badge, Button, EmptyState, ErrorAlert, Notice } from '../../../components/ui/ui';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useAdminRetrySyncRun, useAdminSyncRuns } from '../api/admin';

const RUN_TONE = { SUCCEEDED: 'ok', PARTIAL: 'warn', FAILED: 'error', RUNNING: 'info', QUEUED: 'muted' } as const;

/** One integration's latest sync runs for the platform admin, with Retry on FAILED runs. */
export function AdminSyncRuns({ integrationId }: { integrationId: string }) {
  const { t, i18n } = useTranslation();
  const runs = useAdminSyncRuns(integrationId);
  const retry = useAdminRetrySyncRun(integrationId);
  if (runs.error) return <ErrorAlert error={runs.error} />;
  if (!runs.data) return <p className="muted">{t('common.loading')}</p>;
  if (runs.data.data.length === 0) return <EmptyState>{t('syncRuns.noRuns')}</EmptyState>;
  return (
    <>
      <ErrorAlert error={retry.error} />
      {retry.isSuccess ? <Notice>{retry.data.queued.length ? t('syncRuns.retryQueued') : t('syncRuns.retryAlreadyRunning')}</Notice> : null}
      <table className="table" data-testid="admin-sync-runs">
        <thead>
          <tr>
            <th>{t('documents.type')}</th>
            <th>{t('integrations.trigger')}</th>
            <th>{t('integrations.state')}</th>
            <th className="num">{t('integrations.read')}</th>
            <th className="num">{t('integrations.upserted')}</th>
            <th className="num">{t('integrations.quarantined')}</th>
            <th>{t('integrations.started')}</th>
            <th>{t('integrations.error')}</th>
            <th>{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {runs.data.data.map((r) => (
            <tr key={r.id} data-run-status={r.status}>
              <td>{r.documentType ? t(`docType.${r.documentType}`) : '—'}</td>
              <td>{t(`syncRuns.trigger.${r.trigger}`)}</td>
              <td>
                <Badge tone={RUN_TONE[r.status]}>{t(`runStatus.${r.status}`)}</Badge>
                {r.attempt > 1 ? <div className="small muted">{t('syncRuns.attempt', { attempt: r.attempt })}</div> : null}
              </td>
              <td className="num">{formatNumber(r.recordsRead, i18n.language)}</td>
              <td className="num">{formatNumber(r.recordsUpserted, i18n.language)}</td>
              <td className="num">{formatNumber(r.recordsQuarantined, i18n.language)}</td>
              <td>{formatDateTime(r.startedAt, i18n.language)}</td>
              <td className="small">{r.error ?? ''}</td>
              <td>
                {r.status === 'FAILED' ? (
                  <Button variant="secondary" busy={retry.isPending && retry.variables === r.id} onClick={() => retry.mutate(r.id)}>
                    {t('syncRuns.retry')}
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
