import { randomBytes, randomUUID } from 'node:crypto';
import { type EndpointDef, endpoints, hasPermission, membershipRole, type MembershipRole, type OrganizationKind } from '@portal/contracts';
import { createPrismaClient, hashPassword, type PrismaClient } from '@portal/db';
import { Agent, randomIp, uniqueEmail } from '@portal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app';

// Issue 11: every session endpoint × every role, generated from the
// contracts' endpoint table and the permission matrix (nothing hand-listed):
// a role lacking the endpoint's permission gets 403 ROLE_FORBIDDEN, a role
// having it never gets a 403. Ids are random and bodies empty, so a permitted
// call ends in 400/404 (or succeeds harmlessly): only the guard's decision is
// under test here.

const KINDS: OrganizationKind[] = ['DISTRIBUTOR', 'PRINCIPAL', 'PLATFORM'];
const PASSWORD = 'correct-horse-battery';

let t: TestApp;
let ownerDb: PrismaClient;
const users = new Map<string, string>(); // `${kind}:${role}` → email

beforeAll(async () => {
  t = await startTestApp('api_permissions', { QUEUE_PREFIX: 'test-permissions', DATABASE_POOL_MAX: '6' });
  ownerDb = createPrismaClient(t.ownerUrl, { poolMax: 2 });
  const passwordHash = await hashPassword(PASSWORD);
  for (const kind of KINDS) {
    const org = await ownerDb.organization.create({ data: { kind, name: `PT ${kind} roles` } });
    for (const role of membershipRole.options) {
      const email = uniqueEmail(`${kind}-${role}`.toLowerCase());
      await ownerDb.user.create({
        data: { organizationId: org.id, email, name: role, passwordHash, memberships: { create: { organizationId: org.id, role } } },
      });
      users.set(`${kind}:${role}`, email);
    }
  }
}, 60_000);

afterAll(async () => {
  await ownerDb?.$disconnect();
  await t?.close();
});

async function signIn(kind: OrganizationKind, role: MembershipRole): Promise<Agent> {
  const agent = new Agent(t.app, randomIp());
  const res = await agent.request('POST', '/api/auth/login', { email: users.get(`${kind}:${role}`), password: PASSWORD });
  expect(res.status).toBe(200);
  expect(res.body.user.role).toBe(role);
  return agent;
}

const token = () => randomBytes(32).toString('base64url');
const urlOf = (def: EndpointDef) => def.path.replace(/:token/g, token()).replace(/:[a-zA-Z]+/g, () => randomUUID());

const sessionEndpoints = Object.entries(endpoints).filter(([, def]) => def.auth === 'session') as [string, EndpointDef][];

describe('the permission of every session endpoint, for every role', () => {
  it('every session endpoint names a permission, and no other endpoint does', () => {
    expect(sessionEndpoints.length).toBeGreaterThan(40);
    expect(sessionEndpoints.filter(([, def]) => !def.permission).map(([name]) => name)).toEqual([]);
    expect(
      Object.entries(endpoints as Record<string, EndpointDef>)
        .filter(([, def]) => def.auth !== 'session' && def.permission)
        .map(([n]) => n),
    ).toEqual([]);
  });

  it('403 ROLE_FORBIDDEN exactly when the role lacks the permission, in every organisation kind the endpoint serves', async () => {
    const agents = new Map<string, Agent>();
    for (const kind of KINDS) for (const role of membershipRole.options) agents.set(`${kind}:${role}`, await signIn(kind, role));
    const call = async (kind: OrganizationKind, role: MembershipRole, def: EndpointDef) => {
      // Signing out ends the session: that call gets a session of its own.
      const agent = def === endpoints.logout ? await signIn(kind, role) : agents.get(`${kind}:${role}`)!;
      return agent.request(def.method, urlOf(def), def.body ? {} : undefined);
    };
    const failures: string[] = [];
    let checked = 0;
    for (const [name, def] of sessionEndpoints) {
      // The organisation kinds an endpoint serves: those whose owner is not refused (@OrgKinds).
      const served: OrganizationKind[] = [];
      for (const kind of KINDS) {
        const res = await call(kind, 'OWNER', def);
        if (res.status === 401) failures.push(`${name} as ${kind} OWNER: 401`);
        if (res.status !== 403) served.push(kind);
        else if (res.body.error.code !== 'FORBIDDEN') failures.push(`${name} as ${kind} OWNER: ${res.body.error.code}`);
      }
      if (served.length === 0) failures.push(`${name}: no organisation kind may call it`);
      for (const kind of served) {
        for (const role of membershipRole.options) {
          const res = await call(kind, role, def);
          checked++;
          const allowed = hasPermission(role, def.permission!);
          if (allowed && (res.status === 403 || res.status === 401)) failures.push(`${name} as ${kind} ${role}: ${res.status} though allowed`);
          if (!allowed && !(res.status === 403 && res.body.error.code === 'ROLE_FORBIDDEN')) {
            failures.push(`${name} as ${kind} ${role}: ${res.status} ${res.body?.error?.code} though lacking ${def.permission}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(sessionEndpoints.length * 4);
  }, 240_000);
});
