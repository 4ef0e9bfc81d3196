import { Injectable } from '@nestjs/common';
import type { MembershipRole, OrgTx } from '@portal/db';
import { usableInviteSql } from '@portal/domain';

/** Prisma access for member invites. No rules here. */
@Injectable()
export class MembersRepository {
  createInvite(
    tx: OrgTx,
    data: {
      id: string;
      organizationId: string;
      email: string;
      role: MembershipRole;
      tokenHash: string;
      tokenSealed: string;
      expiresAt: Date;
      createdById: string;
      createdByName: string;
    },
  ) {
    return tx.memberInvite.create({ data: { ...data, status: 'PENDING' } });
  }

  findInviteById(tx: OrgTx, id: string) {
    return tx.memberInvite.findUnique({ where: { id } });
  }

  findInviteByHash(tx: OrgTx, tokenHash: string) {
    return tx.memberInvite.findUnique({ where: { tokenHash }, include: { organization: { select: { name: true, kind: true } } } });
  }

  /** Pending invites not yet past their expiry. */
  pendingInvites(tx: OrgTx, organizationId: string, now: Date) {
    return tx.memberInvite.findMany({
      where: { organizationId, status: 'PENDING', expiresAt: { gt: now } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
  }

  pendingInviteFor(tx: OrgTx, organizationId: string, email: string, now: Date) {
    return tx.memberInvite.findFirst({ where: { organizationId, email, status: 'PENDING', expiresAt: { gt: now } }, select: { id: true } });
  }

  cancelInvite(tx: OrgTx, id: string) {
    return tx.memberInvite.updateMany({ where: { id, status: 'PENDING' }, data: { status: 'CANCELLED' } });
  }

  /** The single-use guarantee: one conditional UPDATE, which exactly one of any number of concurrent accepts wins. */
  claimInvite(tx: OrgTx, tokenHash: string, now: Date) {
    return tx.$executeRaw`
      update member_invites set status = 'ACCEPTED'::"InviteStatus", used_at = ${now}
       where token_hash = ${tokenHash} and ${usableInviteSql(now)}`;
  }
}
