import type { DocumentType, SyncTrigger } from '../generated/enums';
import type { OrgTx } from '../tenant-db';

/**
 * Inserts a QUEUED run unless one is already queued or running for this
 * integration and type (partial unique index `sync_runs_one_active`).
 * Returns the new run's id, or null when one is already under way. Shared
 * by the API (manual, initial, retry runs) and the worker (scheduled runs),
 * so both honour the one-active-run rule the same way.
 */
export async function insertRunIfIdle(tx: OrgTx, run: { organizationId: string; integrationId: string; documentType: DocumentType; trigger: SyncTrigger }): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    insert into sync_runs (id, organization_id, integration_id, document_type, trigger, status)
    values (gen_random_uuid(), ${run.organizationId}::uuid, ${run.integrationId}::uuid,
            ${run.documentType}::"DocumentType", ${run.trigger}::"SyncTrigger", 'QUEUED')
    on conflict (integration_id, document_type) where status in ('QUEUED', 'RUNNING') do nothing
    returning id`;
  return rows[0]?.id ?? null;
}
