import { DOCUMENT_TYPE_SLUG, documentType, syncSchedulerId } from '@portal/contracts';
import { createPrismaClient, type PrismaClient, TenantDb } from '@portal/db';
import { isMalformed, type ModelType, type RunningSampleDms, startSampleDms } from '@portal/testing';
import { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@portal/db/testing';
import type { WorkerApp } from '../src/app';
import { Fixtures, SyncScope } from './sync-harness';

const KEY_446 = '446-bebaspakaivalueapapun';
const KEY_512 = '512-kunci-rahasia-512';
const TYPES = documentType.options;
const SLOW = 180_000;

let db: TestDatabase;
let fx: Fixtures;
let app: PrismaClient;
let tenants: TenantDb;

beforeAll(async () => {
  db = await createTestDatabase('worker_sync');
  fx = new Fixtures(db.ownerUrl);
  app = createPrismaClient(db.appUrl, { poolMax: 2 });
  tenants = new TenantDb(app);
});

afterAll(async () => {
  await app?.$disconnect();
  await fx?.close();
  await db?.drop();
});

/** What the DMS holds for one tenant, per canonical document type. */
function dmsCounts(dms: RunningSampleDms, tenantId: string, types = TYPES) {
  return Object.fromEntries(
    types.map((t) => {
      const model = DOCUMENT_TYPE_SLUG[t] as ModelType;
      return [t, { documents: dms.control.countDocuments(tenantId, model), lines: dms.control.countLines(tenantId, model) }];
    }),
  );
}

async function waitJob(scope: SyncScope, job: Job) {
  return fx.waitFor(`job ${job.id}`, async () => {
    const state = await (await Job.fromId(scope.queue, job.id!))?.getState();
    return state === 'completed' || state === 'failed' ? state : null;
  });
}

/** One line per run, for assertion messages. */
function summary(
  runs: {
    documentType: string | null;
    status: string;
    attempt: number;
    pages: number;
    recordsRead: number;
    recordsUpserted: number;
    recordsQuarantined: number;
    error: string | null;
    errorCode: string | null;
  }[],
) {
  return runs
    .map(
      (r) =>
        `\n  ${r.documentType} ${r.status} attempt=${r.attempt} pages=${r.pages} read=${r.recordsRead} upserted=${r.recordsUpserted} quarantined=${r.recordsQuarantined}${r.error ? ` error=${r.errorCode}:${r.error}` : ''}`,
    )
    .join('');
}

describe('scheduled incremental sync against the sample DMS', () => {
  let dms: RunningSampleDms;
  let scope: SyncScope;
  let a: Awaited<ReturnType<Fixtures['distributor']>>;
  let b: Awaited<ReturnType<Fixtures['distributor']>>;
  let disabled: Awaited<ReturnType<Fixtures['distributor']>>;
  let worker: WorkerApp;

  beforeAll(async () => {
    dms = await startSampleDms({ docsPerType: 80, avgLinesPerDoc: 3, retryAfterSeconds: 1 });
    scope = new SyncScope(db, dms.url);
    a = await fx.distributor(KEY_446);
    b = await fx.distributor(KEY_512);
    disabled = await fx.distributor('777-tujuh-tujuh-tujuh', { state: 'DISABLED' });
    worker = await scope.startWorker({ SYNC_INTERVAL_MINUTES: '15' });
  });
  afterAll(async () => {
    await scope?.close();
    await dms?.close();
  });

  it('keeps one job scheduler per ACTIVE integration, every SYNC_INTERVAL_MINUTES', async () => {
    const schedulers = await scope.queue.getJobSchedulers(0, -1);
    const byId = new Map(schedulers.map((s) => [s.key, s]));
    expect(byId.get(syncSchedulerId(a.integrationId))).toMatchObject({
      every: 15 * 60_000,
      name: 'sync.tick',
      template: { data: { integrationId: a.integrationId } },
    });
    expect(byId.get(syncSchedulerId(b.integrationId))).toMatchObject({ every: 15 * 60_000 });
    expect(byId.has(syncSchedulerId(disabled.integrationId))).toBe(false);
  });

  it('a full sync brings exactly the DMS documents and lines, and two distributors never mix', { timeout: SLOW }, async () => {
    await scope.tick(a);
    await scope.tick(b);
    const runsA = await fx.settledRuns(a.integrationId, 5);
    const runsB = await fx.settledRuns(b.integrationId, 5);
    expect(
      runsA.map((r) => [r.status, r.trigger]),
      `first sync 446: ${summary(runsA)}`,
    ).toEqual(Array(5).fill(['SUCCEEDED', 'SCHEDULE']));
    expect(
      runsB.map((r) => r.status),
      `first sync 512: ${summary(runsB)}`,
    ).toEqual(Array(5).fill('SUCCEEDED'));

    for (const [org, tenant] of [
      [a, '446'],
      [b, '512'],
    ] as const) {
      const ours = await fx.documentCounts(org.integrationId);
      const theirs = dmsCounts(dms, tenant);
      for (const t of TYPES)
        expect(ours[t], `${tenant} ${t}; DMS holds ${JSON.stringify(theirs)}`).toEqual({
          documents: theirs[t]!.documents,
          distinctSources: theirs[t]!.documents,
          lines: theirs[t]!.lines,
        });
    }

    // Seen as each distributor (row-level security on): only its own documents, only its own tenant's numbers.
    const seenByA = await tenants.runAsOrg(a.organizationId, (tx) =>
      tx.document.findMany({ select: { integrationId: true, number: true, organizationId: true } }),
    );
    const seenByB = await tenants.runAsOrg(b.organizationId, (tx) =>
      tx.document.findMany({ select: { integrationId: true, number: true, organizationId: true } }),
    );
    expect(seenByA).toHaveLength(5 * 80);
    expect(seenByB).toHaveLength(5 * 80);
    expect(seenByA.every((d) => d.integrationId === a.integrationId && d.organizationId === a.organizationId && d.number.includes('/446/'))).toBe(true);
    expect(seenByB.every((d) => d.integrationId === b.integrationId && d.organizationId === b.organizationId && d.number.includes('/512/'))).toBe(true);
    const linesSeenByA = await tenants.runAsOrg(a.organizationId, (tx) => tx.documentLine.count());
    expect(linesSeenByA).toBe(Object.values(dmsCounts(dms, '446')).reduce((s, c) => s + c.lines, 0));
  });

  it('a second sync adds nothing', { timeout: SLOW }, async () => {
    const before = await fx.owner.document.findMany({
      where: { integrationId: a.integrationId },
      select: { id: true, updatedAt: true, total: true },
      orderBy: { id: 'asc' },
    });
    const linesBefore = await fx.owner.documentLine.count({ where: { organizationId: a.organizationId } });
    await scope.tick(a);
    const runs = (await fx.settledRuns(a.integrationId, 10)).slice(5);
    expect(
      runs.map((r) => [r.status, r.recordsUpserted]),
      `second sync 446: ${summary(runs)}`,
    ).toEqual(Array(5).fill(['SUCCEEDED', 0]));
    const after = await fx.owner.document.findMany({
      where: { integrationId: a.integrationId },
      select: { id: true, updatedAt: true, total: true },
      orderBy: { id: 'asc' },
    });
    expect(after).toEqual(before);
    expect(await fx.owner.documentLine.count({ where: { organizationId: a.organizationId } })).toBe(linesBefore);
  });

  it('a document changed at the DMS is updated, and only that one', { timeout: SLOW }, async () => {
    const target = await fx.owner.document.findFirstOrThrow({
      where: { integrationId: a.integrationId, type: 'SALES_INVOICE' },
      orderBy: { sourceId: 'asc' },
      include: { lines: true },
    });
    const touched = dms.control.touch('446', 'sales-invoices', target.sourceId);
    expect(touched).not.toBeNull();
    await scope.tick(a);
    const runs = (await fx.settledRuns(a.integrationId, 15)).slice(10);
    expect(
      runs.find((r) => r.documentType === 'SALES_INVOICE'),
      `sync after one change: ${summary(runs)}`,
    ).toMatchObject({ status: 'SUCCEEDED', recordsUpserted: 1 });
    expect(
      runs.filter((r) => r.documentType !== 'SALES_INVOICE').every((r) => r.status === 'SUCCEEDED' && r.recordsUpserted === 0),
      `sync after one change: ${summary(runs)}`,
    ).toBe(true);
    const after = await fx.owner.document.findUniqueOrThrow({ where: { id: target.id }, include: { lines: true } });
    // The changed version has one more unit on its first line, so its total differs.
    expect(after.sourceUpdatedAt.getTime()).toBe(new Date(touched!.updated_at).getTime());
    expect(after.total.toString()).not.toBe(target.total.toString());
    expect(after.lines).toHaveLength(target.lines.length);
    expect((await fx.documentCounts(a.integrationId)).SALES_INVOICE?.documents).toBe(80);
  });

  it('5xx answers end in a successful run after retries', { timeout: SLOW }, async () => {
    const target = await fx.owner.document.findFirstOrThrow({ where: { integrationId: a.integrationId, type: 'SALES_ORDER' }, orderBy: { sourceId: 'asc' } });
    dms.control.touch('446', 'sales-orders', target.sourceId);
    dms.control.setFaults({ failNext: { status: 503, count: 3 } });
    await scope.tick(a);
    const runs = (await fx.settledRuns(a.integrationId, 20)).slice(15);
    expect(dms.control.faults.failNext).toBeNull();
    expect(
      runs.every((r) => r.status === 'SUCCEEDED'),
      `sync through three 503s: ${summary(runs)}`,
    ).toBe(true);
    // Three failed DMS calls cost three attempts in all.
    expect(
      runs.reduce((s, r) => s + (r.attempt - 1), 0),
      `sync through three 503s: ${summary(runs)}`,
    ).toBe(3);
    // The "retrying" note of the failed attempts does not outlive the success.
    expect(
      runs.every((r) => r.error === null && r.errorCode === null && r.errorParams === null),
      summary(runs),
    ).toBe(true);
    const after = await fx.owner.document.findUniqueOrThrow({ where: { id: target.id } });
    expect(after.sourceUpdatedAt.getTime()).toBeGreaterThan(target.sourceUpdatedAt.getTime());
    expect(await fx.owner.integration.findUniqueOrThrow({ where: { id: a.integrationId } })).toMatchObject({ state: 'ACTIVE', lastSyncStatus: 'SUCCEEDED' });
  });

  it('429 answers wait for Retry-After and end in a successful run', { timeout: SLOW }, async () => {
    const target = await fx.owner.document.findFirstOrThrow({
      where: { integrationId: a.integrationId, type: 'PURCHASE_ORDER' },
      orderBy: { sourceId: 'asc' },
    });
    dms.control.touch('446', 'purchase-orders', target.sourceId);
    const requestsBefore = dms.control.requests;
    dms.control.setFaults({ failNext: { status: 429, count: 4 } });
    await scope.tick(a);
    const runs = (await fx.settledRuns(a.integrationId, 25)).slice(20);
    const seen = `sync through four 429s (${dms.control.requests - requestsBefore} DMS requests): ${summary(runs)}`;
    expect(dms.control.faults.failNext).toBeNull();
    expect(
      runs.every((r) => r.status === 'SUCCEEDED'),
      seen,
    ).toBe(true);
    // Waiting for Retry-After is not a failed attempt.
    expect(
      runs.every((r) => r.attempt === 1),
      seen,
    ).toBe(true);
    const after = await fx.owner.document.findUniqueOrThrow({ where: { id: target.id } });
    expect(after.sourceUpdatedAt.getTime()).toBeGreaterThan(target.sourceUpdatedAt.getTime());
  });

  it(
    'a DMS answering 401 puts the integration in ERROR "AccessKey rejected" and pauses its schedule until a working key is set',
    { timeout: SLOW },
    async () => {
      const c = await fx.distributor('777-kunci-yang-sudah-dicabut');
      await worker.schedules.reconcile();
      expect(await scope.queue.getJobScheduler(syncSchedulerId(c.integrationId))).toBeDefined();

      await scope.tick(c);
      const runs = await fx.settledRuns(c.integrationId, 5);
      expect(
        runs.every((r) => r.status === 'FAILED' && r.attempt <= 1),
        `sync with a revoked key: ${summary(runs)}`,
      ).toBe(true);
      // The SPA translates the code; the English text stays for support.
      expect(
        runs.some(
          (r) => r.errorCode === 'CREDENTIALS_REJECTED' && (r.errorParams as { source?: string } | null)?.source === 'DMS' && r.error === 'AccessKey rejected',
        ),
        summary(runs),
      ).toBe(true);
      // Runs that started after the integration was parked say so instead.
      expect(
        runs.every(
          (r) =>
            r.errorCode === 'CREDENTIALS_REJECTED' ||
            (r.errorCode === 'INTEGRATION_NOT_ACTIVE' && (r.errorParams as { state?: string } | null)?.state === 'ERROR'),
        ),
        summary(runs),
      ).toBe(true);
      expect(await fx.owner.integration.findUniqueOrThrow({ where: { id: c.integrationId } })).toMatchObject({
        state: 'ERROR',
        stateReason: 'AccessKey rejected',
        stateReasonCode: 'CREDENTIALS_REJECTED',
        stateReasonParams: { source: 'DMS' },
        lastSyncStatus: 'FAILED',
      });
      expect(await scope.queue.getJobScheduler(syncSchedulerId(c.integrationId))).toBeUndefined();

      // Stays paused: the reconciler does not bring it back, and a stray tick queues nothing.
      await worker.schedules.reconcile();
      expect(await scope.queue.getJobScheduler(syncSchedulerId(c.integrationId))).toBeUndefined();
      expect(await waitJob(scope, await scope.tick(c))).toBe('completed');
      expect(await fx.runs(c.integrationId)).toHaveLength(5);

      // An admin sets a working key: the schedule comes back and syncs succeed.
      await fx.setAccessKey(c.integrationId, '777-tujuh-tujuh-tujuh');
      await worker.schedules.reconcile();
      expect(await scope.queue.getJobScheduler(syncSchedulerId(c.integrationId))).toMatchObject({ every: 15 * 60_000 });
      await scope.tick(c);
      const healed = (await fx.settledRuns(c.integrationId, 10)).slice(5);
      expect(healed.every((r) => r.status === 'SUCCEEDED')).toBe(true);
      expect(await fx.owner.integration.findUniqueOrThrow({ where: { id: c.integrationId } })).toMatchObject({
        state: 'ACTIVE',
        stateReason: null,
        stateReasonCode: null,
      });
    },
  );
});

describe('malformed records', () => {
  let dms: RunningSampleDms;
  let scope: SyncScope;

  beforeAll(async () => {
    dms = await startSampleDms({ docsPerType: 60, malformedRate: 0.1 });
    scope = new SyncScope(db, dms.url);
    await scope.startWorker();
  });
  afterAll(async () => {
    await scope?.close();
    await dms?.close();
  });

  it('are quarantined with their reason while the rest of the page arrives (run PARTIAL)', { timeout: SLOW }, async () => {
    const d = await fx.distributor(KEY_446);
    await scope.tick(d);
    const runs = await fx.settledRuns(d.integrationId, 5);
    const counts = await fx.documentCounts(d.integrationId);
    let quarantinedTotal = 0;
    for (const r of runs) {
      const model = DOCUMENT_TYPE_SLUG[r.documentType!] as ModelType;
      const bad = Array.from({ length: 60 }, (_, i) => i).filter((i) =>
        isMalformed({ seed: 42, tenantId: '446', type: model, avgLines: 3, malformedRate: 0.1 }, i),
      ).length;
      quarantinedTotal += bad;
      expect(r, `${model}; all runs: ${summary(runs)}`).toMatchObject({
        status: bad ? 'PARTIAL' : 'SUCCEEDED',
        recordsRead: 60,
        recordsQuarantined: bad,
        recordsUpserted: 60 - bad,
      });
      expect(counts[r.documentType!]?.documents ?? 0).toBe(60 - bad);
    }
    expect(quarantinedTotal).toBeGreaterThan(0);
    // The documents' quarantine; malformed customers and products are master-data.int.spec.ts's.
    const quarantined = await fx.owner.quarantinedRecord.findMany({ where: { integrationId: d.integrationId, masterDataKind: null } });
    expect(quarantined).toHaveLength(quarantinedTotal);
    for (const q of quarantined) {
      expect(q.reason.length).toBeGreaterThan(0);
      // The code and params the SPA translates are stored with the English reason.
      expect(q.reasonCode).toMatch(/^[A-Z_]+$/);
      expect(q.reasonCode).not.toBe('UNKNOWN');
      expect(q.reasonParams).toEqual(expect.any(Object));
      expect((q.payload as { id?: string }).id).toBe(q.sourceId);
      expect(await fx.owner.document.count({ where: { integrationId: d.integrationId, sourceId: q.sourceId! } })).toBe(0);
    }
  });
});

describe('per-organisation concurrency', () => {
  let dms: RunningSampleDms;
  let scope: SyncScope;

  beforeAll(async () => {
    dms = await startSampleDms({ docsPerType: 240, latencyMs: 25 });
    scope = new SyncScope(db, dms.url);
    await scope.startWorker({ SYNC_CONCURRENCY: '2', SYNC_ORG_CONCURRENCY: '1', SYNC_PAGE_SIZE: '10' });
  });
  afterAll(async () => {
    await scope?.close();
    await dms?.close();
  });

  it("one organisation's backfill does not starve another", { timeout: SLOW }, async () => {
    const big = await fx.distributor(KEY_446);
    const small = await fx.distributor(KEY_512, { types: ['sales-invoices'] });
    await scope.tick(big);
    // The big backfill is under way (and has four more runs queued) before the small one asks.
    await fx.waitFor('the big backfill to start', async () => (await fx.runs(big.integrationId)).some((r) => r.status === 'RUNNING' && r.pages > 0));
    await scope.tick(small);
    const [smallRun] = await fx.settledRuns(small.integrationId, 1);
    const bigWhenSmallDone = await fx.runs(big.integrationId);
    expect(smallRun).toMatchObject({ status: 'SUCCEEDED', recordsUpserted: 240 });
    expect(
      bigWhenSmallDone.filter((r) => r.status === 'QUEUED' || r.status === 'RUNNING').length,
      `when the small distributor finished, the big one had: ${summary(bigWhenSmallDone)}`,
    ).toBeGreaterThanOrEqual(2);

    const bigRuns = await fx.settledRuns(big.integrationId, 5);
    expect(bigRuns.every((r) => r.status === 'SUCCEEDED')).toBe(true);
    // SYNC_ORG_CONCURRENCY=1: the big distributor's runs never overlapped.
    const spans = bigRuns.map((r) => [r.startedAt!.getTime(), r.finishedAt!.getTime()] as const).sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
  });
});

describe('a worker killed with SIGKILL mid-sync', () => {
  let dms: RunningSampleDms;
  let scope: SyncScope;

  beforeAll(async () => {
    dms = await startSampleDms({ docsPerType: 300, latencyMs: 20 });
    scope = new SyncScope(db, dms.url);
  });
  afterAll(async () => {
    await scope?.close();
    await dms?.close();
  });

  it('and restarted ends with no lost and no duplicated documents', { timeout: SLOW }, async () => {
    const d = await fx.distributor(KEY_446);
    const settings = { SYNC_PAGE_SIZE: '10', SYNC_CONCURRENCY: '5', SYNC_ORG_CONCURRENCY: '5', SYNC_LOCK_MS: '2000' };
    const first = await scope.spawnWorker(settings);
    await scope.tick(d);
    const atKill = await fx.waitFor('some pages committed', async () => {
      const runs = await fx.runs(d.integrationId);
      const pages = runs.reduce((s, r) => s + r.pages, 0);
      return runs.length === 5 && pages >= 15 ? runs : null;
    });
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const committedAtKill = await fx.runs(d.integrationId);
    expect(
      committedAtKill.some((r) => r.status === 'RUNNING'),
      `at SIGKILL: ${summary(committedAtKill)}`,
    ).toBe(true);
    expect(atKill.reduce((s, r) => s + r.pages, 0)).toBeLessThan(5 * 30);

    await scope.spawnWorker(settings);
    const runs = await fx.settledRuns(d.integrationId, 5);
    expect(
      runs.every((r) => r.status === 'SUCCEEDED'),
      `after restart: ${summary(runs)}`,
    ).toBe(true);
    const ours = await fx.documentCounts(d.integrationId);
    const theirs = dmsCounts(dms, '446');
    for (const t of TYPES) expect(ours[t], t).toEqual({ documents: 300, distinctSources: 300, lines: theirs[t]!.lines });
  });

  it('a run whose workers die twice ends FAILED (never left RUNNING) and the next sync resumes and completes it', { timeout: SLOW }, async () => {
    await scope.killChildren();
    const d = await fx.distributor(KEY_512, { types: ['sales-invoices'] });
    const settings = { SYNC_PAGE_SIZE: '10', SYNC_LOCK_MS: '2000' };
    dms.control.setFaults({ latencyMs: 150 });
    const pagesNow = async () => (await fx.runs(d.integrationId))[0]?.pages ?? 0;
    let worker = await scope.spawnWorker(settings);
    await scope.tick(d);
    for (let death = 1; death <= 2; death++) {
      const before = await pagesNow();
      await fx.waitFor(`pages committed before death ${death}`, async () => (await pagesNow()) >= before + 3);
      worker.kill('SIGKILL');
      await new Promise((r) => worker.once('exit', r));
      worker = await scope.spawnWorker(settings);
    }
    const [died] = await fx.settledRuns(d.integrationId, 1);
    expect(died, `after two deaths: ${summary([died!])}`).toMatchObject({
      status: 'FAILED',
      errorCode: 'JOB_STOPPED',
      error: 'Sync stopped: job stalled more than allowable limit',
    });
    expect(died!.pages).toBeLessThan(30);

    dms.control.setFaults({ latencyMs: 0 });
    await scope.tick(d);
    const [, next] = await fx.settledRuns(d.integrationId, 2);
    // It resumed from the last committed page: together the two runs read each record once.
    expect(next, `the next sync: ${summary([next!])}`).toMatchObject({ status: 'SUCCEEDED' });
    expect(died!.recordsRead + next!.recordsRead).toBe(300);
    expect((await fx.documentCounts(d.integrationId)).SALES_INVOICE).toEqual({
      documents: 300,
      distinctSources: 300,
      lines: dms.control.countLines('512', 'sales-invoices'),
    });
  });
});
