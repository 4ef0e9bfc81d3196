import { randomBytes, randomUUID } from 'node:crypto';
import { auditEvent } from '@portal/contracts';
import { sha256Hex } from '@portal/crypto';
import { createPrismaClient, type PrismaClient, TenantDb } from '@portal/db';
import { seedDemoData } from '@portal/db/seed';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { Clock } from '../src/common/clock';
import { Agent, randomIp, register } from '@portal/testing';
import { startTestApp, type TestApp } from './test-app';

// docs/product/connections.md and issue 5: invite links, consent, scoped access to documents,
// revoke, audit, and isolation between tenants, against the real API,
// Postgres (row-level security as the application role) and Redis.

// http: inject speaks plain HTTP, and an https portal never sends its session cookie over that.
const BASE_URL = 'http://portal.example.test';
const INVITE_LIMIT = 20;
const TYPES = ['SALES_ORDER', 'SALES_RETURN', 'SALES_INVOICE', 'PURCHASE_INVOICE', 'PURCHASE_ORDER'] as const;
const DAY = 24 * 3600_000;

let t: TestApp;
let ownerDb: PrismaClient;
let tenants: TenantDb;
let clock: Clock;

/** The database owner (outside row-level security): test setup and checks only. */
const owner = {
  query: async (sql: string, params: unknown[] = []) => ({ rows: await ownerDb.$queryRawUnsafe<any[]>(sql, ...params) }),
};

beforeAll(async () => {
  t = await startTestApp('api_connections', {
    PUBLIC_BASE_URL: BASE_URL,
    INVITE_RATE_LIMIT_MAX: String(INVITE_LIMIT),
    LOGIN_RATE_LIMIT_MAX: '5',
    DATABASE_POOL_MAX: '10',
    QUEUE_PREFIX: 'test-connections',
  });
  ownerDb = createPrismaClient(t.ownerUrl, { poolMax: 2 });
  await seedDemoData(t.ownerUrl, { NODE_ENV: 'test' });
  tenants = t.app.get(TenantDb);
  clock = t.app.get(Clock, { strict: false });
}, 60_000);

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await ownerDb?.$disconnect();
  await t?.close();
});

// Every agent gets its own client address (randomIp): rate limits count per address.

interface Org {
  agent: Agent;
  orgId: string;
  name: string;
  email: string;
}

async function signUp(kind: 'PRINCIPAL' | 'DISTRIBUTOR', label = kind.toLowerCase()): Promise<Org> {
  const { agent, orgId, orgName, email } = await register(t.app, kind, { label, ip: randomIp() });
  return { agent, orgId, name: orgName, email };
}

async function createInvite(p: Org): Promise<{ id: string; url: string; token: string; expiresAt: string }> {
  const res = await p.agent.request('POST', '/api/connections/invites');
  expect(res.status).toBe(201);
  return { ...res.body, token: new URL(res.body.url).pathname.split('/').at(-1)! };
}

async function connect(p: Org, d: Org, body: Record<string, unknown> = {}): Promise<string> {
  const invite = await createInvite(p);
  const res = await d.agent.request('POST', `/api/invites/${invite.token}/accept`, body);
  expect(res.status).toBe(200);
  expect(res.body.status).toBe('CONNECTED');
  return res.body.id;
}

/** Written as the database owner: what a sync of the integration would have consolidated. */
async function addIntegration(orgId: string, name = 'ext'): Promise<string> {
  const id = randomUUID();
  await owner.query(`insert into integrations (id, organization_id, kind, name, state, updated_at) values ($1, $2, 'EXTERNAL', $3, 'ACTIVE', now())`, [
    id,
    orgId,
    name,
  ]);
  return id;
}

async function addDocument(orgId: string, integrationId: string, type: (typeof TYPES)[number], number: string): Promise<string> {
  const id = randomUUID();
  await owner.query(
    `insert into documents (id, organization_id, integration_id, type, source_id, number, date, party_name, subtotal, discount, tax, total, source_updated_at, template_version, line_count)
     values ($1, $2, $3, $4, $5, $5, '2026-10-15', 'Toko Maju', 100, 0, 11, 111, now(), 1, 1)`,
    [id, orgId, integrationId, type, number],
  );
  await owner.query(
    `insert into document_lines (document_id, line_no, organization_id, type, integration_id, product_code, quantity, unit, quantity_base, unit_price, discount, tax, amount)
     values ($1, 1, $2, $3, $4, 'SKU-1', 1, 'PCS', 1, 100, 0, 11, 111)`,
    [id, orgId, type, integrationId],
  );
  return id;
}

async function documentNumbers(who: Org, query = ''): Promise<string[]> {
  const res = await who.agent.request('GET', `/api/documents?limit=200${query}`);
  expect(res.status).toBe(200);
  return res.body.data.map((d: { number: string }) => d.number).sort();
}

async function inviteRow(id: string) {
  return (await owner.query('select * from connection_invites where id = $1', [id])).rows[0];
}

function expectError(res: { status: number; body: any }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  expect(JSON.stringify(res.body)).not.toMatch(/stack|\.ts:\d+|node_modules/i);
}

const freezeClock = (at: Date) => vi.spyOn(clock, 'now').mockImplementation(() => new Date(at));

describe('invite links', () => {
  it('carry a 256-bit random token, stored only as its SHA-256, in a link built from PUBLIC_BASE_URL (never the Host header)', async () => {
    const p = await signUp('PRINCIPAL');
    const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' };
    const res = await p.agent.request('POST', '/api/connections/invites', undefined, forged);
    expect(res.status).toBe(201);
    expect(res.body.url).not.toContain('evil');
    const url = new URL(res.body.url);
    expect(url.origin).toBe(BASE_URL);
    const token = url.pathname.match(/^\/invites\/([\w-]+)$/)?.[1] ?? '';
    expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(256);

    const row = await inviteRow(res.body.id);
    expect(row.token_hash).toBe(sha256Hex(token));
    expect(row.status).toBe('PENDING');
    // The token itself is nowhere in the database.
    for (const table of ['connection_invites', 'audit_events', 'outbox_events']) {
      const found = await owner.query(`select count(*)::int as n from ${table} x where row_to_json(x)::text like '%' || $1 || '%'`, [token]);
      expect(found.rows[0].n, table).toBe(0);
    }

    const tokens = new Set<string>([token]);
    for (let i = 0; i < 10; i++) tokens.add((await createInvite(p)).token);
    expect(tokens.size).toBe(11);
  });

  it('expire 7 days after creation by default', async () => {
    const p = await signUp('PRINCIPAL');
    const now = new Date('2026-11-02T03:04:05.000Z');
    freezeClock(now);
    const invite = await createInvite(p);
    expect(invite.expiresAt).toBe(new Date(now.getTime() + 7 * DAY).toISOString());
    expect((await inviteRow(invite.id)).expires_at.toISOString()).toBe(invite.expiresAt);
  });

  it('answer with Referrer-Policy: no-referrer on every invite endpoint', async () => {
    const p = await signUp('PRINCIPAL');
    const d = await signUp('DISTRIBUTOR');
    const created = await p.agent.request('POST', '/api/connections/invites');
    expect(created.headers['referrer-policy']).toBe('no-referrer');
    const token = new URL(created.body.url).pathname.split('/').at(-1)!;
    const anon = new Agent(t.app, randomIp());
    const responses = [
      await anon.request('GET', `/api/invites/${token}`),
      await d.agent.request('GET', `/api/invites/${token}`),
      await d.agent.request('POST', `/api/invites/${token}/decline`),
      await d.agent.request('POST', `/api/invites/${token}/accept`, {}), // 410 now
      await anon.request('GET', `/api/invites/${randomBytes(32).toString('base64url')}`), // 404
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 410, 404]);
    for (const r of responses) expect(r.headers['referrer-policy']).toBe('no-referrer');
  });

  it('preview names the principal and the data to be accessed, without a session', async () => {
    const p = await signUp('PRINCIPAL');
    const invite = await createInvite(p);
    const res = await new Agent(t.app, randomIp()).request('GET', `/api/invites/${invite.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ principal: { id: p.orgId, name: p.name }, documentTypes: [...TYPES], expiresAt: invite.expiresAt, status: 'PENDING' });
  });

  it('are single-use: of two concurrent accepts exactly one succeeds', async () => {
    const p = await signUp('PRINCIPAL');
    const [d1, d2] = [await signUp('DISTRIBUTOR'), await signUp('DISTRIBUTOR')];
    const invite = await createInvite(p);
    const results = await Promise.all([d1, d2].map((d) => d.agent.request('POST', `/api/invites/${invite.token}/accept`, {})));
    expect(results.map((r) => r.status).sort()).toEqual([200, 410]);
    const loser = results.find((r) => r.status === 410)!;
    expectError(loser, 410, 'INVITE_GONE');
    const winner = results.find((r) => r.status === 200)!;
    const row = await inviteRow(invite.id);
    expect(row.status).toBe('ACCEPTED');
    expect(row.used_by_org_id).toBe(winner.body.distributor.id);
    const pairs = await owner.query('select distributor_org_id from connections where principal_org_id = $1', [p.orgId]);
    expect(pairs.rows).toEqual([{ distributor_org_id: winner.body.distributor.id }]);
  });

  it('are single-use under 100 concurrent accepts by 100 distributors: exactly one connection', async () => {
    const p = await signUp('PRINCIPAL');
    const distributors: Org[] = [];
    while (distributors.length < 100) distributors.push(...(await Promise.all(Array.from({ length: 10 }, () => signUp('DISTRIBUTOR')))));
    const invite = await createInvite(p);
    const results = await Promise.all(distributors.map((d) => d.agent.request('POST', `/api/invites/${invite.token}/accept`, {})));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 410)).toHaveLength(99);
    for (const r of results.filter((x) => x.status === 410)) expect(r.body.error.code).toBe('INVITE_GONE');
    const pairs = await owner.query(`select count(*)::int as n from connections where principal_org_id = $1 and status = 'CONNECTED'`, [p.orgId]);
    expect(pairs.rows[0].n).toBe(1);
    const list = await p.agent.request('GET', '/api/connections');
    expect(list.body.data.filter((c: { status: string }) => c.status === 'CONNECTED')).toHaveLength(1);
  }, 60_000);

  it('expire by the clock: usable until expiresAt, then 410 and EXPIRED in the list and the history', async () => {
    const p = await signUp('PRINCIPAL');
    const d = await signUp('DISTRIBUTOR');
    const start = new Date('2026-11-10T08:00:00.000Z');
    freezeClock(start);
    const invite = await createInvite(p);
    const expiresAt = new Date(invite.expiresAt).getTime();

    freezeClock(new Date(expiresAt - 1000));
    expect((await d.agent.request('GET', `/api/invites/${invite.token}`)).status).toBe(200);

    freezeClock(new Date(expiresAt));
    const preview = await d.agent.request('GET', `/api/invites/${invite.token}`);
    expectError(preview, 410, 'INVITE_GONE');
    expect(preview.body.error.message).toMatch(/expired/);
    expectError(await d.agent.request('POST', `/api/invites/${invite.token}/accept`, {}), 410, 'INVITE_GONE');
    expect((await inviteRow(invite.id)).status).toBe('PENDING'); // nobody claimed it

    const list = await p.agent.request('GET', '/api/connections');
    expect(list.body.data.find((c: { id: string }) => c.id === invite.id)).toMatchObject({ kind: 'invite', status: 'EXPIRED' });
    expect((await inviteRow(invite.id)).status).toBe('EXPIRED');
    const history = await p.agent.request('GET', '/api/connections/history');
    expect(
      history.body.data
        .filter((e: { action: string; targetId: string }) => e.targetId === invite.id)
        .map((e: { action: string }) => e.action)
        .sort(),
    ).toEqual(['connection.invite_created', 'connection.invite_expired']);
  });

  it('expired (in the database), used, cancelled and unknown tokens get a clear 404/410 envelope; malformed ones 400', async () => {
    const p = await signUp('PRINCIPAL');
    const d = await signUp('DISTRIBUTOR');
    const other = await signUp('DISTRIBUTOR');

    const expired = await createInvite(p);
    await owner.query(`update connection_invites set expires_at = now() - interval '1 minute' where id = $1`, [expired.id]);
    const used = await createInvite(p);
    expect((await other.agent.request('POST', `/api/invites/${used.token}/accept`, {})).status).toBe(200);
    const cancelled = await createInvite(p);
    expect((await p.agent.request('POST', `/api/connections/invites/${cancelled.id}/cancel`)).status).toBe(204);
    const unknown = randomBytes(32).toString('base64url');

    const cases: [string, number, string, RegExp][] = [
      [expired.token, 410, 'INVITE_GONE', /expired/],
      [used.token, 410, 'INVITE_GONE', /already been used/],
      [cancelled.token, 410, 'INVITE_GONE', /cancelled/],
      [unknown, 404, 'NOT_FOUND', /not found/],
    ];
    for (const [token, status, code, message] of cases) {
      for (const res of [
        await d.agent.request('GET', `/api/invites/${token}`),
        await d.agent.request('POST', `/api/invites/${token}/accept`, {}),
        await d.agent.request('POST', `/api/invites/${token}/decline`),
      ]) {
        expectError(res, status, code);
        expect(res.body.error.message).toMatch(message);
      }
    }
    expectError(await d.agent.request('GET', '/api/invites/not-a-token'), 400, 'VALIDATION_FAILED');
    expectError(await d.agent.request('POST', `/api/invites/${unknown}/accept`, { documentTypes: ['NOPE'] }), 400, 'VALIDATION_FAILED');
  });

  it('cannot be accepted by a principal, a platform admin or an anonymous visitor; the invite stays usable', async () => {
    const p = await signUp('PRINCIPAL');
    const otherPrincipal = await signUp('PRINCIPAL');
    const admin = new Agent(t.app, randomIp());
    expect((await admin.request('POST', '/api/auth/login', { email: 'admin@portal.local', password: 'admin-portal-123' })).status).toBe(200);
    const invite = await createInvite(p);

    expectError(await p.agent.request('POST', `/api/invites/${invite.token}/accept`, {}), 403, 'FORBIDDEN');
    expectError(await otherPrincipal.agent.request('POST', `/api/invites/${invite.token}/accept`, {}), 403, 'FORBIDDEN');
    expectError(await admin.request('POST', `/api/invites/${invite.token}/accept`, {}), 403, 'FORBIDDEN');
    expectError(await admin.request('POST', `/api/invites/${invite.token}/decline`), 403, 'FORBIDDEN');
    expectError(await new Agent(t.app, randomIp()).request('POST', `/api/invites/${invite.token}/accept`, {}), 401, 'UNAUTHENTICATED');
    expect((await inviteRow(invite.id)).status).toBe('PENDING');

    const d = await signUp('DISTRIBUTOR');
    expect((await d.agent.request('POST', `/api/invites/${invite.token}/accept`, {})).status).toBe(200);
  });

  it('never connect one distributor twice to the same principal', async () => {
    const p = await signUp('PRINCIPAL');
    const d = await signUp('DISTRIBUTOR');
    await connect(p, d);
    const second = await createInvite(p);
    expectError(await d.agent.request('POST', `/api/invites/${second.token}/accept`, {}), 409, 'ALREADY_CONNECTED');
    expect((await inviteRow(second.id)).status).toBe('PENDING'); // the refused claim was rolled back
    const rows = await owner.query('select count(*)::int as n from connections where principal_org_id = $1 and distributor_org_id = $2', [p.orgId, d.orgId]);
    expect(rows.rows[0].n).toBe(1);
  });

  it('never connect one distributor twice, even when it accepts several invites of the same principal at once', async () => {
    const p = await signUp('PRINCIPAL');
    const d = await signUp('DISTRIBUTOR');
    const invites = await Promise.all(Array.from({ length: 8 }, () => createInvite(p)));
    const results = await Promise.all(invites.map((i) => d.agent.request('POST', `/api/invites/${i.token}/accept`, {})));
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(7).fill(409)]);
    for (const r of results.filter((x) => x.status === 409)) expectError(r, 409, 'ALREADY_CONNECTED');
    const statuses = await Promise.all(invites.map(async (i) => (await inviteRow(i.id)).status));
    expect(statuses.sort()).toEqual(['ACCEPTED', ...Array(7).fill('PENDING')]);
    const accepted = await owner.query(`select count(*)::int as n from audit_events where action = 'connection.accepted' and organization_id = $1`, [d.orgId]);
    expect(accepted.rows[0].n).toBe(1);
  });

  it('the distributor chooses among its own integrations only; a foreign one is refused and the invite stays usable', async () => {
    const p = await signUp('PRINCIPAL');
    const d = await signUp('DISTRIBUTOR');
    const other = await signUp('DISTRIBUTOR');
    const foreign = await addIntegration(other.orgId);
    const invite = await createInvite(p);
    const res = await d.agent.request('POST', `/api/invites/${invite.token}/accept`, { integrationIds: [foreign] });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'body.integrationIds' })]);
    expect((await inviteRow(invite.id)).status).toBe('PENDING');
    const own = await addIntegration(d.orgId);
    const ok = await d.agent.request('POST', `/api/invites/${invite.token}/accept`, { integrationIds: [own] });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'CONNECTED', integrationIds: [own], documentTypes: [...TYPES] });
  });

  it('can be declined: DECLINED on both sides, no data shared, and a later invite can still be accepted', async () => {
    const p = await signUp('PRINCIPAL');
    const d = await signUp('DISTRIBUTOR');
    await addDocument(d.orgId, await addIntegration(d.orgId), 'SALES_ORDER', `SO-${d.orgId}`);
    const invite = await createInvite(p);
    const res = await d.agent.request('POST', `/api/invites/${invite.token}/decline`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'DECLINED', principal: { id: p.orgId, name: p.name } });
    for (const side of [p, d]) {
      const list = await side.agent.request('GET', '/api/connections');
      expect(list.body.data.find((c: { id: string }) => c.id === res.body.id)).toMatchObject({
        status: 'DECLINED',
        distributor: { id: d.orgId, name: d.name },
      });
    }
    expect(await documentNumbers(p)).toEqual([]);
    expectError(await d.agent.request('POST', `/api/invites/${invite.token}/accept`, {}), 410, 'INVITE_GONE');

    await connect(p, d);
    expect(await documentNumbers(p)).toEqual([`SO-${d.orgId}`]);
  });

  it('a pending invite can be cancelled by its principal only, once', async () => {
    const p = await signUp('PRINCIPAL');
    const d = await signUp('DISTRIBUTOR');
    const invite = await createInvite(p);
    expect((await p.agent.request('GET', '/api/connections')).body.data.find((c: { id: string }) => c.id === invite.id)).toMatchObject({ status: 'PENDING' });
    expectError(await d.agent.request('POST', `/api/connections/invites/${invite.id}/cancel`), 403, 'FORBIDDEN');
    expect((await p.agent.request('POST', `/api/connections/invites/${invite.id}/cancel`)).status).toBe(204);
    expectError(await p.agent.request('POST', `/api/connections/invites/${invite.id}/cancel`), 409, 'INVALID_STATE');
    expectError(await d.agent.request('POST', `/api/invites/${invite.token}/accept`, {}), 410, 'INVITE_GONE');
    expect((await p.agent.request('GET', '/api/connections')).body.data.find((c: { id: string }) => c.id === invite.id)).toBeUndefined();
    expect((await inviteRow(invite.id)).status).toBe('CANCELLED');
  });

  it('accept attempts are rate-limited per client address (INVITE_RATE_LIMIT_MAX)', async () => {
    const d = await signUp('DISTRIBUTOR');
    const unknown = randomBytes(32).toString('base64url');
    for (let i = 0; i < INVITE_LIMIT; i++) expect((await d.agent.request('POST', `/api/invites/${unknown}/accept`, {})).status).toBe(404);
    const limited = await d.agent.request('POST', `/api/invites/${unknown}/accept`, {});
    expectError(limited, 429, 'RATE_LIMITED');
    // Another address is not affected.
    const elsewhere = new Agent(t.app, randomIp());
    elsewhere.cookie = d.agent.cookie;
    expect((await elsewhere.request('POST', `/api/invites/${unknown}/accept`, {})).status).toBe(404);
  });
});

// Issue 15 item 10: a pending invite's link can be copied again, by its
// principal only; both lists name the other side and its contact's email.
describe('copying an invite link again', () => {
  const linkOf = (who: Org, id: string) => who.agent.request('GET', `/api/connections/invites/${id}/link`);
  const listed = async (who: Org, id: string) => (await who.agent.request('GET', '/api/connections')).body.data.find((c: { id: string }) => c.id === id);

  it('gives the inviting principal the same link and expiry while the invite is pending; the list says it can be copied', async () => {
    const p = await signUp('PRINCIPAL');
    const invite = await createInvite(p);
    const res = await linkOf(p, invite.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: invite.id, url: invite.url, expiresAt: invite.expiresAt });
    expect(await listed(p, invite.id)).toMatchObject({ kind: 'invite', status: 'PENDING', expiresAt: invite.expiresAt, linkAvailable: true });
    // Kept sealed, never as the token itself (the first test searches every table for it).
    const row = await inviteRow(invite.id);
    expect(row.token_sealed).toEqual(expect.any(String));
    expect(row.token_sealed).not.toContain(invite.token);
  });

  it('is refused to distributors (403) and to other principals (404), whose answers carry no link', async () => {
    const p = await signUp('PRINCIPAL');
    const other = await signUp('PRINCIPAL');
    const d = await signUp('DISTRIBUTOR');
    const invite = await createInvite(p);
    expectError(await linkOf(d, invite.id), 403, 'FORBIDDEN');
    const foreign = await linkOf(other, invite.id);
    expectError(foreign, 404, 'NOT_FOUND');
    expect(JSON.stringify(foreign.body)).not.toContain(invite.token);
    expectError(await linkOf(p, randomUUID()), 404, 'NOT_FOUND');
  });

  it('ends once the invite is answered, cancelled or expired (409), and the list stops offering it', async () => {
    const p = await signUp('PRINCIPAL');
    const d = await signUp('DISTRIBUTOR');
    const accepted = await createInvite(p);
    expect((await d.agent.request('POST', `/api/invites/${accepted.token}/accept`, {})).status).toBe(200);
    expectError(await linkOf(p, accepted.id), 409, 'INVALID_STATE');

    const cancelled = await createInvite(p);
    expect((await p.agent.request('POST', `/api/connections/invites/${cancelled.id}/cancel`)).status).toBe(204);
    expectError(await linkOf(p, cancelled.id), 409, 'INVALID_STATE');

    const expiring = await createInvite(p);
    freezeClock(new Date(new Date(expiring.expiresAt).getTime() + 1000));
    expectError(await linkOf(p, expiring.id), 409, 'INVALID_STATE');
    expect(await listed(p, expiring.id)).toMatchObject({ status: 'EXPIRED', linkAvailable: false });
  });

  it('is unavailable for an invite made before links were kept, which still works', async () => {
    const p = await signUp('PRINCIPAL');
    const d = await signUp('DISTRIBUTOR');
    const invite = await createInvite(p);
    await owner.query('update connection_invites set token_sealed = null where id = $1', [invite.id]);
    expectError(await linkOf(p, invite.id), 409, 'INVITE_LINK_UNAVAILABLE');
    expect(await listed(p, invite.id)).toMatchObject({ status: 'PENDING', linkAvailable: false });
    // A sealed token moved onto another invite's row does not open there either.
    const other = await createInvite(p);
    await owner.query('update connection_invites set token_sealed = (select token_sealed from connection_invites where id = $1) where id = $2', [
      other.id,
      invite.id,
    ]);
    expectError(await linkOf(p, invite.id), 409, 'INVITE_LINK_UNAVAILABLE');
    expect((await d.agent.request('POST', `/api/invites/${invite.token}/accept`, {})).status).toBe(200);
  });
});

describe('connection lists name each side and its contact', () => {
  it('the principal sees the distributor’s name and the email of who answered; the distributor sees the principal’s and its inviter’s', async () => {
    const p = await signUp('PRINCIPAL');
    const d = await signUp('DISTRIBUTOR');
    const declining = await signUp('DISTRIBUTOR');
    const id = await connect(p, d);
    const invite = await createInvite(p);
    expect((await declining.agent.request('POST', `/api/invites/${invite.token}/decline`)).status).toBe(200);

    const principalList = (await p.agent.request('GET', '/api/connections')).body.data;
    expect(principalList.find((c: { id: string }) => c.id === id)).toMatchObject({
      status: 'CONNECTED',
      principal: { id: p.orgId, name: p.name, email: p.email },
      distributor: { id: d.orgId, name: d.name, email: d.email },
    });
    expect(principalList.find((c: { distributor: { id: string } | null }) => c.distributor?.id === declining.orgId)).toMatchObject({
      status: 'DECLINED',
      distributor: { name: declining.name, email: declining.email },
    });
    const distributorList = (await d.agent.request('GET', '/api/connections')).body;
    expect(distributorList.data).toEqual([
      expect.objectContaining({ id, principal: { id: p.orgId, name: p.name, email: p.email }, distributor: { id: d.orgId, name: d.name, email: d.email } }),
    ]);
    // Neither distributor learns anything of the other.
    const text = JSON.stringify(distributorList);
    expect(text).not.toContain(declining.email);
    expect(JSON.stringify((await declining.agent.request('GET', '/api/connections')).body)).not.toContain(d.email);
  });
});

describe('revoke', () => {
  it('either side revokes; it takes effect on the very next request', async () => {
    const p = await signUp('PRINCIPAL');
    const d = await signUp('DISTRIBUTOR');
    const docId = await addDocument(d.orgId, await addIntegration(d.orgId), 'SALES_INVOICE', `INV-${d.orgId}`);

    // Revoked by the distributor.
    let connectionId = await connect(p, d);
    expect(await documentNumbers(p)).toEqual([`INV-${d.orgId}`]);
    expect((await d.agent.request('POST', `/api/connections/${connectionId}/revoke`)).status).toBe(204);
    expect(await documentNumbers(p)).toEqual([]);
    expectError(await p.agent.request('GET', `/api/documents/${docId}`), 404, 'NOT_FOUND');
    for (const side of [p, d]) {
      const list = await side.agent.request('GET', '/api/connections');
      expect(list.body.data.find((c: { id: string }) => c.id === connectionId)).toMatchObject({ status: 'REVOKED', revokedAt: expect.any(String) });
    }
    expectError(await p.agent.request('POST', `/api/connections/${connectionId}/revoke`), 409, 'INVALID_STATE');

    // Connected again, then revoked by the principal.
    connectionId = await connect(p, d);
    expect((await p.agent.request('GET', `/api/documents/${docId}`)).status).toBe(200);
    expect((await p.agent.request('POST', `/api/connections/${connectionId}/revoke`)).status).toBe(204);
    expectError(await p.agent.request('GET', `/api/documents/${docId}`), 404, 'NOT_FOUND');
    expect(await documentNumbers(p)).toEqual([]);
    const distributorList = await d.agent.request('GET', '/api/connections');
    expect(distributorList.body.data.find((c: { id: string }) => c.id === connectionId)).toMatchObject({ status: 'REVOKED' });
  });
});

describe('audit', () => {
  it('records created, accepted, declined, revoked and expired with actor and time; each side sees its own connection history', async () => {
    const p = await signUp('PRINCIPAL');
    const d1 = await signUp('DISTRIBUTOR');
    const d2 = await signUp('DISTRIBUTOR');
    const stranger = await signUp('PRINCIPAL');

    const accepted = await connect(p, d1);
    const declineInvite = await createInvite(p);
    const declined = (await d2.agent.request('POST', `/api/invites/${declineInvite.token}/decline`)).body.id as string;
    expect((await p.agent.request('POST', `/api/connections/${accepted}/revoke`)).status).toBe(204);
    const lapsing = await createInvite(p);
    freezeClock(new Date(new Date(lapsing.expiresAt).getTime() + 1000));

    type Event = { action: string; actorUserId: string | null; actorOrgId: string | null; targetId: string; createdAt: string };
    const historyOf = async (o: Org) => {
      const res = await o.agent.request('GET', '/api/connections/history');
      expect(res.status).toBe(200);
      // Exactly the contract's fields (strict): nothing more, e.g. no owning organizationId.
      expect(z.strictObject({ data: z.array(z.strictObject(auditEvent.shape)) }).safeParse(res.body).error).toBeUndefined();
      return res.body.data as Event[];
    };
    const principalHistory = await historyOf(p);
    const byAction = (events: Event[], action: string) => events.filter((e) => e.action === action);
    expect(byAction(principalHistory, 'connection.invite_created')).toHaveLength(3);
    expect(byAction(principalHistory, 'connection.accepted')).toEqual([
      expect.objectContaining({ targetId: accepted, actorOrgId: d1.orgId, actorUserId: expect.any(String) }),
    ]);
    expect(byAction(principalHistory, 'connection.declined')).toEqual([expect.objectContaining({ targetId: declined, actorOrgId: d2.orgId })]);
    expect(byAction(principalHistory, 'connection.revoked')).toEqual([expect.objectContaining({ targetId: accepted, actorOrgId: p.orgId })]);
    expect(byAction(principalHistory, 'connection.invite_expired')).toEqual([expect.objectContaining({ targetId: lapsing.id, actorOrgId: null })]);
    for (const e of principalHistory) expect(Number.isNaN(Date.parse(e.createdAt))).toBe(false);

    const d1History = await historyOf(d1);
    expect(d1History.map((e) => e.action).sort()).toEqual(['connection.accepted', 'connection.revoked']);
    expect(d1History.every((e) => e.targetId === accepted)).toBe(true);
    expect(byAction(d1History, 'connection.revoked')[0]).toMatchObject({ actorOrgId: p.orgId });
    const d2History = await historyOf(d2);
    expect(d2History.map((e) => e.action)).toEqual(['connection.declined']);
    expect(await historyOf(stranger)).toEqual([]);
  });
});

describe('cross-tenant isolation with foreign ids', () => {
  let p1: Org, d1: Org, p2: Org, d2: Org, loneP: Org, loneD: Org;
  let c11: string;
  let pendingInvite: { id: string; token: string };
  let d1Integration: string;
  let d1Docs: string[];
  const d1Numbers: string[] = [];
  const d2Numbers: string[] = [];

  beforeAll(async () => {
    [p1, d1, p2, d2, loneP, loneD] = [
      await signUp('PRINCIPAL', 'p-one'),
      await signUp('DISTRIBUTOR', 'd-one'),
      await signUp('PRINCIPAL', 'p-two'),
      await signUp('DISTRIBUTOR', 'd-two'),
      await signUp('PRINCIPAL', 'p-lone'),
      await signUp('DISTRIBUTOR', 'd-lone'),
    ];
    d1Integration = await addIntegration(d1.orgId);
    const d2Integration = await addIntegration(d2.orgId);
    d1Docs = [];
    for (const type of TYPES) {
      d1Numbers.push(`D1-${type}`);
      d1Docs.push(await addDocument(d1.orgId, d1Integration, type, `D1-${type}`));
      d2Numbers.push(`D2-${type}`);
      await addDocument(d2.orgId, d2Integration, type, `D2-${type}`);
    }
    c11 = await connect(p1, d1);
    await connect(p2, d2);
    pendingInvite = await createInvite(p1);
    d1Numbers.sort();
    d2Numbers.sort();
  });

  const outsiders = () => ({ p2, d2, loneP, loneD });
  const foreignIds = () => [p1.orgId, d1.orgId, c11, pendingInvite.id, d1Integration, ...d1Docs];

  it('GET /api/connections lists none of the other tenants’ connections or invites', async () => {
    for (const [who, o] of Object.entries(outsiders())) {
      const res = await o.agent.request('GET', '/api/connections');
      expect(res.status, who).toBe(200);
      const text = JSON.stringify(res.body);
      for (const id of foreignIds()) expect(text, who).not.toContain(id);
      expect(text).not.toContain(p1.name);
      expect(text).not.toContain(d1.name);
    }
    expect((await loneP.agent.request('GET', '/api/connections')).body).toEqual({ data: [], nextCursor: null, total: 0 });
  });

  it('GET /api/connections/history shows none of the other tenants’ events', async () => {
    for (const [who, o] of Object.entries(outsiders())) {
      const res = await o.agent.request('GET', '/api/connections/history');
      expect(res.status, who).toBe(200);
      const text = JSON.stringify(res.body);
      for (const id of foreignIds()) expect(text, who).not.toContain(id);
    }
    expect((await loneD.agent.request('GET', '/api/connections/history')).body).toEqual({ data: [] });
  });

  it('POST /api/connections/:id/revoke with a foreign connection id is 404 and changes nothing', async () => {
    for (const [who, o] of Object.entries(outsiders())) {
      const res = await o.agent.request('POST', `/api/connections/${c11}/revoke`);
      expect(res.status, who).toBe(404);
      expectError(res, 404, 'NOT_FOUND');
    }
    expect((await owner.query('select status from connections where id = $1', [c11])).rows[0].status).toBe('CONNECTED');
    expect(await documentNumbers(p1)).toEqual(d1Numbers);
  });

  it('POST /api/connections/invites/:id/cancel with a foreign invite id is 404 for principals, 403 for distributors, and changes nothing', async () => {
    for (const o of [p2, loneP]) expectError(await o.agent.request('POST', `/api/connections/invites/${pendingInvite.id}/cancel`), 404, 'NOT_FOUND');
    for (const o of [d1, d2, loneD]) expectError(await o.agent.request('POST', `/api/connections/invites/${pendingInvite.id}/cancel`), 403, 'FORBIDDEN');
    // A connection id is not an invite id either.
    expectError(await p2.agent.request('POST', `/api/connections/invites/${c11}/cancel`), 404, 'NOT_FOUND');
    expect((await inviteRow(pendingInvite.id)).status).toBe('PENDING');
  });

  it('GET /api/documents shows only what the caller may see, whatever the filters name', async () => {
    expect(await documentNumbers(p1)).toEqual(d1Numbers);
    expect(await documentNumbers(p2)).toEqual(d2Numbers);
    expect(await documentNumbers(d2)).toEqual(d2Numbers);
    for (const o of [p2, d2, loneP, loneD]) {
      expect(await documentNumbers(o, `&distributorId=${d1.orgId}`)).toEqual([]);
      expect(await documentNumbers(o, `&integrationId=${d1Integration}`)).toEqual([]);
      const res = await o.agent.request('GET', `/api/documents?distributorId=${d1.orgId}`);
      expect(res.body.total).toBe(0);
      expect(res.body.totals).toEqual({ documents: 0, byType: [], byCurrency: [], byDistributor: [] });
    }
    expect(await documentNumbers(loneP)).toEqual([]);
    expect(await documentNumbers(loneD)).toEqual([]);
    const p2List = await p2.agent.request('GET', '/api/documents');
    expect(p2List.body.totals.byDistributor.map((b: { id: string }) => b.id)).toEqual([d2.orgId]);
  });

  it('GET /api/documents/:id with a foreign document id is 404', async () => {
    for (const [who, o] of Object.entries(outsiders())) {
      for (const id of d1Docs) {
        const res = await o.agent.request('GET', `/api/documents/${id}`);
        expect(res.status, who).toBe(404);
        expectError(res, 404, 'NOT_FOUND');
      }
    }
    expect((await p1.agent.request('GET', `/api/documents/${d1Docs[0]}`)).status).toBe(200);
  });

  it('GET /api/documents/export contains no foreign rows', async () => {
    const exportOf = async (o: Org, query = '') => {
      const res = await o.agent.request('GET', `/api/documents/export?format=csv${query}`);
      expect(res.status).toBe(200);
      return String(res.body)
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n');
    };
    const p1Rows = await exportOf(p1);
    expect(p1Rows).toHaveLength(1 + d1Numbers.length);
    for (const [who, o] of Object.entries(outsiders())) {
      const rows = await exportOf(o);
      for (const n of d1Numbers) expect(rows.join('\n'), who).not.toContain(n);
      expect(await exportOf(o, `&distributorId=${d1.orgId}`), who).toHaveLength(1); // the header only
    }
    expect(await exportOf(loneP)).toHaveLength(1);
  });

  it('GET /api/documents/series has no foreign amounts', async () => {
    const p1Series = await p1.agent.request('GET', '/api/documents/series?granularity=month');
    expect(p1Series.body.data).toHaveLength(TYPES.length);
    for (const [who, o] of Object.entries(outsiders())) {
      const res = await o.agent.request('GET', `/api/documents/series?distributorId=${d1.orgId}`);
      expect(res.status, who).toBe(200);
      expect(res.body, who).toEqual({ data: [] });
    }
    expect((await loneP.agent.request('GET', '/api/documents/series')).body).toEqual({ data: [] });
  });
});

describe('scoped documents: connected distributors, consented types, chosen integrations', () => {
  it('a principal without filters sees exactly its scope, in the API and in the database itself; after revoke nothing', async () => {
    const p = await signUp('PRINCIPAL');
    const chosen = await signUp('DISTRIBUTOR', 'chosen');
    const declined = await signUp('DISTRIBUTOR', 'declined');
    const revoked = await signUp('DISTRIBUTOR', 'revoked');
    const elsewhere = await signUp('DISTRIBUTOR', 'elsewhere');
    const otherPrincipal = await signUp('PRINCIPAL');

    const docs = new Map<string, { id: string; org: string; type: string; integration: string }>();
    const seed = async (o: Org) => {
      const integrations = [await addIntegration(o.orgId, 'first'), await addIntegration(o.orgId, 'second')];
      for (const [i, integration] of integrations.entries()) {
        for (const type of TYPES) {
          const number = `${o.name}/${i}/${type}`;
          docs.set(number, { id: await addDocument(o.orgId, integration, type, number), org: o.orgId, type, integration });
        }
      }
      return integrations;
    };
    const [chosenFirst] = await seed(chosen);
    await Promise.all([seed(declined), seed(revoked), seed(elsewhere)]);

    const connectionId = await connect(p, chosen, { documentTypes: ['SALES_ORDER', 'SALES_INVOICE'], integrationIds: [chosenFirst] });
    const declineInvite = await createInvite(p);
    expect((await declined.agent.request('POST', `/api/invites/${declineInvite.token}/decline`)).status).toBe(200);
    const revokedId = await connect(p, revoked);
    expect((await revoked.agent.request('POST', `/api/connections/${revokedId}/revoke`)).status).toBe(204);
    await connect(otherPrincipal, elsewhere);

    const expected = [`${chosen.name}/0/SALES_INVOICE`, `${chosen.name}/0/SALES_ORDER`];
    // Through the API, without any filter.
    expect(await documentNumbers(p)).toEqual(expected);
    const list = await p.agent.request('GET', '/api/documents');
    const byType = [
      { type: 'SALES_ORDER', currency: 'IDR', documents: 1, amount: '111.00' },
      { type: 'SALES_INVOICE', currency: 'IDR', documents: 1, amount: '111.00' },
    ];
    const byCurrency = [{ currency: 'IDR', documents: 2, amount: '222.00' }];
    expect(list.body.totals).toEqual({
      documents: 2,
      byType,
      byCurrency,
      byDistributor: [{ id: chosen.orgId, name: chosen.name, documents: 2, byType, byCurrency }],
    });
    for (const [number, d] of docs) {
      const res = await p.agent.request('GET', `/api/documents/${d.id}`);
      expect(res.status, number).toBe(expected.includes(number) ? 200 : 404);
    }

    // In the database, as the application role with only the principal set:
    // the row-level-security policy, not the service, decides.
    const raw = () =>
      tenants.runAsOrg(p.orgId, async (tx) => ({
        documents: await tx.$queryRaw<{ number: string; organization_id: string; type: string; integration_id: string }[]>`
          select number, organization_id::text, type::text, integration_id::text from documents order by number`,
        lines: await tx.$queryRaw<{ document_id: string }[]>`select document_id::text from document_lines`,
      }));
    const scoped = await raw();
    expect(scoped.documents.map((r) => r.number)).toEqual(expected);
    for (const r of scoped.documents) {
      expect(r.organization_id).toBe(chosen.orgId);
      expect(r.integration_id).toBe(chosenFirst);
      expect(['SALES_ORDER', 'SALES_INVOICE']).toContain(r.type);
    }
    expect(scoped.lines.map((l) => l.document_id).sort()).toEqual(expected.map((n) => docs.get(n)!.id).sort());
    // Read-only: the policy grants no writes on the distributor's rows.
    const changed = await tenants.runAsOrg(p.orgId, (tx) => tx.$executeRaw`update documents set total = 0`);
    expect(changed).toBe(0);
    await expect(
      tenants.runAsOrg(
        p.orgId,
        (tx) => tx.$executeRaw`
        insert into documents (id, organization_id, integration_id, type, source_id, number, date, subtotal, discount, tax, total, source_updated_at, template_version)
        values (gen_random_uuid(), ${chosen.orgId}::uuid, ${chosenFirst}::uuid, 'SALES_ORDER', 'forged', 'forged', '2026-01-01', 0, 0, 0, 0, now(), 1)`,
      ),
    ).rejects.toThrow(/row-level security/);

    expect((await chosen.agent.request('POST', `/api/connections/${connectionId}/revoke`)).status).toBe(204);
    expect(await documentNumbers(p)).toEqual([]);
    expect(await raw()).toEqual({ documents: [], lines: [] });
    // The distributor still sees all of its own documents.
    expect(await documentNumbers(chosen)).toHaveLength(2 * TYPES.length);
  }, 60_000);
});
