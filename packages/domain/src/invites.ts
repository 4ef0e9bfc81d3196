import type { AuditAction } from '@portal/contracts';
import { type InviteStatus, Prisma } from '@portal/db';

/**
 * When an invite link may be answered, and when its time has run out. Four
 * places judge this (the API's claim, its 410 answers and its expiry on
 * read, the worker's expiry sweep); they all read it here, so an invite is
 * never usable to one and expired to another. The boundary: at `expiresAt`
 * exactly the invite is expired.
 */
export type InviteLike = { status: InviteStatus; expiresAt: Date };

/** Time ran out: EXPIRED already, or PENDING at or past `expiresAt`. */
export const isInviteExpired = (invite: InviteLike, now: Date): boolean =>
  invite.status === 'EXPIRED' || (invite.status === 'PENDING' && invite.expiresAt.getTime() <= now.getTime());

/** Why an invite can no longer be answered; null while it can. */
export type InviteRefusal = 'CANCELLED' | 'USED' | 'EXPIRED';

export function inviteRefusal(invite: InviteLike, now: Date): InviteRefusal | null {
  if (invite.status === 'CANCELLED') return 'CANCELLED';
  if (invite.status === 'ACCEPTED' || invite.status === 'DECLINED') return 'USED';
  if (isInviteExpired(invite, now)) return 'EXPIRED';
  return null;
}

/** The same rule as a query filter: PENDING invites whose time ran out (the expiry sweep, connection and member invites alike). */
export const expiredPendingInviteWhere = (now: Date) => ({ status: 'PENDING', expiresAt: { lte: now } }) satisfies Prisma.ConnectionInviteWhereInput;

/**
 * The same rule as SQL over `connection_invites`, for the single-use claim:
 * one conditional UPDATE, of which exactly one of any number of concurrent
 * answers sees the invite usable.
 */
export const usableInviteSql = (now: Date) => Prisma.sql`status = 'PENDING' and expires_at > ${now}`;

/**
 * The audit row of an invite that expired, whoever noticed first (the API
 * listing connections, or the worker's sweep): no actor, since nobody
 * expired it, time did.
 */
export function inviteExpiredAudit(invite: { id: string; organizationId: string }): {
  organizationId: string;
  actorUserId: null;
  actorOrgId: null;
  action: AuditAction;
  targetType: 'invite';
  targetId: string;
} {
  return {
    organizationId: invite.organizationId,
    actorUserId: null,
    actorOrgId: null,
    action: 'connection.invite_expired',
    targetType: 'invite',
    targetId: invite.id,
  };
}

/** The same for a member invite (issue 11), in the inviting organisation's log: the worker's sweep is the only writer. */
export function memberInviteExpiredAudit(invite: { id: string; organizationId: string }): {
  organizationId: string;
  actorUserId: null;
  actorOrgId: null;
  action: AuditAction;
  targetType: 'member_invite';
  targetId: string;
} {
  return {
    organizationId: invite.organizationId,
    actorUserId: null,
    actorOrgId: null,
    action: 'member.invite_expired',
    targetType: 'member_invite',
    targetId: invite.id,
  };
}
