import { mailJobV1 } from '@portal/contracts';
import { createPrismaClient, type PrismaClient } from '@portal/db';
import { Agent, randomIp, register, uniqueEmail } from '@portal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app';

// Issue 11, docs/product/users-and-roles.md: member invites by email, roles,
// at least one owner, and a role change or removal taking effect on the
// member's next request.

const BASE_URL = 'http://portal.example.test';
const PASSWORD = 'another-horse-battery';

let t: TestApp;
let ownerDb: PrismaClient;

beforeAll(async () => {
  t = await startTestApp('api_members', { PUBLIC_BASE_URL: BASE_URL, QUEUE_PREFIX: 'test-members', DATABASE_POOL_MAX: '8' });
  ownerDb = createPrismaClient(t.ownerUrl, { poolMax: 2 });
}, 60_000);

afterAll(async () => {
  await ownerDb?.$disconnect();
  await t?.close();
});

const tokenOf = (url: string) => new URL(url).pathname.split('/').at(-1)!;

async function invite(owner: Agent, role: string, email = uniqueEmail('colleague'), locale?: 'en') {
  const res = await owner.request('POST', '/api/members/invites', { email, role, ...(locale ? { locale } : {}) });
  expect(res.status).toBe(201);
  return { ...res.body, token: tokenOf(res.body.url), email } as { id: string; url: string; token: string; email: string; role: string };
}

/** Invites and joins: the new member's own signed-in agent. */
async function join(owner: Agent, role: string, name = 'Siti Rahayu') {
  const inv = await invite(owner, role);
  const agent = new Agent(t.app, randomIp());
  const res = await agent.request('POST', `/api/member-invites/${inv.token}/accept`, { name, password: PASSWORD });
  expect(res.status).toBe(201);
  return { agent, id: res.body.user.id as string, email: inv.email };
}

describe('member invites', () => {
  it('invite → preview → accept: the colleague is signed in with the role, and logs in with it later', async () => {
    const owner = await register(t.app, 'PRINCIPAL', { name: 'Budi Owner', ip: randomIp() });
    const inv = await invite(owner.agent, 'MEMBER', uniqueEmail('Colleague').toLowerCase(), 'en');
    expect(inv.url.startsWith(`${BASE_URL}/join/`)).toBe(true);

    const anon = new Agent(t.app, randomIp());
    const preview = await anon.request('GET', `/api/member-invites/${inv.token}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      organization: { name: owner.orgName, kind: 'PRINCIPAL' },
      inviterName: 'Budi Owner',
      role: 'MEMBER',
      email: inv.email,
    });

    // Joined in English: the account's language (its mail, its next sign-in) is English.
    const accepted = await anon.request('POST', `/api/member-invites/${inv.token}/accept`, { name: 'Siti Rahayu', password: PASSWORD, locale: 'en' });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ user: { email: inv.email, name: 'Siti Rahayu', role: 'MEMBER', locale: 'en' }, organization: { id: owner.orgId } });
    expect((await anon.request('GET', '/api/auth/me')).body.user.role).toBe('MEMBER');

    const later = new Agent(t.app, randomIp());
    const login = await later.request('POST', '/api/auth/login', { email: inv.email, password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe('MEMBER');

    const list = await owner.agent.request('GET', '/api/members');
    expect(list.body.data.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
      [owner.email, 'OWNER'],
      [inv.email, 'MEMBER'],
    ]);
    expect((await owner.agent.request('GET', '/api/members/invites')).body.data).toEqual([]);

    const audit = await ownerDb.auditEvent.findMany({ where: { organizationId: owner.orgId, action: { in: ['member.invited', 'member.joined'] } } });
    expect(audit.map((a) => a.action).sort()).toEqual(['member.invited', 'member.joined']);
  });

  it('writes the invite email to the outbox in the same transaction: mail.send with the member_invite template', async () => {
    const owner = await register(t.app, 'DISTRIBUTOR', { name: 'Budi Owner', ip: randomIp() });
    const idInv = await invite(owner.agent, 'VIEWER');
    const enInv = await invite(owner.agent, 'ADMIN', uniqueEmail('english'), 'en');
    const rows = await ownerDb.outboxEvent.findMany({ where: { organizationId: owner.orgId, kind: 'mail.send' }, orderBy: { createdAt: 'asc' } });
    expect(rows).toHaveLength(2);
    const [first, second] = rows.map((r) => mailJobV1.parse(r.payload));
    expect(first).toEqual({
      v: 1,
      organizationId: owner.orgId,
      to: idInv.email,
      locale: 'id',
      template: 'member_invite',
      data: { inviteUrl: idInv.url, organizationName: owner.orgName, inviterName: 'Budi Owner', role: 'VIEWER' },
    });
    expect(second).toMatchObject({ to: enInv.email, locale: 'en', data: { role: 'ADMIN', inviteUrl: enInv.url } });
    // Only the hash is stored; the link is copyable again from the pending list.
    const stored = await ownerDb.memberInvite.findUniqueOrThrow({ where: { id: idInv.id } });
    expect(stored.tokenHash).not.toContain(idInv.token);
    const pending = await owner.agent.request('GET', '/api/members/invites');
    expect(pending.body.data.map((i: { url: string }) => i.url).sort()).toEqual([idInv.url, enInv.url].sort());
  });

  it('refuses an email that already has an account, in any organisation', async () => {
    const owner = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
    const other = await register(t.app, 'DISTRIBUTOR', { ip: randomIp() });
    const res = await owner.agent.request('POST', '/api/members/invites', { email: other.email.toUpperCase(), role: 'MEMBER' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('EMAIL_TAKEN');
    // …and when the email registered between the invite and its acceptance.
    const inv = await invite(owner.agent, 'MEMBER');
    await new Agent(t.app, randomIp()).request('POST', '/api/auth/register', {
      email: inv.email,
      password: PASSWORD,
      name: 'Quick',
      organizationName: 'PT Quick',
      organizationKind: 'DISTRIBUTOR',
    });
    const late = await new Agent(t.app, randomIp()).request('POST', `/api/member-invites/${inv.token}/accept`, { name: 'Late', password: PASSWORD });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('EMAIL_TAKEN');
  });

  it('a used, an expired and a cancelled link are refused with 410', async () => {
    const owner = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
    const used = await invite(owner.agent, 'MEMBER');
    expect((await new Agent(t.app, randomIp()).request('POST', `/api/member-invites/${used.token}/accept`, { name: 'A', password: PASSWORD })).status).toBe(
      201,
    );
    const again = await new Agent(t.app, randomIp()).request('POST', `/api/member-invites/${used.token}/accept`, { name: 'B', password: PASSWORD });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('INVITE_GONE');

    const expired = await invite(owner.agent, 'MEMBER');
    await ownerDb.memberInvite.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const anon = new Agent(t.app, randomIp());
    expect((await anon.request('GET', `/api/member-invites/${expired.token}`)).status).toBe(410);
    expect((await anon.request('POST', `/api/member-invites/${expired.token}/accept`, { name: 'C', password: PASSWORD })).status).toBe(410);

    const cancelled = await invite(owner.agent, 'MEMBER');
    expect((await owner.agent.request('DELETE', `/api/members/invites/${cancelled.id}`)).status).toBe(204);
    expect((await anon.request('POST', `/api/member-invites/${cancelled.token}/accept`, { name: 'D', password: PASSWORD })).status).toBe(410);
    expect((await anon.request('GET', `/api/member-invites/${'x'.repeat(43)}`)).status).toBe(404);
    expect(await ownerDb.user.count({ where: { organizationId: owner.orgId } })).toBe(2);
  });

  it('only an owner invites an owner', async () => {
    const owner = await register(t.app, 'DISTRIBUTOR', { ip: randomIp() });
    const admin = await join(owner.agent, 'ADMIN');
    const res = await admin.agent.request('POST', '/api/members/invites', { email: uniqueEmail('boss'), role: 'OWNER' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('OWNER_ONLY');
    expect((await admin.agent.request('POST', '/api/members/invites', { email: uniqueEmail('peer'), role: 'ADMIN' })).status).toBe(201);
  });
});

describe('roles and removal', () => {
  it('a role change applies on the next request, and is audited with before and after', async () => {
    const owner = await register(t.app, 'DISTRIBUTOR', { ip: randomIp() });
    const m = await join(owner.agent, 'VIEWER');
    expect((await m.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL', name: 'Push' })).status).toBe(403);
    const changed = await owner.agent.request('PATCH', `/api/members/${m.id}`, { role: 'ADMIN' });
    expect(changed.status).toBe(200);
    expect(changed.body.role).toBe('ADMIN');
    expect((await m.agent.request('GET', '/api/auth/me')).body.user.role).toBe('ADMIN');
    expect((await m.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL', name: 'Push' })).status).toBe(201);
    const audit = await ownerDb.auditEvent.findFirstOrThrow({ where: { organizationId: owner.orgId, action: 'member.role_changed' } });
    expect(audit.metadata).toMatchObject({ before: 'VIEWER', after: 'ADMIN' });
  });

  it("a removed member's session gets 401 on its next request and the account is gone", async () => {
    const owner = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
    const m = await join(owner.agent, 'MEMBER');
    expect((await m.agent.request('GET', '/api/documents')).status).toBe(200);
    expect((await owner.agent.request('DELETE', `/api/members/${m.id}`)).status).toBe(204);
    const after = await m.agent.request('GET', '/api/documents');
    expect(after.status).toBe(401);
    expect((await new Agent(t.app, randomIp()).request('POST', '/api/auth/login', { email: m.email, password: PASSWORD })).status).toBe(401);
    expect(
      (await ownerDb.auditEvent.findFirst({ where: { organizationId: owner.orgId, action: 'member.removed', targetId: m.id } }))?.actorUserId,
    ).toBeTruthy();
  });

  it('the last owner cannot leave; nobody changes their own role; only owners touch owners', async () => {
    const owner = await register(t.app, 'DISTRIBUTOR', { ip: randomIp() });
    const me = (await owner.agent.request('GET', '/api/auth/me')).body.user.id;
    const leave = await owner.agent.request('DELETE', `/api/members/${me}`);
    expect(leave.status).toBe(409);
    expect(leave.body.error.code).toBe('LAST_OWNER');
    const self = await owner.agent.request('PATCH', `/api/members/${me}`, { role: 'ADMIN' });
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('OWN_MEMBERSHIP');

    const admin = await join(owner.agent, 'ADMIN');
    for (const res of [
      await admin.agent.request('PATCH', `/api/members/${me}`, { role: 'MEMBER' }),
      await admin.agent.request('DELETE', `/api/members/${me}`),
      await admin.agent.request('PATCH', `/api/members/${admin.id}`, { role: 'OWNER' }),
    ]) {
      expect(res.status).toBe(403);
    }
    const viewer = await join(owner.agent, 'VIEWER');
    expect((await admin.agent.request('PATCH', `/api/members/${viewer.id}`, { role: 'MEMBER' })).status).toBe(200);
    expect((await ownerDb.membership.findFirstOrThrow({ where: { userId: me } })).role).toBe('OWNER');
  });

  it('two owners demoting each other at once leave exactly one owner', async () => {
    for (let round = 0; round < 3; round++) {
      const a = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
      const aId = (await a.agent.request('GET', '/api/auth/me')).body.user.id;
      const b = await join(a.agent, 'OWNER');
      const [ra, rb] = await Promise.all([
        a.agent.request('PATCH', `/api/members/${b.id}`, { role: 'MEMBER' }),
        b.agent.request('PATCH', `/api/members/${aId}`, { role: 'MEMBER' }),
      ]);
      expect([ra.status, rb.status].filter((s) => s === 200)).toHaveLength(1);
      expect(await ownerDb.membership.count({ where: { organizationId: a.orgId, role: 'OWNER' } })).toBe(1);
    }
  });

  it('an owner leaves once another owner exists; a viewer may not manage members', async () => {
    const owner = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
    const me = (await owner.agent.request('GET', '/api/auth/me')).body.user.id;
    const second = await join(owner.agent, 'OWNER');
    const viewer = await join(owner.agent, 'VIEWER');
    const refused = await viewer.agent.request('POST', '/api/members/invites', { email: uniqueEmail('x'), role: 'VIEWER' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ROLE_FORBIDDEN');
    expect((await viewer.agent.request('GET', '/api/members')).status).toBe(200);
    expect((await owner.agent.request('DELETE', `/api/members/${me}`)).status).toBe(204);
    const left = await second.agent.request('GET', '/api/members');
    expect(left.body.data.map((m: { role: string }) => m.role)).toEqual(['OWNER', 'VIEWER']);
  });
});
