import { randomBytes } from 'node:crypto';
import { QUEUES, syncSchedulerId } from '@portal/contracts';
import { createPrismaClient, type PrismaClient } from '@portal/db';
import { seedDemoData } from '@portal/db/seed';
import { Agent, register, type RunningSampleDms, startSampleDms, startWorkerProcess, uniqueEmail, type WorkerProcess } from '@portal/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app';

// The whole chain for real: API (this process), the worker (a child process,
// same Redis and BullMQ prefix of this suite's own), the sample DMS and Postgres.
const KEY = '446-bebaspakaivalueapapun';
const ADMIN = { email: 'admin.sync-runs@test.local', password: 'admin-password-123' };
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/5';
const QUEUE_PREFIX = `it_sync_runs_${randomBytes(4).toString('hex')}`;
const TERMINAL = ['SUCCEEDED', 'PARTIAL', 'FAILED'];

let dms: RunningSampleDms;
let t: TestApp;
let worker: WorkerProcess;
let owner: PrismaClient;
let redis: Redis;
let syncQueue: Queue;
let admin: Agent;
let distributor: Agent;
let integrationId: string;

type Run = {
  id: string;
  documentType: string | null;
  masterDataKind: string | null;
  trigger: string;
  status: string;
  attempt: number;
  recordsQuarantined: number;
  error: string | null;
  errorCode: string | null;
  errorParams: Record<string, string | number> | null;
};

/** Every run on the integration screen: the document runs and the customers and products runs beside them. */
async function allRuns(agent: Agent = distributor): Promise<Run[]> {
  const res = await agent.request('GET', `/api/integrations/${integrationId}/sync-runs?limit=100`);
  expect(res.status).toBe(200);
  return res.body.data;
}

/** The document runs, which these tests count. */
async function runs(agent: Agent = distributor): Promise<Run[]> {
  return (await allRuns(agent)).filter((r) => r.documentType);
}

/** Polls `check` until it holds, or fails naming `what`. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const until = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Polls the sync-runs endpoint, as the integration screen does, until `count` runs have all ended. */
async function settled(count: number): Promise<Run[]> {
  const until = Date.now() + 120_000;
  for (;;) {
    const list = await runs();
    if (list.length >= count && list.every((r) => TERMINAL.includes(r.status))) return list;
    if (Date.now() > until) throw new Error(`runs did not settle: ${JSON.stringify(list.map((r) => [r.documentType, r.status, r.error]))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  dms = await startSampleDms({ docsPerType: 40, malformedRate: 0.1 });
  t = await startTestApp('api_sync_runs', { DMS_BASE_URL: dms.url, QUEUE_PREFIX, REDIS_URL });
  owner = createPrismaClient(t.ownerUrl, { poolMax: 2 });
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  syncQueue = new Queue(QUEUES.sync, { connection: redis, prefix: QUEUE_PREFIX });
  worker = await startWorkerProcess({
    DATABASE_URL: t.ownerUrl,
    REDIS_URL,
    QUEUE_PREFIX,
    DMS_BASE_URL: dms.url,
    SYNC_PAGE_SIZE: '20',
    // The schedules follow the integration's state within a second (see the last test).
    SCHEDULE_RECONCILE_INTERVAL_MS: '1000',
  });
  await seedDemoData(t.ownerUrl, { NODE_ENV: 'production', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  admin = new Agent(t.app);
  expect((await admin.request('POST', '/api/auth/login', ADMIN)).status).toBe(200);
  distributor = (await register(t.app, 'DISTRIBUTOR')).agent;
  integrationId = (await distributor.request('POST', '/api/integrations', { kind: 'DMS' })).body.id;
});

afterAll(async () => {
  await worker?.close();
  await syncQueue?.obliterate({ force: true });
  await syncQueue?.close();
  redis?.disconnect();
  await owner?.$disconnect();
  await t?.close();
  await dms?.close();
});

describe('sync runs on the integration screen', () => {
  it('the first sync after the AccessKey is set ends PARTIAL and lists its quarantined records with reasons', { timeout: 180_000 }, async () => {
    expect((await admin.request('PUT', `/api/admin/integrations/${integrationId}/access-key`, { accessKey: KEY })).status).toBe(200);
    const first = await settled(5);
    expect(first.every((r) => r.trigger === 'INITIAL' && (r.status === 'PARTIAL' || r.status === 'SUCCEEDED'))).toBe(true);
    const partial = first.find((r) => r.status === 'PARTIAL' && r.recordsQuarantined > 0)!;
    expect(partial).toBeDefined();
    // The SPA says "N record dikarantina" from the code and its count; the text stays as the detail.
    expect(partial).toMatchObject({
      errorCode: 'RECORDS_QUARANTINED',
      errorParams: { count: partial.recordsQuarantined },
      error: `${partial.recordsQuarantined} record(s) quarantined`,
    });

    const q = await distributor.request('GET', `/api/integrations/${integrationId}/sync-runs/${partial.id}/quarantine`);
    expect(q.status).toBe(200);
    expect(q.body.total).toBe(partial.recordsQuarantined);
    expect(q.body.data).toHaveLength(partial.recordsQuarantined);
    for (const rec of q.body.data) {
      expect(rec).toMatchObject({ syncRunId: partial.id, documentType: partial.documentType });
      expect(rec.reason).toMatch(/\S/);
      // The SPA translates the code; the English reason stays the detail.
      expect(rec.reasonCode).toMatch(/^[A-Z_]+$/);
      expect(rec.reasonCode).not.toBe('UNKNOWN');
      expect(rec.reasonParams).toEqual(expect.any(Object));
      expect(rec.payload.id).toBe(rec.sourceId);
    }
    // Strict params: a malformed run id is a 400 with the error envelope.
    const bad = await distributor.request('GET', `/api/integrations/${integrationId}/sync-runs/not-a-uuid/quarantine`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  it("another distributor cannot see this run's quarantine", async () => {
    const other = new Agent(t.app);
    const email = uniqueEmail('other');
    await other.request('POST', '/api/auth/register', {
      email,
      password: 'correct-horse-battery',
      name: 'Sari',
      organizationName: `PT ${email}`,
      organizationKind: 'DISTRIBUTOR',
    });
    const [run] = await runs();
    expect((await other.request('GET', `/api/integrations/${integrationId}/sync-runs/${run!.id}/quarantine`)).status).toBe(404);
    expect((await other.request('POST', `/api/integrations/${integrationId}/sync-runs/${run!.id}/retry`)).status).toBe(404);
  });

  it("lists the customers and products runs beside the documents, and a master-data run's quarantine reads like a document run's", async () => {
    let master: Run[] = [];
    await eventually(async () => {
      master = (await allRuns()).filter((r) => r.masterDataKind);
      return master.length === 2 && master.every((r) => TERMINAL.includes(r.status));
    }, 'the customers and products runs end');
    expect(master.map((r) => [r.masterDataKind, r.trigger, r.documentType]).sort()).toEqual([
      ['CUSTOMER', 'INITIAL', null],
      ['PRODUCT', 'INITIAL', null],
    ]);
    // This sample DMS serves three products with a unit conversion that is not a number (seed 42, 10% malformed).
    const products = master.find((r) => r.masterDataKind === 'PRODUCT')!;
    expect(products).toMatchObject({ status: 'PARTIAL', recordsQuarantined: 3, errorCode: 'RECORDS_QUARANTINED' });
    const q = await distributor.request('GET', `/api/integrations/${integrationId}/sync-runs/${products.id}/quarantine`);
    expect(q.status).toBe(200);
    expect(q.body.total).toBe(3);
    for (const rec of q.body.data) {
      expect(rec).toMatchObject({
        syncRunId: products.id,
        documentType: null,
        masterDataKind: 'PRODUCT',
        reasonCode: 'INVALID_UNIT_CONVERSION',
        reasonParams: { unit: 'DUS', value: 'dua belas' },
      });
      expect(rec.payload).toMatchObject({ kode_barang: expect.any(String) });
    }
  });

  it('a failure that persists past the retries ends FAILED with ERROR and the last error; a retry resumes and succeeds', { timeout: 180_000 }, async () => {
    // Every DMS call fails, at most 5 runs × 5 attempts of them.
    dms.control.setFaults({ failNext: { status: 503, count: 25 } });
    expect((await distributor.request('POST', `/api/integrations/${integrationId}/sync`, { mode: 'incremental' })).status).toBe(202);
    const failed = (await settled(10)).filter((r) => r.trigger === 'MANUAL');
    expect(failed).toHaveLength(5);
    dms.control.setFaults({ failNext: null });
    // The first run to use up its attempts parks the integration in ERROR; runs
    // that had not started by then are refused rather than pulled.
    expect(failed.every((r) => r.status === 'FAILED')).toBe(true);
    expect(
      failed.some(
        (r) =>
          r.attempt === 5 &&
          r.errorCode === 'SOURCE_UNAVAILABLE' &&
          r.errorParams?.source === 'DMS' &&
          r.errorParams?.status === 503 &&
          r.error === 'DMS answered 503',
      ),
    ).toBe(true);
    expect(
      failed.every(
        (r) =>
          (r.errorCode === 'SOURCE_UNAVAILABLE' && r.errorParams?.source === 'DMS' && r.errorParams?.status === 503 && r.error === 'DMS answered 503') ||
          (r.errorCode === 'INTEGRATION_NOT_ACTIVE' && r.errorParams?.state === 'ERROR' && r.error === 'integration is ERROR'),
      ),
    ).toBe(true);
    const integration = (await distributor.request('GET', `/api/integrations/${integrationId}`)).body;
    expect(integration).toMatchObject({
      state: 'ERROR',
      stateReasonCode: 'RETRIES_EXHAUSTED',
      stateReasonParams: { attempts: 5, cause: 'SOURCE_UNAVAILABLE', source: 'DMS', status: 503 },
      stateReason: 'Sync failed after 5 attempts: DMS answered 503',
      lastSyncStatus: 'FAILED',
    });

    // Only a FAILED run can be retried.
    const partial = (await runs()).find((r) => r.status === 'PARTIAL')!;
    const refused = await distributor.request('POST', `/api/integrations/${integrationId}/sync-runs/${partial.id}/retry`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('INVALID_STATE');

    const retried = await distributor.request('POST', `/api/integrations/${integrationId}/sync-runs/${failed[0]!.id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body.queued).toEqual([{ syncRunId: expect.any(String), documentType: failed[0]!.documentType }]);
    const after = await settled(11);
    expect(after.find((r) => r.id === retried.body.queued[0].syncRunId)).toMatchObject({ trigger: 'RETRY', status: 'SUCCEEDED' });
    expect((await distributor.request('GET', `/api/integrations/${integrationId}`)).body).toMatchObject({
      state: 'ACTIVE',
      stateReason: null,
      stateReasonCode: null,
      stateReasonParams: null,
      lastSyncStatus: 'SUCCEEDED',
    });
  });

  it('a platform admin sees the runs and retries a FAILED one; distributors cannot use the admin endpoints', { timeout: 180_000 }, async () => {
    const list = await admin.request('GET', `/api/admin/integrations/${integrationId}/sync-runs?limit=100`);
    expect(list.status).toBe(200);
    // A retried run stays FAILED in the history; its retry is a run of its own.
    const retriedTypes = new Set((list.body.data as Run[]).filter((r) => r.trigger === 'RETRY').map((r) => r.documentType));
    const stillFailed = (list.body.data as Run[]).filter((r) => r.documentType && r.status === 'FAILED' && !retriedTypes.has(r.documentType));
    expect(stillFailed).toHaveLength(4);
    expect((await distributor.request('POST', `/api/admin/integrations/${integrationId}/sync-runs/${stillFailed[0]!.id}/retry`)).status).toBe(403);

    const res = await admin.request('POST', `/api/admin/integrations/${integrationId}/sync-runs/${stillFailed[0]!.id}/retry`);
    expect(res.status).toBe(202);
    const after = await settled(12);
    expect(after.find((r) => r.id === res.body.queued[0].syncRunId)).toMatchObject({ trigger: 'RETRY', status: 'SUCCEEDED' });
    const audit = await owner.auditEvent.count({ where: { action: 'sync_run.retried', targetId: integrationId } });
    expect(audit).toBe(2);
  });

  it('an integration parked by a rejected AccessKey is not retried until an admin sets a working key', { timeout: 180_000 }, async () => {
    // As the worker leaves it after a DMS 401 (apps/worker/test/sync.int.spec.ts drives that part).
    // The API recognises the park by its code, not by the English text.
    await owner.integration.update({
      where: { id: integrationId },
      data: { state: 'ERROR', stateReason: 'AccessKey rejected', stateReasonCode: 'CREDENTIALS_REJECTED', stateReasonParams: { source: 'DMS' } },
    });
    await eventually(
      async () => (await syncQueue.getJobScheduler(syncSchedulerId(integrationId))) === undefined,
      'the schedule of the parked integration is gone',
    );
    const failed = (await runs()).find((r) => r.status === 'FAILED')!;
    const refused = await admin.request('POST', `/api/admin/integrations/${integrationId}/sync-runs/${failed.id}/retry`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('ACCESS_KEY_REJECTED');

    expect((await admin.request('PUT', `/api/admin/integrations/${integrationId}/access-key`, { accessKey: KEY })).status).toBe(200);
    expect((await distributor.request('GET', `/api/integrations/${integrationId}`)).body).toMatchObject({
      state: 'ACTIVE',
      stateReason: null,
      stateReasonCode: null,
    });
    // The worker's reconciler brings the schedule back only now that the integration is ACTIVE again.
    await eventually(async () => (await syncQueue.getJobScheduler(syncSchedulerId(integrationId))) !== undefined, 'the schedule is back');
    const retried = await distributor.request('POST', `/api/integrations/${integrationId}/sync-runs/${failed.id}/retry`);
    expect(retried.status).toBe(202);
  });
});
