import { useTranslation } from 'react-i18next';
import { SyncRunsTable } from '../../../components/sync-runs-table';
import { ListState } from '../../../components/ui/list-state';
import { useAdminRetrySyncRun, useAdminSyncRuns } from '../api/admin';

/** One integration's latest sync runs for the platform admin, with Retry on FAILED runs. */
export function AdminSyncRuns({ integrationId }: { integrationId: string }) {
  const { t } = useTranslation();
  const runs = useAdminSyncRuns(integrationId);
  const retry = useAdminRetrySyncRun(integrationId);
  return (
    <ListState query={runs} empty={t('syncRuns.noRuns')}>
      {(rows) => (
        <SyncRunsTable
          runs={rows}
          testId="admin-sync-runs"
          onRetry={(id) => retry.mutate(id)}
          retryingId={retry.isPending ? retry.variables : null}
          retryError={retry.error}
          retryOutcome={retry.data}
        />
      )}
    </ListState>
  );
}
