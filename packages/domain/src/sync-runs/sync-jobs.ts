import { type DocumentType, JOBS, type MasterDataJobV1, type MasterDataKind, syncJobOptions, type SyncJobV1, type SyncTrigger } from '@portal/contracts';
import type { Queue } from 'bullmq';

/**
 * How much a run of each trigger pulls: activation, backfill and
 * re-consolidation read everything again; the others resume from the cursor.
 * A run keeps its trigger, so a job rebuilt from it (lost-run sweep) gets
 * the same mode as the one first queued.
 */
const MODE_BY_TRIGGER: Record<SyncTrigger, SyncJobV1['mode']> = {
  INITIAL: 'full',
  BACKFILL: 'full',
  RECONSOLIDATE: 'full',
  MANUAL: 'incremental',
  SCHEDULE: 'incremental',
  RETRY: 'incremental',
};

export const syncModeOf = (trigger: SyncTrigger): SyncJobV1['mode'] => MODE_BY_TRIGGER[trigger];

/** The `sync.pull` payload of one run. */
export function syncJobFor(run: {
  organizationId: string;
  integrationId: string;
  documentType: DocumentType;
  syncRunId: string;
  trigger: SyncTrigger;
}): SyncJobV1 {
  return {
    v: 1,
    organizationId: run.organizationId,
    integrationId: run.integrationId,
    documentType: run.documentType,
    syncRunId: run.syncRunId,
    mode: syncModeOf(run.trigger),
  };
}

/** The `master-data.pull` payload of one master-data run; modes as for documents. */
export function masterDataJobFor(run: {
  organizationId: string;
  integrationId: string;
  kind: MasterDataKind;
  syncRunId: string;
  trigger: SyncTrigger;
}): MasterDataJobV1 {
  return {
    v: 1,
    organizationId: run.organizationId,
    integrationId: run.integrationId,
    kind: run.kind,
    syncRunId: run.syncRunId,
    mode: syncModeOf(run.trigger),
  };
}

/** Either run's job: a document type's `sync.pull` or a master-data kind's `master-data.pull`. */
export type AnySyncJob = SyncJobV1 | MasterDataJobV1;
const jobNameOf = (data: AnySyncJob) => ('kind' in data ? JOBS.masterData.name : JOBS.sync.name);

/**
 * The one way any process adds sync jobs: job id = run id (so adding one
 * twice keeps one job) and the configured retry backoff, which every
 * producer must pass (SYNC_BACKOFF_MS) rather than fall back to a default.
 */
export async function enqueueSyncJobs(queue: Pick<Queue, 'addBulk'>, jobs: readonly AnySyncJob[], backoffMs: number): Promise<void> {
  if (jobs.length === 0) return;
  await queue.addBulk(jobs.map((data) => ({ name: jobNameOf(data), data, opts: syncJobOptions(data.syncRunId, backoffMs) })));
}
