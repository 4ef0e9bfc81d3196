import type { SyncRun } from '@portal/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, EmptyState, ErrorAlert, Notice } from '../../../components/ui/ui';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { integrationQueryOptions, useSyncRuns } from '../api/integrations';
import { useQuarantine, useRetrySyncRun } from '../api/sync-runs';
import { RunBadge } from './state-badge';

const COLUMNS = 10;

/**
 * The integration's sync runs. While any run is QUEUED or RUNNING the list is
 * polled (syncRunsQueryOptions), so pages and record counts move as the
 * worker commits them. A FAILED run can be retried; a run with quarantined
 * records lists them with the reason each failed its template.
 */
export function SyncRunsTable({ integrationId }: { integrationId: string }) {
  const { t, i18n } = useTranslation();
  const runs = useSyncRuns(integrationId);
  const retry = useRetrySyncRun(integrationId);
  const [open, setOpen] = useState<string | null>(null);
  const list = runs.data?.data ?? [];
  const active = list.filter((r) => r.status === 'QUEUED' || r.status === 'RUNNING');
  const qc = useQueryClient();
  // A run that ends changes the integration too (last sync, document counts, ERROR after a 401).
  useEffect(() => {
    void qc.invalidateQueries({ queryKey: integrationQueryOptions(integrationId).queryKey, exact: true });
  }, [qc, integrationId, active.length]);

  return (
    <>
      <ErrorAlert error={runs.error ?? retry.error} />
      {retry.isSuccess ? <Notice>{retry.data.queued.length ? t('syncRuns.retryQueued') : t('syncRuns.retryAlreadyRunning')}</Notice> : null}
      {active.length ? (
        // aria-live without role="status": the page's own notices keep that role to themselves.
        <p className="muted" aria-live="polite" data-testid="sync-progress">
          {t('syncRuns.inProgress', {
            count: active.length,
            pages: formatNumber(active.reduce((s, r) => s + r.pages, 0), i18n.language),
            read: formatNumber(active.reduce((s, r) => s + r.recordsRead, 0), i18n.language),
          })}
        </p>
      ) : null}
      {runs.data && list.length === 0 ? <EmptyState>{t('integrations.noRuns')}</EmptyState> : null}
      {list.length > 0 ? (
        <table className="table" data-testid="sync-runs">
          <thead>
            <tr>
              <th>{t('documents.type')}</th>
              <th>{t('integrations.trigger')}</th>
              <th>{t('integrations.state')}</th>
              <th className="num">{t('integrations.pages')}</th>
              <th className="num">{t('integrations.read')}</th>
              <th className="num">{t('integrations.upserted')}</th>
              <th className="num">{t('integrations.quarantined')}</th>
              <th>{t('integrations.started')}</th>
              <th>{t('integrations.error')}</th>
              <th>{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <Fragment key={r.id}>
                <tr data-run-status={r.status}>
                  <td>{r.documentType ? t(`docType.${r.documentType}`) : '—'}</td>
                  <td>{t(`syncRuns.trigger.${r.trigger}`)}</td>
                  <td>
                    <RunBadge status={r.status} />
                    {r.attempt > 1 ? <div className="small muted">{t('syncRuns.attempt', { attempt: r.attempt })}</div> : null}
                  </td>
                  <td className="num">{formatNumber(r.pages, i18n.language)}</td>
                  <td className="num">{formatNumber(r.recordsRead, i18n.language)}</td>
                  <td className="num">{formatNumber(r.recordsUpserted, i18n.language)}</td>
                  <td className="num">{formatNumber(r.recordsQuarantined, i18n.language)}</td>
                  <td>{formatDateTime(r.startedAt, i18n.language)}</td>
                  <td className="small">{r.error ?? ''}</td>
                  <td>
                    <RunActions
                      run={r}
                      open={open === r.id}
                      onToggle={() => setOpen(open === r.id ? null : r.id)}
                      retrying={retry.isPending && retry.variables === r.id}
                      onRetry={() => retry.mutate(r.id)}
                    />
                  </td>
                </tr>
                {open === r.id ? (
                  <tr>
                    <td colSpan={COLUMNS}>
                      <QuarantineList integrationId={integrationId} runId={r.id} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

function RunActions(p: { run: SyncRun; open: boolean; onToggle: () => void; retrying: boolean; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      {p.run.status === 'FAILED' ? (
        <Button variant="secondary" busy={p.retrying} onClick={p.onRetry}>
          {t('syncRuns.retry')}
        </Button>
      ) : null}
      {p.run.recordsQuarantined > 0 ? (
        <Button variant="ghost" aria-expanded={p.open} onClick={p.onToggle}>
          {p.open ? t('syncRuns.hideQuarantine') : t('syncRuns.showQuarantine')}
        </Button>
      ) : null}
    </>
  );
}

function QuarantineList({ integrationId, runId }: { integrationId: string; runId: string }) {
  const { t, i18n } = useTranslation();
  const q = useQuarantine(integrationId, runId);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <p className="muted">{t('common.loading')}</p>;
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
              <td>{rec.reason}</td>
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
        <p className="small muted">{t('syncRuns.quarantineMore', { shown: formatNumber(q.data.data.length, i18n.language), total: formatNumber(q.data.total ?? 0, i18n.language) })}</p>
      ) : null}
    </div>
  );
}
