import { randomBytes } from 'node:crypto';
import { QUEUES } from '@portal/contracts';
import { seedDemoData } from '@portal/db/seed';
import { Agent, register, type RunningSampleDms, startSampleDms, startWorkerProcess, type WorkerProcess } from '@portal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obliterateQueues, startTestApp, type TestApp } from './test-app';

// Operability for real: the API and the worker (a child process) on this suite's
// own database, Redis db and BullMQ prefix, with the sample DMS.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/3';
const QUEUE_PREFIX = `it_metrics_${randomBytes(4).toString('hex')}`;
const METRICS_TOKEN = 'scrape-token-0123456789abcdef';
const ADMIN = { email: 'admin.metrics@test.local', password: 'admin-password-123' };
const KEY = '446-bebaspakaivalueapapun';
const TERMINAL = ['SUCCEEDED', 'PARTIAL', 'FAILED'];

let t: TestApp;
let withToken: TestApp;
let dms: RunningSampleDms;
let worker: WorkerProcess;
let admin: Agent;
let distributor: Agent;
let principal: Agent;
let integrationId: string;

/** One sample's value from the text exposition, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = /\{(.*)\}/.exec(line)?.[1] ?? '';
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

async function scrape(app: TestApp, opts: { ip?: string; authorization?: string } = {}) {
  const res = await app.app.inject({
    method: 'GET',
    url: '/api/metrics',
    remoteAddress: opts.ip ?? '127.0.0.1',
    headers: opts.authorization ? { authorization: opts.authorization } : {},
  });
  return { status: res.statusCode, text: res.body, contentType: String(res.headers['content-type']) };
}

beforeAll(async () => {
  dms = await startSampleDms({ docsPerType: 15, malformedRate: 0.2 });
  t = await startTestApp('api_metrics', { REDIS_URL, QUEUE_PREFIX, DMS_BASE_URL: dms.url });
  withToken = await startTestApp('api_metrics_token', { REDIS_URL, QUEUE_PREFIX, METRICS_TOKEN });
  await seedDemoData(t.ownerUrl, { NODE_ENV: 'production', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  admin = new Agent(t.app);
  expect((await admin.request('POST', '/api/auth/login', ADMIN)).status).toBe(200);
  distributor = (await register(t.app, 'DISTRIBUTOR')).agent;
  principal = (await register(t.app, 'PRINCIPAL')).agent;
  integrationId = (await distributor.request('POST', '/api/integrations', { kind: 'DMS' })).body.id;
  worker = await startWorkerProcess({ DATABASE_URL: t.ownerUrl, REDIS_URL, QUEUE_PREFIX, DMS_BASE_URL: dms.url, SYNC_PAGE_SIZE: '10' });
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await obliterateQueues(REDIS_URL, QUEUE_PREFIX);
  await withToken?.close();
  await t?.close();
  await dms?.close();
});

describe('GET /api/metrics', () => {
  it('counts requests by method, route template and status, never by raw URL', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await distributor.request('GET', `/api/integrations/${missing}`)).status).toBe(404);
    expect((await distributor.request('GET', `/api/integrations/${missing}`)).status).toBe(404);
    expect((await distributor.request('GET', '/api/auth/me')).status).toBe(200);
    expect((await distributor.request('GET', `/api/no-such-thing/${missing}`)).status).toBe(404);

    const res = await scrape(t);
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/plain/);
    expect(sample(res.text, 'portal_http_requests_total', { method: 'GET', route: '/api/integrations/:id', status: '404' })).toBe(2);
    expect(sample(res.text, 'portal_http_requests_total', { method: 'GET', route: '/api/auth/me', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(res.text, 'portal_http_request_duration_seconds_count', { method: 'GET', route: '/api/integrations/:id', status: '404' })).toBe(2);
    // Unknown URLs share one label; ids never become labels.
    expect(sample(res.text, 'portal_http_requests_total', { route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(res.text).not.toContain(missing);
    // Process metrics and the sync queue depth read at scrape time.
    expect(sample(res.text, 'portal_api_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(res.text, 'portal_queue_jobs', { queue: 'sync', state: 'waiting' })).toBeGreaterThanOrEqual(0);
    expect(sample(res.text, 'portal_queue_jobs', { queue: 'sync', state: 'failed' })).toBeGreaterThanOrEqual(0);
  });

  it('without METRICS_TOKEN only loopback clients may scrape', async () => {
    expect((await scrape(t, { ip: '127.0.0.1' })).status).toBe(200);
    expect((await scrape(t, { ip: '::1' })).status).toBe(200);
    const outside = await scrape(t, { ip: '10.20.30.40' });
    expect(outside.status).toBe(403);
    expect(JSON.parse(outside.text).error.code).toBe('FORBIDDEN');
  });

  it('with METRICS_TOKEN a Bearer token is required, from anywhere', async () => {
    const none = await scrape(withToken);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text).error.code).toBe('UNAUTHENTICATED');
    expect((await scrape(withToken, { authorization: 'Bearer wrong-token-0123456789abcdef' })).status).toBe(401);
    const ok = await scrape(withToken, { ip: '10.20.30.40', authorization: `Bearer ${METRICS_TOKEN}` });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('portal_http_requests_total');
  });
});

describe('queue dashboard at /api/admin/queues', () => {
  it('is for platform admins only: anonymous 401 (or the login page for a browser), distributor and principal 403', async () => {
    const anon = new Agent(t.app);
    const api = await anon.request('GET', '/api/admin/queues/api/queues');
    expect(api.status).toBe(401);
    expect(api.body.error.code).toBe('UNAUTHENTICATED');
    const page = await anon.request('GET', '/api/admin/queues', undefined, { accept: 'text/html' });
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe('/login');
    for (const agent of [distributor, principal]) {
      expect((await agent.request('GET', '/api/admin/queues', undefined, { accept: 'text/html' })).status).toBe(403);
      const denied = await agent.request('GET', '/api/admin/queues/api/queues');
      expect(denied.status).toBe(403);
      expect(denied.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('renders for a platform admin, with a CSP that lets its scripts and styles load, no external fonts, a link back to the portal, and its API lists the sync queue', async () => {
    const page = await admin.request('GET', '/api/admin/queues', undefined, { accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const html = String(page.body);
    expect(html).toContain('<base href="/api/admin/queues/"');
    const script = /<script defer src="(static\/js\/main[^"]+)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await admin.request('GET', `/api/admin/queues/${script}`)).status).toBe(200);
    expect(html).not.toMatch(/fonts\.(googleapis|gstatic)\.com/);
    // bull-board renders its miscLinks in the header from the page's UI config.
    const uiConfig = JSON.parse(/<script id="__UI_CONFIG__" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}');
    expect(uiConfig.miscLinks).toEqual([{ text: '← Portal Distribusi', url: '/' }]);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("font-src 'self';");
    expect(csp).not.toMatch(/fonts\.(googleapis|gstatic)\.com/);

    const queues = await admin.request('GET', '/api/admin/queues/api/queues');
    expect(queues.status).toBe(200);
    const sync = queues.body.queues.find((q: { name: string }) => q.name === 'sync');
    expect(sync).toBeDefined();
    expect(sync.readOnlyMode).toBe(true);
    // Every queue the worker consumes is there, under the shared QUEUE_PREFIX.
    expect(queues.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(Object.values(QUEUES).sort());
  });
});

describe('worker /metrics', () => {
  it('shows the sync jobs it processed, their durations, records and slots', { timeout: 180_000 }, async () => {
    expect((await admin.request('PUT', `/api/admin/integrations/${integrationId}/access-key`, { accessKey: KEY })).status).toBe(200);
    const until = Date.now() + 150_000;
    for (;;) {
      const runs = (await distributor.request('GET', `/api/integrations/${integrationId}/sync-runs?limit=100`)).body.data as { status: string }[];
      if (runs.length >= 5 && runs.every((r) => TERMINAL.includes(r.status))) break;
      if (Date.now() > until) throw new Error(`runs did not settle: ${JSON.stringify(runs)}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    // The customers and products runs planned beside the documents' may still hold the organisation's slot for
    // a moment after the document runs settle: read the metrics once they are done too (or the deadline passes).
    let text = '';
    for (;;) {
      const res = await fetch(`${worker.healthUrl}/metrics`);
      expect(res.status).toBe(200);
      text = await res.text();
      if (sample(text, 'portal_sync_org_slots_in_use') === 0 || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const done = ['succeeded', 'partial'].reduce(
      (n, outcome) => n + (sample(text, 'portal_worker_jobs_processed_total', { job: 'sync.pull', outcome }) ?? 0),
      0,
    );
    expect(done).toBeGreaterThanOrEqual(5);
    expect(sample(text, 'portal_sync_run_duration_seconds_count', { document_type: 'SALES_ORDER' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'portal_sync_records_read_total', { document_type: 'SALES_ORDER' })).toBe(15);
    const upserted = sample(text, 'portal_sync_records_upserted_total', { document_type: 'SALES_ORDER' }) ?? 0;
    const quarantined = sample(text, 'portal_sync_records_quarantined_total', { document_type: 'SALES_ORDER' }) ?? 0;
    expect(upserted + quarantined).toBe(15);
    expect(sample(text, 'portal_sync_org_slots_in_use')).toBe(0);
    expect(sample(text, 'portal_worker_process_resident_memory_bytes')).toBeGreaterThan(0);

    expect((await fetch(`${worker.healthUrl}/health`)).status).toBe(200);
  });

  it('wants the Bearer token when METRICS_TOKEN is configured', async () => {
    const guarded = await startWorkerProcess({
      DATABASE_URL: t.ownerUrl,
      REDIS_URL,
      QUEUE_PREFIX,
      DMS_BASE_URL: dms.url,
      DATABASE_POOL_MAX: '2',
      METRICS_TOKEN,
    });
    try {
      const none = await fetch(`${guarded.healthUrl}/metrics`);
      expect(none.status).toBe(401);
      expect(((await none.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
      expect((await fetch(`${guarded.healthUrl}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789abcdef' } })).status).toBe(401);
      const ok = await fetch(`${guarded.healthUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('portal_worker_jobs_processed_total');
    } finally {
      await guarded.close();
    }
  });
});
