import { type DocumentType, JOBS, type MasterDataJobV1, masterDataKind, type MasterDataKind, type SyncJobV1, type SyncTrigger } from '@portal/contracts';
import { insertMasterDataRunIfIdle, insertOutboxEvent, insertRunIfIdle, type OrgTx } from '@portal/db';
import { masterDataJobFor, syncJobFor } from './sync-jobs';

export interface SyncRunsRequest {
  organizationId: string;
  integrationId: string;
  trigger: SyncTrigger;
  types: readonly DocumentType[];
  /**
   * Master-data kinds to pull beside the documents: `'all'` whenever a
   * pulled integration's documents are planned by a schedule tick, Sync now
   * or its first sync (docs/product/master-data.md); a retry names the one
   * kind it retries. None by default (re-consolidation is about documents).
   */
  masterData?: 'all' | readonly MasterDataKind[];
}

/** Runs recorded in a transaction, waiting for it to commit before their jobs are added. */
export interface PlannedSyncRuns {
  organizationId: string;
  outboxIds: string[];
  jobs: SyncJobV1[];
  /** Types skipped because a run of them is already QUEUED or RUNNING. */
  alreadyRunning: DocumentType[];
  /** Master-data runs recorded (their outbox ids are among `outboxIds`); a kind already under way is skipped. */
  masterDataJobs: MasterDataJobV1[];
}

/**
 * Records one QUEUED run per type and its outbox event inside the caller's
 * transaction, so the runs exist if and only if whatever asked for them
 * commits, and a crash before dispatch is covered by the outbox relay.
 * Types that already have a run under way are skipped: one run per
 * integration and type at a time (`sync_runs_one_active`).
 */
export async function planSyncRuns(tx: OrgTx, request: SyncRunsRequest): Promise<PlannedSyncRuns> {
  const planned: PlannedSyncRuns = { organizationId: request.organizationId, outboxIds: [], jobs: [], alreadyRunning: [], masterDataJobs: [] };
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
  const kinds = request.masterData === 'all' ? masterDataKind.options : (request.masterData ?? []);
  for (const kind of kinds) {
    const syncRunId = await insertMasterDataRunIfIdle(tx, {
      organizationId: request.organizationId,
      integrationId: request.integrationId,
      kind,
      trigger: request.trigger,
    });
    if (!syncRunId) continue;
    const job = masterDataJobFor({ ...request, kind, syncRunId });
    planned.masterDataJobs.push(job);
    planned.outboxIds.push((await insertOutboxEvent(tx, { organizationId: request.organizationId, kind: JOBS.masterData.name, payload: job })).id);
  }
  return planned;
}
