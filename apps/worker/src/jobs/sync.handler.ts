import type { Job } from 'bullmq';
import { JOBS, type SyncJobV1 } from '@portal/contracts';
import type { JobHandler, JobOutcome } from './job-handler';
import { attemptSyncRun, type SyncAttemptDeps } from './sync-attempt';

/**
 * Runs one document sync run. Thin: the consolidation service does the
 * work, `attemptSyncRun` the slot and the retry, wait or stop.
 */
export class SyncHandler implements JobHandler<typeof JOBS.sync.payload> {
  readonly job = JOBS.sync;

  constructor(private readonly deps: SyncAttemptDeps) {}

  handle(payload: SyncJobV1, job: Job, token?: string): Promise<JobOutcome> {
    return attemptSyncRun(this.deps, { ...payload, stream: payload.documentType }, job, token, (attempt, onProgress) =>
      this.deps.consolidation.run(payload, attempt, onProgress),
    );
  }

  async onGaveUp(payload: SyncJobV1, job: Job, error: Error): Promise<void> {
    // A worker that died held this job's organisation slot; hand it back now rather than when its lease runs out.
    await this.deps.slots.release(payload.organizationId, String(job.id));
    await this.deps.consolidation.failIfUnfinished(payload, { code: 'JOB_STOPPED', detail: `Sync stopped: ${error.message}` });
  }
}
