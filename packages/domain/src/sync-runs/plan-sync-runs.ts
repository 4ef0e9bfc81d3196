import { type DocumentType, JOBS, type SyncJobV1, type SyncTrigger } from '@portal/contracts';
import { insertOutboxEvent, insertRunIfIdle, type OrgTx } from '@portal/db';
import { syncJobFor } from './sync-jobs';

export interface SyncRunsRequest {
  organizationId: string;
  integrationId: string;
  trigger: SyncTrigger;
  types: readonly DocumentType[];
}

/** Runs recorded in a transaction, waiting for it to commit before their jobs are added. */
export interface PlannedSyncRuns {
  organizationId: string;
  outboxIds: string[];
  jobs: SyncJobV1[];
  /** Types skipped because a run of them is already QUEUED or RUNNING. */
  alreadyRunning: DocumentType[];
}

/**
 * Records one QUEUED run per type and its outbox event inside the caller's
 * transaction, so the runs exist if and only if whatever asked for them
 * commits, and a crash before dispatch is covered by the outbox relay.
 * Types that already have a run under way are skipped: one run per
 * integration and type at a time (`sync_runs_one_active`).
 */
export async function planSyncRuns(tx: OrgTx, request: SyncRunsRequest): Promise<PlannedSyncRuns> {
  const planned: PlannedSyncRuns = { organizationId: request.organizationId, outboxIds: [], jobs: [], alreadyRunning: [] };
  for (const documentType of request.types) {
    const syncRunId = await insertRunIfIdle(tx, {
      organizationId: request.organizationId,
      integrationId: request.integrationId,
      documentType,
      trigger: request.trigger,
    });
    if (!syncRunId) {
      planned.alreadyRunning.push(documentType);
      continue;
    }
    const job = syncJobFor({ ...request, documentType, syncRunId });
    planned.jobs.push(job);
    planned.outboxIds.push((await insertOutboxEvent(tx, { organizationId: request.organizationId, kind: JOBS.sync.name, payload: job })).id);
  }
  return planned;
}
