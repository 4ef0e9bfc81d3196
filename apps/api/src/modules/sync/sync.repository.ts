import { Injectable } from '@nestjs/common';
import { insertRunIfIdle, type OrgTx } from '@portal/db';
import type { DocumentType } from '@portal/contracts';

type Trigger = 'INITIAL' | 'SCHEDULE' | 'MANUAL' | 'BACKFILL' | 'RETRY' | 'RECONSOLIDATE';

/** Prisma access for sync runs, cursors and the outbox. No rules here. */
@Injectable()
export class SyncRepository {
  insertRunIfIdle(tx: OrgTx, run: { organizationId: string; integrationId: string; documentType: DocumentType; trigger: Trigger }) {
    return insertRunIfIdle(tx, run);
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
