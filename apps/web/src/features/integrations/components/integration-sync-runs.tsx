import { type Integration, isActiveSyncRun } from '@portal/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { SyncRunsTable } from '../../../components/sync-runs-table';
import { RecordFailureText } from '../../../components/record-failure';
import { ListState } from '../../../components/ui/list-state';
import { ErrorAlert, Skeleton } from '../../../components/ui/ui';
import { formatNumber } from '../../../lib/format';
import { integrationQueryOptions, useSyncRuns } from '../api/integrations';
import { useQuarantine, useRetrySyncRun } from '../api/sync-runs';
import { useRetryToasts } from '../../../components/sync-runs-table';

/**
 * The integration's sync runs. While any run is QUEUED or RUNNING, or the
 * integration waits for its key or first sync, the list is polled
 * (`useSyncRuns`), so runs appear and their pages and record counts move as
 * the worker commits them. A FAILED run can be retried; a run with
 * quarantined records lists them with the reason each failed its template.
 * SAP credentials a run found refused lead to the re-authenticate dialog.
 */
export function IntegrationSyncRuns({ integration, onReauthenticate }: { integration: Integration; onReauthenticate?: () => void }) {
  const { t, i18n } = useTranslation();
  const integrationId = integration.id;
  const runs = useSyncRuns(integrationId, integration);
  const retry = useRetrySyncRun(integrationId);
  const retryToasts = useRetryToasts();
  const list = runs.data?.data ?? [];
  const active = list.filter((r) => isActiveSyncRun(r.status));
  const qc = useQueryClient();
  // A run that ends changes the integration too (last sync, document counts, ERROR after a 401).
  useEffect(() => {
    void qc.invalidateQueries({ queryKey: integrationQueryOptions(integrationId).queryKey, exact: true });
  }, [qc, integrationId, active.length]);

  return (
    <>
      {active.length ? (
        // aria-live without role="status": the page's own notices keep that role to themselves.
        <p className="muted" aria-live="polite" data-testid="sync-progress">
          {t('syncRuns.inProgress', {
            count: active.length,
            pages: formatNumber(
              active.reduce((s, r) => s + r.pages, 0),
              i18n.language,
            ),
            read: formatNumber(
              active.reduce((s, r) => s + r.recordsRead, 0),
              i18n.language,
            ),
          })}
        </p>
      ) : null}
      <ListState query={runs} empty={t(integration.kind === 'SAP' ? 'sap.noRuns' : 'integrations.noRuns')}>
        {(rows) => (
          <SyncRunsTable
            runs={rows}
            testId="sync-runs"
            onRetry={(id) => retry.mutate(id, retryToasts)}
            retryingId={retry.isPending ? retry.variables : null}
            retryError={retry.error}
            onReauthenticate={onReauthenticate}
            expansion={{
              has: (r) => r.recordsQuarantined > 0,
              render: (r) => <QuarantineList integrationId={integrationId} runId={r.id} />,
              showLabel: t('syncRuns.showQuarantine'),
              hideLabel: t('syncRuns.hideQuarantine'),
            }}
          />
        )}
      </ListState>
    </>
  );
}

function QuarantineList({ integrationId, runId }: { integrationId: string; runId: string }) {
  const { t, i18n } = useTranslation();
  const q = useQuarantine(integrationId, runId);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Skeleton lines={2} />;
  return (
    <div data-testid="quarantine">
      <h3>{t('syncRuns.quarantineTitle', { count: q.data.total ?? q.data.data.length })}</h3>
      <table className="table">
        <thead>
          <tr>
            <th>{t('syncRuns.sourceId')}</th>
            <th>{t('syncRuns.reason')}</th>
            <th>{t('syncRuns.payload')}</th>
          </tr>
        </thead>
        <tbody>
          {q.data.data.map((rec) => (
            <tr key={rec.id}>
              <td>
                <code>{rec.sourceId ?? '—'}</code>
              </td>
              <td>
                <RecordFailureText code={rec.reasonCode} params={rec.reasonParams} reason={rec.reason} />
              </td>
              <td>
                <details>
                  <summary>{t('syncRuns.showPayload')}</summary>
                  <pre className="small">{JSON.stringify(rec.payload, null, 2)}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {(q.data.total ?? 0) > q.data.data.length ? (
        <p className="small muted">
          {t('syncRuns.quarantineMore', { shown: formatNumber(q.data.data.length, i18n.language), total: formatNumber(q.data.total ?? 0, i18n.language) })}
        </p>
      ) : null}
    </div>
  );
}
