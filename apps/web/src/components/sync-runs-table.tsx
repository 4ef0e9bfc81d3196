import type { SyncRun } from '@portal/contracts';
import { Fragment, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../lib/format';
import { SyncRunBadge } from './status-badges';
import { SyncErrorText } from './sync-error';
import { toast } from 'sonner';
import { Button, ErrorAlert, useErrorMessage } from './ui/ui';

const COLUMNS = 11;

/** What a retry answered: a new run queued (documents or master data), or one of that type already running. */
export interface RetryOutcome {
  queued: unknown[];
  queuedMasterData: unknown[];
}

/** The toasts a retry ends with, the same for the distributor and the admin: pass to the retry mutation's `mutate`. */
export function useRetryToasts() {
  const { t } = useTranslation();
  const message = useErrorMessage();
  return {
    onSuccess: (outcome: RetryOutcome) => {
      if (outcome.queued.length || outcome.queuedMasterData.length) toast.success(t('syncRuns.retryQueued'));
      else toast.info(t('syncRuns.retryAlreadyRunning'));
    },
    onError: (err: unknown) => toast.error(message(err)),
  };
}

/** What a run pulled: its document type, or Customers / Products for a master-data run. */
export function runStreamLabel(t: (key: string) => string, run: Pick<SyncRun, 'documentType' | 'masterDataKind'>): string {
  if (run.masterDataKind) return t(`syncRuns.masterData.${run.masterDataKind}`);
  return run.documentType ? t(`docType.${run.documentType}`) : '—';
}

/** How long a finished run took, e.g. "1 mnt 5 dtk"; a dash while it is still under way. */
export function runDuration(t: (key: string, values?: Record<string, number>) => string, run: Pick<SyncRun, 'startedAt' | 'finishedAt'>): string {
  if (!run.startedAt || !run.finishedAt) return '—';
  const total = Math.max(0, Math.round((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  if (h > 0) return t('syncRuns.durationHours', { h, m });
  if (m > 0) return t('syncRuns.durationMinutes', { m, s: sec });
  return t('syncRuns.durationSeconds', { s: sec });
}

/** Content a run can unfold under its row (the distributor's quarantined records). */
export interface RunExpansion {
  /** Whether this run has anything to unfold. */
  has: (run: SyncRun) => boolean;
  render: (run: SyncRun) => ReactNode;
  showLabel: string;
  hideLabel: string;
}

export interface SyncRunsTableProps {
  runs: SyncRun[];
  testId: string;
  onRetry: (runId: string) => void;
  /** The run whose retry is under way, if any. */
  retryingId: string | null;
  retryError: unknown;
  expansion?: RunExpansion;
  /** Opens the re-authenticate dialog where a run's SAP credentials were refused (the distributor's page only). */
  onReauthenticate?: () => void;
}

/**
 * Sync runs as the distributor and the platform admin both see them: type,
 * trigger, status (with the attempt of a retried run), counts, start,
 * duration and error, and Retry on a FAILED run. It fetches nothing; each
 * feature passes its own runs and retry mutation (with `useRetryToasts`).
 */
export function SyncRunsTable({ runs, testId, onRetry, retryingId, retryError, expansion, onReauthenticate }: SyncRunsTableProps) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const num = (n: number) => formatNumber(n, i18n.language);
  return (
    <>
      <ErrorAlert error={retryError} />
      <div className="table-scroll">
        <table className="table compact" data-testid={testId}>
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
              <th>{t('syncRuns.duration')}</th>
              <th>{t('integrations.error')}</th>
              <th>{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => {
              const expandable = expansion?.has(r) ?? false;
              return (
                <Fragment key={r.id}>
                  <tr data-run-status={r.status} data-run-stream={r.masterDataKind ?? r.documentType ?? undefined}>
                    <td>{runStreamLabel(t, r)}</td>
                    <td>{t(`syncRuns.trigger.${r.trigger}`)}</td>
                    <td>
                      <SyncRunBadge status={r.status} />
                      {r.attempt > 1 ? <div className="small muted">{t('syncRuns.attempt', { attempt: r.attempt })}</div> : null}
                    </td>
                    <td className="num">{num(r.pages)}</td>
                    <td className="num">{num(r.recordsRead)}</td>
                    <td className="num">{num(r.recordsUpserted)}</td>
                    <td className="num">{num(r.recordsQuarantined)}</td>
                    <td className="nowrap">{formatDateTime(r.startedAt, i18n.language)}</td>
                    <td className="nowrap">{runDuration(t, r)}</td>
                    <td className="small">
                      <SyncErrorText code={r.errorCode} params={r.errorParams} text={r.error} onReauthenticate={onReauthenticate} />
                    </td>
                    <td>
                      {r.status === 'FAILED' ? (
                        <Button variant="secondary" busy={retryingId === r.id} onClick={() => onRetry(r.id)}>
                          {t('syncRuns.retry')}
                        </Button>
                      ) : null}
                      {expansion && expandable ? (
                        <Button variant="ghost" aria-expanded={open === r.id} onClick={() => setOpen(open === r.id ? null : r.id)}>
                          {open === r.id ? expansion.hideLabel : expansion.showLabel}
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                  {expansion && expandable && open === r.id ? (
                    <tr>
                      <td colSpan={COLUMNS}>{expansion.render(r)}</td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
