import { pullRefusal, syncJobId } from '@portal/contracts';
import type { TenantDb } from '@portal/db';
import { describePullRefusal, enqueueSyncJobs, masterDataJobFor, syncJobFor } from '@portal/domain';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { WorkerEventOutbox } from '../events/event-outbox';
import { runDocumentsEvents, runOutcomeEvent } from './run-events';
import { runErrorColumns } from './sync-failure';
import { syncRunsRepository as repo } from './sync-runs.repository';

export interface LostRunsResult {
  /** Runs whose job was missing and was added again. */
  requeued: string[];
  /** Runs whose job was missing and that cannot run any more: ended FAILED. */
  ended: string[];
}

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
    private readonly events: WorkerEventOutbox,
    private readonly logger: Logger,
    private readonly opts: { backoffMs: number },
  ) {}

  async sweep(): Promise<LostRunsResult> {
    const runs = await this.db.runAsSyncScheduler((tx) => repo.unfinishedRuns(tx, PAGE));
    const result: LostRunsResult = { requeued: [], ended: [] };
    for (const run of runs) {
      if (await this.queue.getJob(syncJobId(run.id))) continue;
      const refusal = pullRefusal(run.integration);
      const notRunnable = !run.documentType && !run.masterDataKind ? 'the run has no document type' : refusal ? describePullRefusal(refusal) : null;
      if (notRunnable || (!run.documentType && !run.masterDataKind)) {
        const reason = `Sync job lost from the queue and not runnable: ${notRunnable ?? 'not runnable'}`;
        const lost = runErrorColumns({ code: 'JOB_LOST', detail: reason });
        const queued = await this.db.runAsOrg(run.organizationId, async (tx) => {
          if (!(await repo.failRunIfUnfinished(tx, run.id, lost))) return null;
          // Ended for good: announced like any run that failed after its last attempt.
          const [ended, integration] = [await repo.findRun(tx, run.id), await repo.findIntegration(tx, run.integrationId)];
          if (!ended || !integration) return [];
          const at = new Date();
          return this.events.queueAll(tx, run.organizationId, [
            runOutcomeEvent(ended, integration, { final: true }, at),
            ...(await runDocumentsEvents(tx, ended, at)),
          ]);
        });
        if (queued) {
          result.ended.push(run.id);
          await this.events.dispatch(run.organizationId, queued);
        }
        continue;
      }
      const ids = { organizationId: run.organizationId, integrationId: run.integrationId, syncRunId: run.id, trigger: run.trigger };
      const job = run.documentType ? syncJobFor({ ...ids, documentType: run.documentType }) : masterDataJobFor({ ...ids, kind: run.masterDataKind! });
      await enqueueSyncJobs(this.queue, [job], this.opts.backoffMs);
      result.requeued.push(run.id);
    }
    if (result.requeued.length || result.ended.length) {
      this.logger.warn({ requeued: result.requeued, ended: result.ended }, 'sync runs whose job was lost: re-queued or ended');
    }
    return result;
  }
}
