import { z } from 'zod';

/**
 * A user's role inside its organisation (docs/product/users-and-roles.md).
 * Owners and admins run the organisation, members do the day-to-day work,
 * viewers only read. Only an owner grants or takes away OWNER, and an
 * organisation always keeps at least one owner (the members module's rules).
 */
export const membershipRole = z.enum(['OWNER', 'ADMIN', 'MEMBER', 'VIEWER']);
export type MembershipRole = z.infer<typeof membershipRole>;

/**
 * What an endpoint needs, `<noun>:<verb>`. Every session endpoint in the
 * table names exactly one; the API's session guard refuses a caller whose
 * role lacks it (403 ROLE_FORBIDDEN) and the SPA disables what the role lacks.
 */
export const permission = z.enum([
  /** Its own session and account: sign out, change its own password. */
  'account:self',
  /** Its own organisation and the organisations connected to it. */
  'organization:read',
  'documents:read',
  /** Integrations, their sync runs, schedules, quarantine and model templates. */
  'integrations:read',
  /** Connect, rename, disable, enable, delete integrations; their credentials and ingestion keys. */
  'integrations:manage',
  /** Day-to-day data work: sync now, retry a run, re-consolidate, import a file. */
  'integrations:sync',
  /** Edit and preview model templates. */
  'model_templates:manage',
  'connections:read',
  /** Connection invites (create, copy, cancel), answering one, revoking a connection. */
  'connections:manage',
  'members:read',
  /** Invite, change the role of and remove members. */
  'members:manage',
  'api_keys:manage',
  'webhooks:manage',
  'audit:read',
  /** A principal's own SKU catalogue and product mapping (issue 13). */
  'catalogue:read',
  /** Edit and import the SKU catalogue, confirm product mappings: day-to-day work. */
  'catalogue:manage',
]);
export type Permission = z.infer<typeof permission>;

const READ: readonly Permission[] = [
  'account:self',
  'organization:read',
  'documents:read',
  'integrations:read',
  'connections:read',
  'members:read',
  'catalogue:read',
];
const DAY_TO_DAY: readonly Permission[] = [...READ, 'integrations:sync', 'model_templates:manage', 'catalogue:manage'];
const RUN_THE_ORGANISATION: readonly Permission[] = [
  ...DAY_TO_DAY,
  'integrations:manage',
  'connections:manage',
  'members:manage',
  'api_keys:manage',
  'webhooks:manage',
  'audit:read',
];

/** The permission matrix, written once: the API enforces it, the SPA reflects it, the docs show it. */
export const rolePermissions: Record<MembershipRole, readonly Permission[]> = {
  OWNER: RUN_THE_ORGANISATION,
  ADMIN: RUN_THE_ORGANISATION,
  MEMBER: DAY_TO_DAY,
  VIEWER: READ,
};

export const hasPermission = (role: MembershipRole, needed: Permission): boolean => rolePermissions[role].includes(needed);

/** The roles that may grant or remove OWNER (a rule beside the matrix, not an endpoint permission). */
export const canManageOwners = (role: MembershipRole): boolean => role === 'OWNER';
