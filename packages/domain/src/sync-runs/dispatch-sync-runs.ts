import { markOutboxDispatched, type TenantDb } from '@portal/db';
import type { Queue } from 'bullmq';
import type { PlannedSyncRuns } from './plan-sync-runs';
import { enqueueSyncJobs } from './sync-jobs';

export type DispatchOutcome = { dispatched: true } | { dispatched: false; error: unknown };

/**
 * After the planning transaction committed: adds the jobs and marks their
 * outbox events dispatched. When Redis (or the database) fails here the
 * events stay undispatched and the worker's outbox relay adds them later
 * under the same job ids, so the failure is reported, not thrown: what the
 * caller asked for is already committed and will run.
 */
export async function dispatchSyncRuns(
  deps: { db: Pick<TenantDb, 'runAsOrg'>; queue: Pick<Queue, 'addBulk'>; backoffMs: number },
  planned: PlannedSyncRuns,
): Promise<DispatchOutcome> {
  const jobs = [...planned.jobs, ...planned.masterDataJobs];
  if (jobs.length === 0) return { dispatched: true };
  try {
    await enqueueSyncJobs(deps.queue, jobs, deps.backoffMs);
    await deps.db.runAsOrg(planned.organizationId, (tx) => markOutboxDispatched(tx, planned.outboxIds));
    return { dispatched: true };
  } catch (error) {
    return { dispatched: false, error };
  }
}
