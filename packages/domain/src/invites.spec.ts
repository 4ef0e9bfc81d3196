import { describe, expect, it } from 'vitest';
import { expiredPendingInviteWhere, inviteExpiredAudit, inviteRefusal, isInviteExpired, memberInviteExpiredAudit } from './invites';

const NOW = new Date('2026-11-10T08:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

describe('invite expiry', () => {
  it('a PENDING invite is usable until the millisecond before expiresAt, and expired at expiresAt exactly', () => {
    expect(isInviteExpired({ status: 'PENDING', expiresAt: at(1) }, NOW)).toBe(false);
    expect(inviteRefusal({ status: 'PENDING', expiresAt: at(1) }, NOW)).toBeNull();
    expect(isInviteExpired({ status: 'PENDING', expiresAt: at(0) }, NOW)).toBe(true);
    expect(inviteRefusal({ status: 'PENDING', expiresAt: at(0) }, NOW)).toBe('EXPIRED');
    expect(inviteRefusal({ status: 'PENDING', expiresAt: at(-60_000) }, NOW)).toBe('EXPIRED');
  });

  it('an invite marked EXPIRED stays expired whatever its date says', () => {
    expect(isInviteExpired({ status: 'EXPIRED', expiresAt: at(3_600_000) }, NOW)).toBe(true);
    expect(inviteRefusal({ status: 'EXPIRED', expiresAt: at(3_600_000) }, NOW)).toBe('EXPIRED');
  });

  it('says why an answered or cancelled invite cannot be used, before looking at its date', () => {
    expect(inviteRefusal({ status: 'CANCELLED', expiresAt: at(-1) }, NOW)).toBe('CANCELLED');
    expect(inviteRefusal({ status: 'ACCEPTED', expiresAt: at(-1) }, NOW)).toBe('USED');
    expect(inviteRefusal({ status: 'DECLINED', expiresAt: at(1) }, NOW)).toBe('USED');
    // Used or cancelled is not "expired": the sweep leaves those alone.
    expect(isInviteExpired({ status: 'ACCEPTED', expiresAt: at(-1) }, NOW)).toBe(false);
  });

  it('the sweep filter picks the same invites: PENDING with expiresAt at or before now', () => {
    expect(expiredPendingInviteWhere(NOW)).toEqual({ status: 'PENDING', expiresAt: { lte: NOW } });
  });

  it('the expiry audit row belongs to the inviting principal and has no actor', () => {
    expect(inviteExpiredAudit({ id: 'inv-1', organizationId: 'org-1' })).toEqual({
      organizationId: 'org-1',
      actorUserId: null,
      actorOrgId: null,
      action: 'connection.invite_expired',
      targetType: 'invite',
      targetId: 'inv-1',
    });
  });

  it("a member invite's expiry row belongs to the inviting organisation, has no actor and names the member invite", () => {
    expect(memberInviteExpiredAudit({ id: 'inv-2', organizationId: 'org-2' })).toEqual({
      organizationId: 'org-2',
      actorUserId: null,
      actorOrgId: null,
      action: 'member.invite_expired',
      targetType: 'member_invite',
      targetId: 'inv-2',
    });
  });
});
