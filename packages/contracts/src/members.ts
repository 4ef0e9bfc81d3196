import { z } from 'zod';
import { email, password } from './auth';
import { listOf, organizationKind, plainText } from './common';
import { mailLocale } from './jobs';
import { membershipRole } from './permissions';

/** A user of the caller's organisation (docs/product/users-and-roles.md). */
export const memberItem = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: membershipRole,
  joinedAt: z.iso.datetime(),
});
export type MemberItem = z.infer<typeof memberItem>;
export const memberList = listOf(memberItem);

export const memberInviteItem = z.object({
  id: z.uuid(),
  email: z.string(),
  role: membershipRole,
  invitedBy: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  /** The link to copy again; null when it cannot be opened (sealed under a retired key). */
  url: z.url().nullable(),
});
export type MemberInviteItem = z.infer<typeof memberInviteItem>;
/** Pending invites only: used, cancelled and expired ones are history in the audit log. */
export const memberInviteList = listOf(memberInviteItem);

export const createMemberInviteBody = z.strictObject({
  email,
  role: membershipRole,
  /** The invite email's language; Bahasa Indonesia unless the inviter chose English. */
  locale: mailLocale.optional(),
});
export type CreateMemberInviteBody = z.infer<typeof createMemberInviteBody>;

export const memberInviteCreated = memberInviteItem.extend({ url: z.url() });
export type MemberInviteCreated = z.infer<typeof memberInviteCreated>;

export const changeMemberRoleBody = z.strictObject({ role: membershipRole });
export type ChangeMemberRoleBody = z.infer<typeof changeMemberRoleBody>;

export const memberInviteToken = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'malformed invite token') });

/** What the public invite page shows before the invitee sets a name and password. */
export const memberInvitePreview = z.object({
  organization: z.object({ name: z.string(), kind: organizationKind }),
  inviterName: z.string(),
  email: z.string(),
  role: membershipRole,
  expiresAt: z.iso.datetime(),
});
export type MemberInvitePreview = z.infer<typeof memberInvitePreview>;

// `locale`: the language the new member joins in (their mail follows it); Indonesian when absent.
export const acceptMemberInviteBody = z.strictObject({ name: plainText(120), password, locale: mailLocale.optional() });
export type AcceptMemberInviteBody = z.infer<typeof acceptMemberInviteBody>;
