import type { Job } from 'bullmq';
import { JOBS, type MasterDataJobV1 } from '@portal/contracts';
import type { MasterDataService } from '../sync/master-data.service';
import type { JobHandler, JobOutcome } from './job-handler';
import { attemptSyncRun, type SyncAttemptDeps } from './sync-attempt';

/** Runs one master-data run (customers or products); slots, retries and parking as for document runs. */
export class MasterDataHandler implements JobHandler<typeof JOBS.masterData.payload> {
  readonly job = JOBS.masterData;

  constructor(
    private readonly masterData: MasterDataService,
    private readonly deps: SyncAttemptDeps,
  ) {}

  handle(payload: MasterDataJobV1, job: Job, token?: string): Promise<JobOutcome> {
    return attemptSyncRun(this.deps, { ...payload, stream: payload.kind }, job, token, (attempt, onProgress) =>
      this.masterData.run(payload, attempt, onProgress),
    );
  }

  async onGaveUp(payload: MasterDataJobV1, job: Job, error: Error): Promise<void> {
    await this.deps.slots.release(payload.organizationId, String(job.id));
    await this.deps.consolidation.failIfUnfinished(payload, { code: 'JOB_STOPPED', detail: `Sync stopped: ${error.message}` });
  }
}
