import { Injectable } from '@nestjs/common';
import type { OrgTx } from '@portal/db';
import type { DocumentType } from '@portal/contracts';

type Trigger = 'INITIAL' | 'SCHEDULE' | 'MANUAL' | 'BACKFILL' | 'RETRY' | 'RECONSOLIDATE';

/** Prisma access for sync runs, cursors and the outbox. No rules here. */
@Injectable()
export class SyncRepository {
  /**
   * Inserts a QUEUED run unless one is already queued or running for this
   * integration and type (partial unique index `sync_runs_one_active`).
   * Returns the new run's id, or null when one is already under way.
   */
  async insertRunIfIdle(tx: OrgTx, run: { organizationId: string; integrationId: string; documentType: DocumentType; trigger: Trigger }) {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      insert into sync_runs (id, organization_id, integration_id, document_type, trigger, status)
      values (gen_random_uuid(), ${run.organizationId}::uuid, ${run.integrationId}::uuid,
              ${run.documentType}::"DocumentType", ${run.trigger}::"SyncTrigger", 'QUEUED')
      on conflict (integration_id, document_type) where status in ('QUEUED', 'RUNNING') do nothing
      returning id`;
    return rows[0]?.id ?? null;
  }

  activeRun(tx: OrgTx, integrationId: string, documentType: DocumentType) {
    return tx.syncRun.findFirst({
      where: { integrationId, documentType, status: { in: ['QUEUED', 'RUNNING'] } },
      select: { id: true, status: true },
    });
  }

  insertOutbox(tx: OrgTx, organizationId: string, kind: string, payload: object) {
    return tx.outboxEvent.create({ data: { organizationId, kind, payload }, select: { id: true } });
  }

  markDispatched(tx: OrgTx, ids: string[]) {
    return tx.outboxEvent.updateMany({ where: { id: { in: ids }, dispatchedAt: null }, data: { dispatchedAt: new Date() } });
  }

  listRuns(tx: OrgTx, integrationId: string, take: number, before?: { queuedAt: Date; id: string }) {
    return tx.syncRun.findMany({
      where: {
        integrationId,
        ...(before ? { OR: [{ queuedAt: { lt: before.queuedAt } }, { queuedAt: before.queuedAt, id: { lt: before.id } }] } : {}),
      },
      orderBy: [{ queuedAt: 'desc' }, { id: 'desc' }],
      take,
    });
  }

  findRun(tx: OrgTx, id: string) {
    return tx.syncRun.findUnique({ where: { id } });
  }

  listQuarantine(tx: OrgTx, syncRunId: string, take: number) {
    return tx.quarantinedRecord.findMany({ where: { syncRunId }, orderBy: { createdAt: 'asc' }, take });
  }
}
