import type { OrgTx } from '@portal/db';
import { expiredPendingInviteWhere, inviteExpiredAudit, memberInviteExpiredAudit } from '@portal/domain';

type DueInvite = { id: string; organizationId: string };
const ORDER = [{ expiresAt: 'asc' as const }, { id: 'asc' as const }];
const SELECT = { id: true, organizationId: true } as const;

/**
 * Prisma access the invite expiry sweep needs (invite expiry path, every
 * organisation), for connection invites and member invites alike. No rules here.
 */
export const inviteExpiryRepository = {
  connection: {
    expiredPending: (tx: OrgTx, now: Date, take: number): Promise<DueInvite[]> =>
      tx.connectionInvite.findMany({ where: expiredPendingInviteWhere(now), orderBy: ORDER, take, select: SELECT }),
    /** Conditional: of the sweep and the API expiring the same invite at once, exactly one sees it PENDING. */
    async expire(tx: OrgTx, id: string): Promise<boolean> {
      const { count } = await tx.connectionInvite.updateMany({ where: { id, status: 'PENDING' }, data: { status: 'EXPIRED' } });
      return count === 1;
    },
    /** The same event the API records when it notices first. */
    recordExpired: (tx: OrgTx, invite: DueInvite) => tx.auditEvent.createMany({ data: [inviteExpiredAudit(invite)] }),
  },
  member: {
    expiredPending: (tx: OrgTx, now: Date, take: number): Promise<DueInvite[]> =>
      tx.memberInvite.findMany({ where: expiredPendingInviteWhere(now), orderBy: ORDER, take, select: SELECT }),
    /** Conditional: an invite accepted or cancelled meanwhile is no longer PENDING and stays as it is. */
    async expire(tx: OrgTx, id: string): Promise<boolean> {
      const { count } = await tx.memberInvite.updateMany({ where: { id, status: 'PENDING' }, data: { status: 'EXPIRED' } });
      return count === 1;
    },
    recordExpired: (tx: OrgTx, invite: DueInvite) => tx.auditEvent.createMany({ data: [memberInviteExpiredAudit(invite)] }),
  },
};
