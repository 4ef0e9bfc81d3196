import { ACTIVE_SYNC_RUN_STATUSES } from '@portal/contracts';
import { Prisma } from '../generated/client';
import type { DocumentType, MasterDataKind, SyncTrigger } from '../generated/enums';
import type { OrgTx } from '../tenant-db';

// The conflict target must name the partial index's predicate as SQL text
// (a bound parameter cannot prove it), so the constant list is inlined.
const ACTIVE_STATUSES_SQL = Prisma.raw(ACTIVE_SYNC_RUN_STATUSES.map((s) => `'${s}'`).join(', '));

/**
 * Inserts a QUEUED run unless one is already queued or running for this
 * integration and type (partial unique index `sync_runs_one_active`).
 * Returns the new run's id, or null when one is already under way. Called
 * by `@portal/domain`'s planSyncRuns, which the API and the worker share.
 */
export async function insertRunIfIdle(
  tx: OrgTx,
  run: { organizationId: string; integrationId: string; documentType: DocumentType; trigger: SyncTrigger },
): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    insert into sync_runs (id, organization_id, integration_id, document_type, trigger, status)
    values (gen_random_uuid(), ${run.organizationId}::uuid, ${run.integrationId}::uuid,
            ${run.documentType}::"DocumentType", ${run.trigger}::"SyncTrigger", 'QUEUED')
    on conflict (integration_id, document_type) where status in (${ACTIVE_STATUSES_SQL}) do nothing
    returning id`;
  return rows[0]?.id ?? null;
}

/**
 * The same for a master-data run (customers or products): QUEUED unless one
 * of that kind is already under way for the integration (partial unique
 * index `sync_runs_one_active_master_data`).
 */
export async function insertMasterDataRunIfIdle(
  tx: OrgTx,
  run: { organizationId: string; integrationId: string; kind: MasterDataKind; trigger: SyncTrigger },
): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    insert into sync_runs (id, organization_id, integration_id, master_data_kind, trigger, status)
    values (gen_random_uuid(), ${run.organizationId}::uuid, ${run.integrationId}::uuid,
            ${run.kind}::"MasterDataKind", ${run.trigger}::"SyncTrigger", 'QUEUED')
    on conflict (integration_id, master_data_kind) where master_data_kind is not null and status in (${ACTIVE_STATUSES_SQL}) do nothing
    returning id`;
  return rows[0]?.id ?? null;
}
