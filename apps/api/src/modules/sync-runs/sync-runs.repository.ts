import { Injectable } from '@nestjs/common';
import type { OrgTx } from '@portal/db';

/** Prisma access for reading sync runs and their quarantine (runs are recorded by `planSyncRuns`). No rules here. */
@Injectable()
export class SyncRunsRepository {
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
    return tx.quarantinedRecord.findMany({
      where: { syncRunId },
      orderBy: { createdAt: 'asc' },
      take,
      select: {
        id: true,
        syncRunId: true,
        documentType: true,
        masterDataKind: true,
        sourceId: true,
        reason: true,
        reasonCode: true,
        reasonParams: true,
        payload: true,
        createdAt: true,
      },
    });
  }
}
