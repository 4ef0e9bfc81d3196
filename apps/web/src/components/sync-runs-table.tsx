import type { SyncRun } from '@portal/contracts';
import { Fragment, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../lib/format';
import { SyncRunBadge } from './status-badges';
import { SyncErrorText } from './sync-error';
import { Button, ErrorAlert, Notice } from './ui/ui';

const COLUMNS = 10;

/** What a retry answered: a new run queued, or one of that type already running. */
export interface RetryOutcome {
  queued: unknown[];
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
  retryOutcome: RetryOutcome | undefined;
  expansion?: RunExpansion;
}

/**
 * Sync runs as the distributor and the platform admin both see them: type,
 * trigger, status (with the attempt of a retried run), counts, start and
 * error, and Retry on a FAILED run. It fetches nothing; each feature passes
 * its own runs and retry mutation.
 */
export function SyncRunsTable({ runs, testId, onRetry, retryingId, retryError, retryOutcome, expansion }: SyncRunsTableProps) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const num = (n: number) => formatNumber(n, i18n.language);
  return (
    <>
      <ErrorAlert error={retryError} />
      {retryOutcome ? <Notice>{retryOutcome.queued.length ? t('syncRuns.retryQueued') : t('syncRuns.retryAlreadyRunning')}</Notice> : null}
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
              <th>{t('integrations.error')}</th>
              <th>{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => {
              const expandable = expansion?.has(r) ?? false;
              return (
                <Fragment key={r.id}>
                  <tr data-run-status={r.status}>
                    <td>{r.documentType ? t(`docType.${r.documentType}`) : '—'}</td>
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
                    <td className="small">
                      <SyncErrorText code={r.errorCode} params={r.errorParams} text={r.error} />
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
