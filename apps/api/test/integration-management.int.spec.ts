import { randomBytes } from 'node:crypto';
import { QUEUES, syncSchedulerId } from '@portal/contracts';
import { seedDemoData } from '@portal/db/seed';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, register, type RunningSampleDms, startSampleDms } from '@portal/testing';
import { startTestApp, type TestApp } from './test-app';

const RIGHT_KEY = '446-bebaspakaivalueapapun';
const ADMIN = { email: 'admin.management@test.local', password: 'admin-password-123' };
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/5';
const QUEUE_PREFIX = `it_int_mgmt_${randomBytes(4).toString('hex')}`;

let dms: RunningSampleDms;
let t: TestApp;
let queue: Queue;
let admin: Agent;

beforeAll(async () => {
  dms = await startSampleDms({ docsPerType: 5 });
  t = await startTestApp('api_integration_mgmt', { DMS_BASE_URL: dms.url, QUEUE_PREFIX });
  queue = new Queue(QUEUES.sync, { connection: { url: REDIS_URL }, prefix: QUEUE_PREFIX });
  await seedDemoData(t.ownerUrl, { NODE_ENV: 'production', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  admin = new Agent(t.app);
  expect((await admin.request('POST', '/api/auth/login', ADMIN)).status).toBe(200);
});

afterAll(async () => {
  await queue?.obliterate({ force: true });
  await queue?.close();
  await t?.close();
  await dms?.close();
});

/** A request as an External system makes it: no cookie, the key in the Authorization header. */
async function push(apiKey: string, sourceId: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/ingest/sales-orders',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    payload: JSON.stringify({
      documents: [
        {
          sourceId,
          number: `SO/${sourceId}`,
          date: '2026-11-20',
          total: '20000.00',
          lines: [{ productCode: 'P001', productName: 'Mie Goreng', quantity: '2', unit: 'PCS', unitPrice: '10000', amount: '20000' }],
        },
      ],
    }),
  });
  return res.statusCode;
}

describe('renaming an integration', () => {
  it('the new name is shown in the list and on the integration; blank names are refused; others cannot rename it', async () => {
    const a = await register(t.app, 'DISTRIBUTOR');
    const b = await register(t.app, 'DISTRIBUTOR');
    const id = (await a.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL', name: 'Toko Online' })).body.id as string;

    const renamed = await a.agent.request('PATCH', `/api/integrations/${id}`, { name: '  Marketplace Tokopedia ' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Marketplace Tokopedia');
    expect((await a.agent.request('GET', '/api/integrations')).body.data.map((i: { name: string }) => i.name)).toEqual(['Marketplace Tokopedia']);

    const blank = await a.agent.request('PATCH', `/api/integrations/${id}`, { name: '   ' });
    expect(blank.status).toBe(400);
    const foreign = await b.agent.request('PATCH', `/api/integrations/${id}`, { name: 'Diambil alih' });
    expect(foreign.status).toBe(404);
    expect((await a.agent.request('GET', `/api/integrations/${id}`)).body.name).toBe('Marketplace Tokopedia');
  });
});

describe("an External integration's ingestion API key", () => {
  it('shows only its prefix; rolling revokes the old key and returns the new one once; revoking stops ingestion', async () => {
    const a = await register(t.app, 'DISTRIBUTOR');
    const created = await a.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL', name: 'ERP Cabang' });
    const id = created.body.id as string;
    const first = created.body.apiKey as string;
    const url = `/api/integrations/${id}/api-key`;

    const shown = await a.agent.request('GET', url);
    expect(shown.status).toBe(200);
    expect(shown.body.current).toMatchObject({ prefix: first.split('.')[0], lastUsedAt: null });
    expect(JSON.stringify(shown.body)).not.toContain(first.split('.')[1]);
    expect(await push(first, 'SO-1')).toBe(200);
    expect((await a.agent.request('GET', url)).body.current.lastUsedAt).not.toBeNull();

    const rolled = await a.agent.request('POST', `${url}/roll`);
    expect(rolled.status).toBe(201);
    const second = rolled.body.apiKey as string;
    expect(second).toMatch(/^pk_[\w-]+\.[\w-]{43}$/);
    expect(second).not.toBe(first);
    expect(rolled.body.current.prefix).toBe(second.split('.')[0]);
    expect(await push(first, 'SO-2')).toBe(401);
    expect(await push(second, 'SO-3')).toBe(200);
    // The new key is shown once: reading the key again gives its prefix only.
    expect(JSON.stringify((await a.agent.request('GET', url)).body)).not.toContain(second.split('.')[1]);

    expect((await a.agent.request('DELETE', url)).status).toBe(204);
    expect((await a.agent.request('GET', url)).body).toEqual({ current: null });
    expect(await push(second, 'SO-4')).toBe(401);

    // After a revoke a roll issues a working key again.
    const third = (await a.agent.request('POST', `${url}/roll`)).body.apiKey as string;
    expect(await push(third, 'SO-5')).toBe(200);

    // The documents that got in are counted per type on the integration.
    expect((await a.agent.request('GET', `/api/integrations/${id}`)).body.documentCounts).toEqual({ SALES_ORDER: 3 });
  });

  it('DMS integrations have none, and another distributor cannot see, roll or revoke the key', async () => {
    const a = await register(t.app, 'DISTRIBUTOR');
    const b = await register(t.app, 'DISTRIBUTOR');
    const dmsId = (await a.agent.request('POST', '/api/integrations', { kind: 'DMS' })).body.id as string;
    const dmsKey = await a.agent.request('POST', `/api/integrations/${dmsId}/api-key/roll`);
    expect(dmsKey.status).toBe(409);
    expect(dmsKey.body.error.code).toBe('INVALID_STATE');

    const created = await a.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL' });
    const url = `/api/integrations/${created.body.id}/api-key`;
    expect((await b.agent.request('GET', url)).status).toBe(404);
    expect((await b.agent.request('POST', `${url}/roll`)).status).toBe(404);
    expect((await b.agent.request('DELETE', url)).status).toBe(404);
    expect(await push(created.body.apiKey, 'SO-1')).toBe(200);
  });
});

describe('the next scheduled sync', () => {
  it("is read from the worker's schedule of an ACTIVE DMS integration; none for External or without a schedule", async () => {
    const a = await register(t.app, 'DISTRIBUTOR');
    const dmsId = (await a.agent.request('POST', '/api/integrations', { kind: 'DMS' })).body.id as string;
    const extId = (await a.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL' })).body.id as string;
    expect((await a.agent.request('GET', `/api/integrations/${dmsId}/sync-schedule`)).body).toEqual({ nextSyncAt: null });

    expect((await admin.request('PUT', `/api/admin/integrations/${dmsId}/access-key`, { accessKey: RIGHT_KEY })).status).toBe(200);
    // What the worker's reconciler does for an ACTIVE DMS integration.
    await queue.upsertJobScheduler(syncSchedulerId(dmsId), { every: 15 * 60_000 }, { name: 'sync.tick', data: { v: 1, integrationId: dmsId } });
    const scheduler = await queue.getJobScheduler(syncSchedulerId(dmsId));
    const res = await a.agent.request('GET', `/api/integrations/${dmsId}/sync-schedule`);
    expect(res.status).toBe(200);
    expect(res.body.nextSyncAt).toBe(new Date(scheduler!.next!).toISOString());
    expect(Date.parse(res.body.nextSyncAt)).toBeGreaterThan(Date.now() - 1000);

    expect((await a.agent.request('GET', `/api/integrations/${extId}/sync-schedule`)).body).toEqual({ nextSyncAt: null });
    const b = await register(t.app, 'DISTRIBUTOR');
    expect((await b.agent.request('GET', `/api/integrations/${dmsId}/sync-schedule`)).status).toBe(404);
  });
});

describe("the admin's list of every integration", () => {
  it('searches by integration or distributor name, filters by state, kind and distributor, pages with a cursor and counts the matches', async () => {
    const tag = randomBytes(3).toString('hex');
    const a = await register(t.app, 'DISTRIBUTOR');
    const b = await register(t.app, 'DISTRIBUTOR');
    const names = [1, 2, 3, 4, 5].map((n) => `Gudang ${tag} ${n}`);
    for (const name of names.slice(0, 3)) await a.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL', name });
    for (const name of names.slice(3)) await b.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL', name });
    const dmsOfB = (await b.agent.request('POST', '/api/integrations', { kind: 'DMS', name: `DMS ${tag}` })).body.id as string;
    await b.agent.request('POST', `/api/integrations/${dmsOfB}/disable`);

    const list = async (query: string) => {
      const res = await admin.request('GET', `/api/admin/integrations?${query}`);
      expect(res.status).toBe(200);
      return res.body as { data: { id: string; name: string; state: string; organization: { id: string } }[]; nextCursor: string | null; total: number };
    };
    // Any case, part of the name.
    const found = await list(`q=GUDANG%20${tag}`);
    expect(found.total).toBe(5);
    expect(found.data.map((i) => i.name)).toEqual(names);

    // The distributor's name finds all of its integrations.
    expect((await list(`q=${encodeURIComponent(b.orgName.toUpperCase())}`)).data.map((i) => i.name)).toEqual([...names.slice(3), `DMS ${tag}`]);
    expect((await list(`q=${tag}&organizationId=${a.orgId}`)).data.map((i) => i.name)).toEqual(names.slice(0, 3));
    expect((await list(`q=${tag}&kind=DMS`)).data.map((i) => i.id)).toEqual([dmsOfB]);
    expect((await list(`q=${tag}&state=DISABLED`)).data.map((i) => i.id)).toEqual([dmsOfB]);
    expect((await list(`q=${tag}&state=ACTIVE&organizationId=${b.orgId}`)).data.map((i) => i.name)).toEqual(names.slice(3));

    // Two pages of two and a last one of two, nothing repeated or skipped, the total on each.
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(`q=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.total).toBe(6);
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((i) => i.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...names, `DMS ${tag}`]);

    const bad = await admin.request('GET', `/api/admin/integrations?cursor=${Buffer.from('nonsense|not-a-uuid').toString('base64url')}`);
    expect(bad.status).toBe(400);
    expect((await a.agent.request('GET', `/api/admin/integrations?q=${tag}`)).status).toBe(403);
  });

  it('opens one integration of any distributor, read-only, and 404 for unknown ids', async () => {
    const a = await register(t.app, 'DISTRIBUTOR');
    const id = (await a.agent.request('POST', '/api/integrations', { kind: 'DMS' })).body.id as string;
    const res = await admin.request('GET', `/api/admin/integrations/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, kind: 'DMS', state: 'AWAITING_ACCESS_KEY', organization: { id: a.orgId, name: a.orgName } });
    expect((await admin.request('GET', '/api/admin/integrations/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await a.agent.request('GET', `/api/admin/integrations/${id}`)).status).toBe(403);
  });
});
