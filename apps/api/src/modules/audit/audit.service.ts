import { Injectable } from '@nestjs/common';
import type { OrgTx, Prisma } from '@portal/db';

export interface AuditEntry {
  /** The organisation whose history the event belongs to. */
  organizationId: string;
  actorUserId: string | null;
  actorOrgId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  metadata?: Prisma.InputJsonObject;
}

/** Owns audit_events. Written inside the transaction of the change it records. */
@Injectable()
export class AuditService {
  record(tx: OrgTx, entry: AuditEntry) {
    return tx.auditEvent.create({ data: { ...entry, metadata: entry.metadata ?? {} }, select: { id: true } });
  }

  list(tx: OrgTx, filter: { targetType?: string; targetId?: string }, take = 100) {
    return tx.auditEvent.findMany({ where: filter, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take });
  }
}
