import { describe, expect, it } from 'vitest';
import { type EndpointDef, endpoints } from './endpoints';
import { canManageOwners, hasPermission, membershipRole, permission, rolePermissions } from './permissions';

const READ_ONLY = /:(read|self)$/;

describe('the permission matrix', () => {
  it('grants every permission to some role, and every one of them to OWNER', () => {
    for (const p of permission.options)
      expect(
        membershipRole.options.some((r) => hasPermission(r, p)),
        p,
      ).toBe(true);
    expect([...rolePermissions.OWNER].sort()).toEqual([...permission.options].sort());
  });

  it('gives VIEWER read permissions only, and every one but the audit log (who did what is for owners and admins)', () => {
    expect(rolePermissions.VIEWER.filter((p) => !READ_ONLY.test(p))).toEqual([]);
    expect(permission.options.filter((p) => READ_ONLY.test(p)).filter((p) => !hasPermission('VIEWER', p))).toEqual(['audit:read']);
  });

  it('lets members do the day-to-day work but not manage the organisation', () => {
    expect(hasPermission('MEMBER', 'integrations:sync')).toBe(true);
    expect(hasPermission('MEMBER', 'model_templates:manage')).toBe(true);
    for (const p of ['integrations:manage', 'connections:manage', 'members:manage', 'api_keys:manage', 'webhooks:manage'] as const) {
      expect(hasPermission('MEMBER', p), p).toBe(false);
      expect(hasPermission('ADMIN', p), p).toBe(true);
    }
  });

  it('orders the roles: each has every permission of the one below it', () => {
    const [owner, admin, member, viewer] = membershipRole.options.map((r) => rolePermissions[r]);
    for (const [upper, lower] of [
      [owner, admin],
      [admin, member],
      [member, viewer],
    ] as const)
      expect(lower!.filter((p) => !upper!.includes(p))).toEqual([]);
  });

  it('lets only owners grant or take away OWNER', () => {
    expect(membershipRole.options.filter(canManageOwners)).toEqual(['OWNER']);
  });

  it('names a permission on every session endpoint and on no other', () => {
    for (const [name, def] of Object.entries(endpoints as Record<string, EndpointDef>)) {
      expect(Boolean(def.permission), name).toBe(def.auth === 'session');
    }
  });
});
