import { Injectable } from '@nestjs/common';
import type { AuditAction } from '@portal/contracts';
import type { OrgTx, Prisma } from '@portal/db';

export interface AuditEntry {
  /** The organisation whose history the event belongs to. */
  organizationId: string;
  actorUserId: string | null;
  actorOrgId: string | null;
  action: AuditAction;
  targetType: string;
  targetId: string;
  metadata?: Prisma.InputJsonObject;
}

const auditEventSelect = {
  id: true,
  action: true,
  actorUserId: true,
  actorOrgId: true,
  targetType: true,
  targetId: true,
  metadata: true,
  createdAt: true,
} as const satisfies Prisma.AuditEventSelect;

/** Owns audit_events. Written inside the transaction of the change it records. */
@Injectable()
export class AuditService {
  record(tx: OrgTx, entry: AuditEntry) {
    return tx.auditEvent.create({ data: { ...entry, metadata: entry.metadata ?? {} }, select: { id: true } });
  }

  /** The fields of the `auditEvent` contract only: the owning organisation is not part of what a reader sees. */
  list(tx: OrgTx, filter: { targetType?: string; targetId?: string }, take = 100) {
    return tx.auditEvent.findMany({ where: filter, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take, select: auditEventSelect });
  }
}
