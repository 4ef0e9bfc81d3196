import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { JOBS, SYNC_ATTEMPTS, type SyncJobV1 } from '@portal/contracts';
import { ConnectorError } from '@portal/connectors';
import type { Logger } from 'pino';
import type { JobMetricOutcome, WorkerMetrics } from '../infra/metrics';
import type { ConsolidationService } from '../sync/consolidation.service';
import type { Slots } from '../infra/slots';
import { credentialsRejected, failureOf, wrapFailure } from '../sync/sync-failure';
import type { SyncSchedules } from '../sync/sync-schedules';
import type { JobHandler, JobOutcome } from './job-handler';

/**
 * Runs one sync run. Thin: take an organisation slot, call the consolidation
 * service, translate failures into retry, wait or stop.
 */
export class SyncHandler implements JobHandler<typeof JOBS.sync.payload> {
  readonly job = JOBS.sync;

  constructor(
    private readonly consolidation: ConsolidationService,
    private readonly slots: Slots,
    private readonly schedules: SyncSchedules,
    private readonly logger: Logger,
    private readonly metrics: WorkerMetrics,
  ) {}

  async handle(payload: SyncJobV1, job: Job, token?: string): Promise<JobOutcome> {
    const holder = String(job.id);
    if (!(await this.slots.acquire(payload.organizationId, holder))) {
      // The organisation already uses its share of workers: come back shortly
      // without spending an attempt, leaving this slot to other organisations.
      await job.moveToDelayed(Date.now() + 1_000 + Math.floor(Math.random() * 1_000), token);
      throw new DelayedError();
    }
    const attempt = job.attemptsMade + 1;
    const started = performance.now();
    let measured: JobMetricOutcome = 'failed';
    try {
      const outcome = await this.consolidation.run(payload, attempt, async (p) => {
        await job.updateProgress(p);
        await this.slots.renew(payload.organizationId, holder);
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
        await this.consolidation.finish(payload, 'FAILED', rejected, parked);
        await this.schedules.pause(payload.integrationId, parked.detail);
        throw new UnrecoverableError(rejected.detail);
      }
      if (err instanceof ConnectorError && err.fault.kind === 'rate-limited') {
        this.logger.info(
          { syncRunId: payload.syncRunId, source: err.source, waitMs: err.fault.retryAfterMs },
          'source asked to slow down; waiting as it asked',
        );
        measured = 'delayed';
        await job.moveToDelayed(Date.now() + err.fault.retryAfterMs, token);
        throw new DelayedError();
      }
      const failure = failureOf(err);
      if (attempt >= (job.opts.attempts ?? SYNC_ATTEMPTS)) {
        const exhausted = wrapFailure('RETRIES_EXHAUSTED', failure, { attempts: attempt }, `Sync failed after ${attempt} attempts: ${failure.detail}`);
        await this.consolidation.finish(payload, 'FAILED', failure, exhausted);
        await this.schedules.pause(payload.integrationId, failure.detail);
      } else {
        await this.consolidation.noteRetry(payload, attempt, failure);
      }
      throw err;
    } finally {
      this.metrics.syncRunAttempt(payload.documentType, measured, (performance.now() - started) / 1000);
      await this.slots.release(payload.organizationId, holder);
    }
  }

  async onGaveUp(payload: SyncJobV1, job: Job, error: Error): Promise<void> {
    // A worker that died held this job's organisation slot; hand it back now rather than when its lease runs out.
    await this.slots.release(payload.organizationId, String(job.id));
    await this.consolidation.failIfUnfinished(payload, { code: 'JOB_STOPPED', detail: `Sync stopped: ${error.message}` });
  }
}
