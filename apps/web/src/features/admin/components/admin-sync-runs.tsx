import type { AdminIntegration } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { SyncRunsTable, useRetryToasts } from '../../../components/sync-runs-table';
import { ListState } from '../../../components/ui/list-state';
import { useAdminRetrySyncRun, useAdminSyncRuns } from '../api/admin';

/** One integration's latest sync runs for the platform admin, live while any is under way, with Retry on FAILED runs. */
export function AdminSyncRuns({ integration }: { integration: AdminIntegration }) {
  const { t } = useTranslation();
  const runs = useAdminSyncRuns(integration);
  const retry = useAdminRetrySyncRun(integration.id);
  const retryToasts = useRetryToasts();
  return (
    <ListState query={runs} empty={t('syncRuns.noRuns')}>
      {(rows) => (
        <SyncRunsTable
          runs={rows}
          testId="admin-sync-runs"
          onRetry={(id) => retry.mutate(id, retryToasts)}
          retryingId={retry.isPending ? retry.variables : null}
          retryError={retry.error}
        />
      )}
    </ListState>
  );
}
