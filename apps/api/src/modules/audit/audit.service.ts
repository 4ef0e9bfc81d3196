import { Injectable } from '@nestjs/common';
import type { AuditAction } from '@portal/contracts';
import type { OrgTx, Prisma } from '@portal/db';
import type { Caller } from '../../common/auth.decorators';

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

  /**
   * What a signed-in user did: the caller is the actor, and the event goes on
   * the caller's own trail unless `organizationId` names another (a platform
   * admin acting on a distributor's integration).
   */
  recordBy(tx: OrgTx, caller: Caller, entry: Pick<AuditEntry, 'action' | 'targetType' | 'targetId' | 'metadata'> & { organizationId?: string }) {
    return this.record(tx, { organizationId: caller.organization.id, ...entry, actorUserId: caller.user.id, actorOrgId: caller.organization.id });
  }

  /** The fields of the `auditEvent` contract only: the owning organisation is not part of what a reader sees. */
  list(tx: OrgTx, filter: { targetType?: string; targetId?: string }, take = 100) {
    return tx.auditEvent.findMany({ where: filter, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take, select: auditEventSelect });
  }
}
