import { JOBS, syncJobOptions, type SyncJobV1 } from '@portal/contracts';
import type { TenantDb } from '@portal/db';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { runErrorColumns } from './sync-failure';
import { syncRunsRepository as repo } from './sync-runs.repository';

export interface LostRunsResult {
  /** Runs whose job was missing and was added again. */
  requeued: string[];
  /** Runs whose job was missing and that cannot run any more: ended FAILED. */
  ended: string[];
}

// Triggers whose runs pull everything (the API's activation, backfill and re-consolidation).
const FULL_TRIGGERS = new Set(['INITIAL', 'BACKFILL', 'RECONSOLIDATE']);
// Runs are swept in pages; one pass handles at most this many.
const PAGE = 500;

/**
 * Finds QUEUED or RUNNING runs whose BullMQ job no longer exists (Redis
 * restarted without persistence, or its keys were flushed). Left alone they
 * would stay under way forever and, through `sync_runs_one_active`, block
 * every later run of their integration and type. A runnable one gets its
 * job back under the same deterministic id (`sync-run-<id>`), so a job that
 * still exists, or that the API or the outbox relay adds at the same time,
 * is never doubled; one that can no longer run is ended FAILED with why.
 */
export class LostRunsService {
  constructor(
    private readonly db: TenantDb,
    private readonly queue: Queue,
    private readonly logger: Logger,
    private readonly opts: { backoffMs: number },
  ) {}

  async sweep(): Promise<LostRunsResult> {
    const runs = await this.db.runAsSyncScheduler((tx) => repo.unfinishedRuns(tx, PAGE));
    const result: LostRunsResult = { requeued: [], ended: [] };
    for (const run of runs) {
      const jobId = syncJobOptions(run.id).jobId;
      if (await this.queue.getJob(jobId)) continue;
      const notRunnable = !run.documentType
        ? 'the run has no document type'
        : run.integration.kind !== 'DMS'
          ? 'the integration is not a DMS integration'
          : run.integration.state !== 'ACTIVE'
            ? `the integration is ${run.integration.state}`
            : null;
      if (notRunnable || !run.documentType) {
        const reason = `Sync job lost from the queue and not runnable: ${notRunnable ?? 'not runnable'}`;
        const lost = runErrorColumns({ code: 'JOB_LOST', detail: reason });
        const ended = await this.db.runAsOrg(run.organizationId, (tx) => repo.failRunIfUnfinished(tx, run.id, lost));
        if (ended) result.ended.push(run.id);
        continue;
      }
      const data: SyncJobV1 = {
        v: 1,
        organizationId: run.organizationId,
        integrationId: run.integrationId,
        documentType: run.documentType,
        syncRunId: run.id,
        mode: FULL_TRIGGERS.has(run.trigger) ? 'full' : 'incremental',
      };
      await this.queue.add(JOBS.sync.name, data, syncJobOptions(run.id, this.opts.backoffMs));
      result.requeued.push(run.id);
    }
    if (result.requeued.length || result.ended.length) {
      this.logger.warn({ requeued: result.requeued, ended: result.ended }, 'sync runs whose job was lost: re-queued or ended');
    }
    return result;
  }
}
