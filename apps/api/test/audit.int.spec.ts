import { randomBytes, randomUUID } from 'node:crypto';
import { AUDIT_CSV_COLUMNS, adminAuditEventList, auditEventList, QUEUES } from '@portal/contracts';
import { appDatabaseUrl, createPrismaClient, type PrismaClient } from '@portal/db';
import { seedDemoData } from '@portal/db/seed';
import { Agent, eventually, randomIp, register, type Party, type RunningSampleDms, startSampleDms } from '@portal/testing';
import { Queue } from 'bullmq';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app';

const ADMIN = { email: 'admin.audit@test.local', password: 'admin-password-123' };
const RIGHT_KEY = '446-bebaspakaivalueapapun';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/5';
const QUEUE_PREFIX = `it_audit_${randomBytes(4).toString('hex')}`;

let t: TestApp;
let dms: RunningSampleDms;
let owner: PrismaClient;
let queue: Queue;

beforeAll(async () => {
  dms = await startSampleDms({ docsPerType: 2 });
  t = await startTestApp('api_audit', { DMS_BASE_URL: dms.url, QUEUE_PREFIX });
  owner = createPrismaClient(t.ownerUrl, { poolMax: 1 });
  queue = new Queue(QUEUES.sync, { connection: { url: REDIS_URL }, prefix: QUEUE_PREFIX });
}, 60_000);

afterAll(async () => {
  await queue?.obliterate({ force: true });
  await queue?.close();
  await owner?.$disconnect();
  await t?.close();
  await dms?.close();
});

type Row = { id: string; action: string; createdAt: string; actor: { type: string; id: string | null; label: string | null }; requestId: string | null };

const list = async (agent: Agent, query: string) => {
  const res = await agent.request('GET', `/api/audit-events${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(auditEventList.safeParse(res.body).error).toBeUndefined();
  return res.body as { data: Row[]; nextCursor: string | null };
};

/** Every page of a query, following nextCursor. */
async function allPages(agent: Agent, query: string, limit: number): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const page = await list(agent, `${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.data.length).toBeLessThanOrEqual(limit);
    rows.push(...page.data);
    cursor = page.nextCursor;
    if (!cursor) return rows;
  }
  throw new Error('too many pages');
}

/** Rows written straight into the table (as the owner), all at one instant, so only the id orders them. */
async function seedRows(orgId: string, n: number, at: Date, action: string, actor: { id: string; label: string }) {
  const ids = Array.from({ length: n }, () => randomUUID());
  for (const id of ids) {
    await owner.$executeRawUnsafe(
      `insert into audit_events (id, organization_id, actor_type, actor_id, actor_label, action, target_type, target_id, created_at)
       values ($1::uuid, $2::uuid, 'USER', $3, $4, $5, 'integration', $6, $7)`,
      id,
      orgId,
      actor.id,
      actor.label,
      action,
      randomUUID(),
      at,
    );
  }
  return ids;
}

async function signInAdmin(): Promise<Agent> {
  await seedDemoData(t.ownerUrl, { NODE_ENV: 'production', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  const admin = new Agent(t.app, randomIp());
  expect((await admin.request('POST', '/api/auth/login', ADMIN)).status).toBe(200);
  return admin;
}

describe('audit log: sign-ins', () => {
  it('records a login with its request id, a failed login on an existing account, and the logout', async () => {
    const a = await register(t.app, 'DISTRIBUTOR');
    const stranger = new Agent(t.app, randomIp());
    expect((await stranger.request('POST', '/api/auth/login', { email: a.email, password: 'wrong-password-1' })).status).toBe(401);

    const requestId = `req-login-${randomBytes(4).toString('hex')}`;
    const user = new Agent(t.app, randomIp());
    const login = await user.request('POST', '/api/auth/login', { email: a.email, password: 'correct-horse-battery' }, { 'x-request-id': requestId });
    expect(login.status).toBe(200);
    expect(login.headers['x-request-id']).toBe(requestId);

    const succeeded = await list(a.agent, '?action=auth.login_succeeded');
    expect(succeeded.data).toHaveLength(1);
    expect(succeeded.data[0]).toMatchObject({ requestId, actor: { type: 'USER', id: login.body.user.id, label: a.email }, targetId: login.body.user.id });

    // Written beside the answer (not awaited, so its time says nothing about whether the email exists).
    const failed = await eventually('the failed login row', async () => (await list(a.agent, '?action=auth.login_failed')).data[0]);
    expect(failed).toMatchObject({ actor: { type: 'SYSTEM', id: null }, targetType: 'user', targetId: login.body.user.id, metadata: { email: a.email } });
    expect(JSON.stringify(failed)).not.toContain('wrong-password-1');

    const logout = await user.request('POST', '/api/auth/logout', undefined, { 'x-request-id': `${requestId}-out` });
    expect(logout.status).toBe(204);
    const out = await list(a.agent, '?action=auth.logged_out');
    expect(out.data.map((r) => [r.requestId, r.actor.label])).toEqual([[`${requestId}-out`, a.email]]);
  });

  it('records nothing for an email without an account', async () => {
    const before = await owner.auditEvent.count({ where: { action: 'auth.login_failed' } });
    const res = await new Agent(t.app, randomIp()).request('POST', '/api/auth/login', { email: 'nobody.audit@test.local', password: 'whatever-123' });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(await owner.auditEvent.count({ where: { action: 'auth.login_failed' } })).toBe(before);
  });
});

describe('audit log: list, filters and pages', () => {
  let a: Party;
  let b: Party;
  const at = new Date('2026-10-01T03:00:00.000Z');
  let renamed: string[];
  let enabled: string[];

  beforeAll(async () => {
    a = await register(t.app, 'DISTRIBUTOR');
    b = await register(t.app, 'PRINCIPAL');
    renamed = await seedRows(a.orgId, 7, at, 'integration.renamed', { id: 'user-1', label: 'Siti@Example.co.id' });
    enabled = await seedRows(a.orgId, 3, new Date(at.getTime() - 60_000), 'integration.enabled', { id: 'user-2', label: 'andi@example.co.id' });
    await seedRows(b.orgId, 4, at, 'integration.renamed', { id: 'user-9', label: 'b@example.co.id' });
  });

  it('pages newest first with equal timestamps: every row exactly once, ordered by (time, id)', async () => {
    const rows = await allPages(a.agent, `?action=integration.renamed,integration.enabled`, 3);
    const expected = [...renamed.sort().reverse(), ...enabled.sort().reverse()];
    expect(rows.map((r) => r.id)).toEqual(expected);
  });

  it('filters by one or more actions, by actor id or label (any case), and by time range (from inclusive, to exclusive)', async () => {
    expect((await allPages(a.agent, '?action=integration.enabled', 50)).map((r) => r.id).sort()).toEqual([...enabled].sort());
    expect((await allPages(a.agent, '?action=integration.enabled&action=integration.renamed', 50)).length).toBe(10);
    expect((await allPages(a.agent, '?actor=user-2', 50)).map((r) => r.id).sort()).toEqual([...enabled].sort());
    expect((await allPages(a.agent, '?actor=siti@example.co.id', 50)).map((r) => r.id).sort()).toEqual([...renamed].sort());
    expect((await allPages(a.agent, `?from=${at.toISOString()}&to=2026-10-01T03:00:00.001Z`, 50)).map((r) => r.id).sort()).toEqual([...renamed].sort());
    expect((await allPages(a.agent, `?to=${at.toISOString()}&action=integration.renamed,integration.enabled`, 50)).map((r) => r.id).sort()).toEqual(
      [...enabled].sort(),
    );
  });

  it('reads an actor filter as text: wildcards and backslashes match only themselves', async () => {
    const odd = await seedRows(a.orgId, 1, new Date(at.getTime() - 120_000), 'integration.deleted', { id: 'user-4', label: 'under_score%\\x@example.co.id' });
    expect((await allPages(a.agent, `?actor=${encodeURIComponent('UNDER_SCORE%\\X@example.co.id')}`, 50)).map((r) => r.id)).toEqual(odd);
    expect(await allPages(a.agent, `?actor=${encodeURIComponent('underXscore%\\x@example.co.id')}`, 50)).toEqual([]);
    expect(await allPages(a.agent, `?actor=${encodeURIComponent('under_score_%x@example.co.id')}`, 50)).toEqual([]);
    expect(await allPages(a.agent, `?actor=${encodeURIComponent('%')}`, 50)).toEqual([]);
    expect(await allPages(a.agent, `?actor=${encodeURIComponent('\\')}`, 50)).toEqual([]);
  });

  it('refuses an unknown action and a crafted cursor with 400', async () => {
    const bad = await a.agent.request('GET', '/api/audit-events?action=integration.exploded');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const cursor = await a.agent.request('GET', '/api/audit-events?cursor=bm90LWEtY3Vyc29y');
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.code).toBe('INVALID_CURSOR');
  });

  it("never shows an organisation another's events; a platform admin sees every organisation's, filterable by organisation", async () => {
    const seenByB = await allPages(b.agent, '?action=integration.renamed', 50);
    expect(seenByB).toHaveLength(4);
    expect(seenByB.some((r) => renamed.includes(r.id))).toBe(false);
    // Naming A's actor does not reach A's rows either.
    expect(await allPages(b.agent, '?actor=user-1', 50)).toEqual([]);

    const admin = await signInAdmin();
    const all = await admin.request('GET', '/api/admin/audit-events?action=integration.renamed&limit=200');
    expect(all.status).toBe(200);
    expect(adminAuditEventList.safeParse(all.body).error).toBeUndefined();
    const orgs = new Set(all.body.data.map((r: { organizationId: string }) => r.organizationId));
    expect(orgs).toEqual(new Set([a.orgId, b.orgId]));
    expect(all.body.data.find((r: { organizationId: string }) => r.organizationId === a.orgId).organizationName).toBe(a.orgName);
    const onlyB = await admin.request('GET', `/api/admin/audit-events?organizationId=${b.orgId}&action=integration.renamed`);
    expect(onlyB.body.data).toHaveLength(4);

    // The admin screens are the admin's only.
    expect((await a.agent.request('GET', '/api/admin/audit-events')).status).toBe(403);
    expect((await a.agent.request('GET', '/api/admin/audit-events/export.csv')).status).toBe(403);
  });

  it('exports the filtered log as well-formed CSV: attachment, BOM, the header, one line per row, quoting and formula-safe text', async () => {
    await seedRows(a.orgId, 1, new Date(at.getTime() + 1000), 'integration.created', { id: 'user-3', label: '=HYPERLINK("x"), "quoted"' });
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/audit-events/export.csv?action=integration.created,integration.enabled',
      headers: { cookie: a.agent.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.startsWith('\ufeff')).toBe(true);
    const records: string[][] = parse(res.body.slice(1), { relax_column_count: false });
    expect(records[0]).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(records).toHaveLength(1 + 1 + 3);
    const first = Object.fromEntries(AUDIT_CSV_COLUMNS.map((c, i) => [c, records[1]![i]]));
    expect(first).toMatchObject({ organization_id: a.orgId, organization: a.orgName, action: 'integration.created', actor_type: 'USER', actor_id: 'user-3' });
    expect(first.actor).toBe(`'=HYPERLINK("x"), "quoted"`);
    expect(records.slice(2).map((r) => r[3])).toEqual(['integration.enabled', 'integration.enabled', 'integration.enabled']);

    const admin = await signInAdmin();
    const all = await t.app.inject({ method: 'GET', url: `/api/admin/audit-events/export.csv?organizationId=${b.orgId}`, headers: { cookie: admin.cookie } });
    expect(all.statusCode).toBe(200);
    const rows: string[][] = parse(all.body.slice(1));
    expect(rows.slice(1).every((r) => r[1] === b.orgId && r[2] === b.orgName)).toBe(true);
    expect(rows.length).toBeGreaterThanOrEqual(5);
  });
});

describe('audit log: append-only and never a secret', () => {
  it('the application role may add rows but neither change nor delete one', async () => {
    const a = await register(t.app, 'DISTRIBUTOR');
    const app = createPrismaClient(appDatabaseUrl(t.ownerUrl), { poolMax: 1 });
    const asA = (sql: string) =>
      app.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`select set_config('app.org_id', $1, true)`, a.orgId);
        return tx.$executeRawUnsafe(sql, ...(sql.includes('$1') ? [a.orgId] : []));
      });
    try {
      expect(await asA(`insert into audit_events (id, organization_id, action) values (gen_random_uuid(), $1::uuid, 'integration.created')`)).toBe(1);
      await expect(asA(`update audit_events set action = 'integration.deleted' where organization_id = $1::uuid`)).rejects.toThrow(/permission denied/);
      await expect(asA(`delete from audit_events where organization_id = $1::uuid`)).rejects.toThrow(/permission denied/);
      await expect(asA(`truncate audit_events`)).rejects.toThrow(/permission denied/);
      expect(await owner.auditEvent.count({ where: { organizationId: a.orgId, action: 'integration.created' } })).toBe(1);
      // Deleting the organisation itself (no screen does) still takes its log with it: the cascade runs as the table's owner.
      expect(await asA(`delete from organizations where id = $1::uuid`)).toBe(1);
      expect(await owner.auditEvent.count({ where: { organizationId: a.orgId } })).toBe(0);
    } finally {
      await app.$disconnect();
    }
  });

  it('an AccessKey set by the admin and an ingestion key never land in the audit rows; the admin is the actor with the request id', async () => {
    const d = await register(t.app, 'DISTRIBUTOR');
    const created = await d.agent.request('POST', '/api/integrations', { kind: 'DMS' });
    expect(created.status).toBe(201);
    const external = await d.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL' });
    expect(external.status).toBe(201);
    const admin = await signInAdmin();
    const requestId = `req-key-${randomBytes(4).toString('hex')}`;
    const set = await admin.request('PUT', `/api/admin/integrations/${created.body.id}/access-key`, { accessKey: RIGHT_KEY }, { 'x-request-id': requestId });
    expect(set.status).toBe(200);

    const rows = await owner.$queryRawUnsafe<{ row: string }[]>(
      `select row_to_json(a)::text as row from audit_events a where organization_id = $1::uuid`,
      d.orgId,
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const { row } of rows) {
      expect(row).not.toContain(RIGHT_KEY);
      expect(row).not.toContain(external.body.apiKey.split('.')[1]);
    }
    const keySet = await owner.auditEvent.findFirstOrThrow({ where: { organizationId: d.orgId, action: 'integration.access_key_set' } });
    expect(keySet).toMatchObject({ requestId, actorType: 'USER', actorLabel: ADMIN.email });
  });

  it('records before and after of a change, and keeps who acted after the user is gone', async () => {
    const d = await register(t.app, 'DISTRIBUTOR');
    const created = await d.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL' });
    const renamed = await d.agent.request('PATCH', `/api/integrations/${created.body.id}`, { name: 'Gudang Surabaya' });
    expect(renamed.status).toBe(200);
    const row = (await list(d.agent, '?action=integration.renamed')).data[0] as Row & { before: unknown; after: unknown };
    expect(row.before).toEqual({ name: created.body.name });
    expect(row.after).toEqual({ name: 'Gudang Surabaya' });

    // Labels are kept on the row: the log still names the user after the account is gone.
    await owner.$executeRawUnsafe(`update users set email = 'renamed-' || email where organization_id = $1::uuid`, d.orgId);
    expect((await owner.auditEvent.findUniqueOrThrow({ where: { id: row.id } })).actorLabel).toBe(d.email);
  });
});
