import type { OrgTx } from '@portal/db';
import { expiredPendingInviteWhere, inviteExpiredAudit } from '@portal/domain';

/** Prisma access the invite expiry sweep needs (invite expiry path, every organisation). No rules here. */
export const inviteExpiryRepository = {
  expiredPending(tx: OrgTx, now: Date, take: number) {
    return tx.connectionInvite.findMany({
      where: expiredPendingInviteWhere(now),
      orderBy: [{ expiresAt: 'asc' }, { id: 'asc' }],
      take,
      select: { id: true, organizationId: true },
    });
  },
  /** Conditional: of the sweep and the API expiring the same invite at once, exactly one sees it PENDING. */
  async expire(tx: OrgTx, id: string): Promise<boolean> {
    const { count } = await tx.connectionInvite.updateMany({ where: { id, status: 'PENDING' }, data: { status: 'EXPIRED' } });
    return count === 1;
  },
  /** The same event the API records when it notices first. */
  recordExpired(tx: OrgTx, invite: { id: string; organizationId: string }) {
    return tx.auditEvent.createMany({ data: [inviteExpiredAudit(invite)] });
  },
};
