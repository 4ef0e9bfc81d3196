import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { type DocumentType, type MasterDataKind, SYNC_ATTEMPTS } from '@portal/contracts';
import { ConnectorError } from '@portal/connectors';
import type { Logger } from 'pino';
import type { JobMetricOutcome, WorkerMetrics } from '../infra/metrics';
import type { ConsolidationOutcome, ConsolidationService, RunRef, SyncProgress } from '../sync/consolidation.service';
import type { Slots } from '../infra/slots';
import { credentialsRejected, failureOf, wrapFailure } from '../sync/sync-failure';
import type { SyncSchedules } from '../sync/sync-schedules';
import type { JobOutcome } from './job-handler';

export interface SyncAttemptDeps {
  /** Ends runs and notes retries, for every kind of run. */
  consolidation: ConsolidationService;
  slots: Slots;
  schedules: SyncSchedules;
  logger: Logger;
  metrics: WorkerMetrics;
}

/**
 * One attempt of a sync run, document or master data alike: take an
 * organisation slot, run it, and translate failures into retry, wait or
 * stop, so both streams retry, wait and park the integration the same way.
 * `stream` labels the metrics (a document type or a master-data kind).
 */
export async function attemptSyncRun(
  deps: SyncAttemptDeps,
  run: RunRef & { stream: DocumentType | MasterDataKind },
  job: Job,
  token: string | undefined,
  work: (attempt: number, onProgress: (p: SyncProgress) => Promise<void>) => Promise<ConsolidationOutcome>,
): Promise<JobOutcome> {
  const { consolidation, slots, schedules, logger, metrics } = deps;
  const holder = String(job.id);
  if (!(await slots.acquire(run.organizationId, holder))) {
    // The organisation already uses its share of workers: come back shortly
    // without spending an attempt, leaving this slot to other organisations.
    await job.moveToDelayed(Date.now() + 1_000 + Math.floor(Math.random() * 1_000), token);
    throw new DelayedError();
  }
  const attempt = job.attemptsMade + 1;
  const started = performance.now();
  let measured: JobMetricOutcome = 'failed';
  try {
    const outcome = await work(attempt, async (p) => {
      await job.updateProgress(p);
      await slots.renew(run.organizationId, holder);
    });
    measured = outcome.status;
    return outcome.status === 'skipped'
      ? { status: 'skipped', detail: { reason: outcome.reason } }
      : { status: outcome.status, detail: { ...outcome.progress } };
  } catch (err) {
    if (err instanceof ConnectorError && err.fault.kind === 'credentials-rejected') {
      // Revoked or changed credentials will not heal by retrying: stop now
      // and park the integration until working ones are set (a DMS
      // AccessKey by an admin, SAP credentials by the distributor; the API
      // recognises this park by its code CREDENTIALS_REJECTED). The run
      // keeps the source's own detail, the integration the kind's reason.
      const rejected = failureOf(err);
      const parked = credentialsRejected(err.source);
      await consolidation.finish(run, 'FAILED', rejected, parked);
      await schedules.pause(run.integrationId, parked.detail);
      throw new UnrecoverableError(rejected.detail);
    }
    if (err instanceof ConnectorError && err.fault.kind === 'rate-limited') {
      logger.info({ syncRunId: run.syncRunId, source: err.source, waitMs: err.fault.retryAfterMs }, 'source asked to slow down; waiting as it asked');
      measured = 'delayed';
      await job.moveToDelayed(Date.now() + err.fault.retryAfterMs, token);
      throw new DelayedError();
    }
    const failure = failureOf(err);
    if (attempt >= (job.opts.attempts ?? SYNC_ATTEMPTS)) {
      const exhausted = wrapFailure('RETRIES_EXHAUSTED', failure, { attempts: attempt }, `Sync failed after ${attempt} attempts: ${failure.detail}`);
      await consolidation.finish(run, 'FAILED', failure, exhausted);
      await schedules.pause(run.integrationId, failure.detail);
    } else {
      await consolidation.noteRetry(run, attempt, failure);
    }
    throw err;
  } finally {
    metrics.syncRunAttempt(run.stream, measured, (performance.now() - started) / 1000);
    await slots.release(run.organizationId, holder);
  }
}
