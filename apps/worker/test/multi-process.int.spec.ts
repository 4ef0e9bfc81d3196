import { randomBytes } from 'node:crypto';
import { DOCUMENT_TYPE_SLUG, documentType, JOBS, QUEUES, syncJobId, syncSchedulerId } from '@portal/contracts';
import { seedDemoData } from '@portal/db/seed';
import { createTestDatabase, type TestDatabase } from '@portal/db/testing';
import {
  Agent,
  type ApiProcess,
  eventually as waitUntil,
  type ModelType,
  register,
  type RunningSampleDms,
  startApiProcess,
  startSampleDms,
  startWorkerProcess,
  type WorkerProcess,
} from '@portal/testing';
import { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fixtures } from './sync-harness';

// Issue 14: several API and worker processes against one PostgreSQL and one
// Redis, as a scaled deployment runs them. Everything here is a real process
// of its own (apps/api and apps/worker main.ts); this test talks to them only
// over HTTP, and reads Postgres, Redis and the sample DMS's request counters.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `t-procs-${randomBytes(4).toString('hex')}`;
const ADMIN = { email: `admin.${PREFIX}@test.local`, password: 'admin-password-123' };
const TYPES = documentType.options;
const ORG_SLOTS = 1;
const SLOW = 240_000;
// Each tenant's key on the sample DMS; one distributor (organisation) per tenant.
const TENANTS = { '446': 'bebaspakaivalueapapun', '512': 'kunci-rahasia-512', '777': 'tujuh-tujuh-tujuh' } as const;
type Tenant = keyof typeof TENANTS;

let db: TestDatabase;
let fx: Fixtures;
let dms: RunningSampleDms;
let redis: Redis;
let syncQueue: Queue;
let housekeeping: Queue;
let apis: ApiProcess[] = [];
let workers: WorkerProcess[] = [];
let admin: Agent;

interface Distributor {
  tenant: Tenant;
  agent: Agent;
  email: string;
  orgId: string;
  integrationId: string;
}
const distributors = new Map<Tenant, Distributor>();
const distributor = (t: Tenant) => distributors.get(t)!;

/** The multi-process waits are longer: five processes share two cores. */
const eventually = <T>(what: string, probe: () => Promise<T | null | undefined | false>, deadlineMs = 150_000) => waitUntil(what, probe, deadlineMs);

/** Waits for the integration's runs (at least `count`) to end, as the integration screen shows them. */
async function settledRuns(d: Distributor, count: number) {
  return fx.settledRuns(d.integrationId, count, 180_000);
}

function runSummary(runs: { documentType: string | null; trigger: string; status: string; attempt: number; error: string | null }[]) {
  return runs.map((r) => `${r.documentType}:${r.trigger}:${r.status}@${r.attempt}${r.error ? `(${r.error})` : ''}`).join(' ');
}

/** Every type of the tenant holds exactly the DMS's documents and lines, each source record once. */
async function expectDocumentsMatchDms(d: Distributor) {
  const ours = await fx.documentCounts(d.integrationId);
  for (const t of TYPES) {
    const model = DOCUMENT_TYPE_SLUG[t] as ModelType;
    const theirs = { documents: dms.control.countDocuments(d.tenant, model), lines: dms.control.countLines(d.tenant, model) };
    expect(ours[t], `${d.tenant} ${t}`).toEqual({ documents: theirs.documents, distinctSources: theirs.documents, lines: theirs.lines });
  }
}

/** Never more DMS requests at once than the organisation's slots, and never two pulls of one integration and type. */
function expectNoOverlap(tenants: Tenant[]) {
  for (const tenant of tenants) {
    const peak = dms.control.peakInFlight(tenant);
    // At least one: the counter saw this tenant's pulls at all.
    expect(peak, `tenant ${tenant}: most DMS requests at once`).toBeGreaterThanOrEqual(1);
    expect(peak, `tenant ${tenant}: most DMS requests at once`).toBeLessThanOrEqual(ORG_SLOTS);
    for (const t of TYPES) expect(dms.control.peakInFlight(tenant, DOCUMENT_TYPE_SLUG[t] as ModelType), `tenant ${tenant} ${t}`).toBeLessThanOrEqual(1);
  }
}

const schedulers = async () => (await syncQueue.getJobSchedulers(0, -1)).filter((s) => s.key.startsWith(syncSchedulerId('')));
/** The scheduler's next tick(s) waiting in the queue, per integration. */
async function pendingTicks(integrationId: string) {
  const delayed = await syncQueue.getJobs(['delayed', 'wait', 'prioritized'], 0, -1);
  return delayed.filter((j) => j.name === JOBS.syncTick.name && j.data?.integrationId === integrationId);
}

beforeAll(async () => {
  db = await createTestDatabase('worker_procs');
  fx = new Fixtures(db.ownerUrl);
  dms = await startSampleDms({
    docsPerType: 60,
    avgLinesPerDoc: 2,
    latencyMs: 40,
    tenants: Object.entries(TENANTS)
      .map(([id, key]) => `${id}:${key}`)
      .join(','),
  });
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  syncQueue = new Queue(QUEUES.sync, { connection: redis, prefix: PREFIX });
  // Only to be emptied afterwards: the workers schedule their invite-expiry sweep there.
  housekeeping = new Queue(QUEUES.housekeeping, { connection: redis, prefix: PREFIX });
  await seedDemoData(db.ownerUrl, { NODE_ENV: 'production', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  const shared = { DATABASE_URL: db.ownerUrl, APP_DATABASE_URL: db.appUrl, REDIS_URL, QUEUE_PREFIX: PREFIX, DMS_BASE_URL: dms.url, SYNC_BACKOFF_MS: '100' };
  const startApi = () =>
    startApiProcess(
      // Every login here comes from 127.0.0.1 and the counters outlive a run: the address limit must not be what a rerun meets.
      { ...shared, LOGIN_ADDRESS_RATE_LIMIT_MAX: '10000' },
      { timeoutMs: 120_000 },
    ).then((a) => (apis.push(a), a));
  const startWorker = () =>
    startWorkerProcess(
      {
        ...shared,
        SYNC_ORG_CONCURRENCY: String(ORG_SLOTS),
        SYNC_PAGE_SIZE: '10',
        // A SIGKILLed worker's job is handed to another within a few seconds (lock and stalled check),
        // yet a busy 2-core machine still renews its locks in time.
        SYNC_LOCK_MS: '5000',
        SCHEDULE_RECONCILE_INTERVAL_MS: '1000',
        OUTBOX_RELAY_INTERVAL_MS: '500',
      },
      { timeoutMs: 120_000 },
    ).then((w) => (workers.push(w), w));
  // Every start is awaited before a failure is reported, so afterAll finds (and kills) each process that did start.
  const started = await Promise.allSettled([startApi(), startApi(), startWorker(), startWorker(), startWorker()]);
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  admin = new Agent(apis[0]!.target);
  expect((await admin.request('POST', '/api/auth/login', ADMIN)).status).toBe(200);
}, 300_000);

afterAll(async () => {
  // SIGKILL: nothing here needs a graceful stop, and a hung process must not keep the run alive.
  await Promise.allSettled([...apis, ...workers].map((p) => p.kill()));
  for (const queue of [syncQueue, housekeeping]) {
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
  }
  // The organisation slots are keyed by organisation id, unique to this run's database; leave none behind.
  for (const d of distributors.values()) await redis?.del(`portal:sync-slots:${d.orgId}`);
  redis?.disconnect();
  await fx?.close();
  await dms?.close();
  await db?.drop();
}, 60_000);

describe('two API processes and three worker processes on one database and one Redis', () => {
  it('a session made on one API process works on the other, and a logout on either ends it on both', { timeout: 60_000 }, async () => {
    const [a, b] = apis as [ApiProcess, ApiProcess];
    const user = await register(a.target, 'DISTRIBUTOR', { label: 'session' });
    const cookie = user.agent.cookie;
    expect(cookie).toMatch(/=/);

    const onB = new Agent(b.target);
    onB.cookie = cookie;
    expect((await onB.request('GET', '/api/auth/me')).body).toMatchObject({ user: { email: user.email } });
    expect((await onB.request('GET', '/api/integrations')).status).toBe(200);
    // Made on B, seen on A.
    const created = await onB.request('POST', '/api/integrations', { kind: 'DMS' });
    expect(created.status).toBe(201);
    const listedOnA = await user.agent.request('GET', '/api/integrations');
    expect(listedOnA.status).toBe(200);
    expect(JSON.stringify(listedOnA.body)).toContain(created.body.id);

    expect((await onB.request('POST', '/api/auth/logout')).status).toBe(204);
    const onA = new Agent(a.target);
    onA.cookie = cookie;
    expect((await onA.request('GET', '/api/integrations')).status).toBe(401);
    expect((await onA.request('GET', '/api/auth/me')).body).toBeNull();
  });

  it(
    'first syncs of three distributors activated through either API: every document once, and no organisation over its slots across the workers',
    { timeout: SLOW },
    async () => {
      dms.control.resetPeaks();
      // Through alternating API processes, as a load balancer would spread them.
      const order = Object.keys(TENANTS) as Tenant[];
      for (const [i, tenant] of order.entries()) {
        const api = apis[i % 2]!;
        const party = await register(api.target, 'DISTRIBUTOR', { label: `d${tenant}` });
        const integrationId = (await party.agent.request('POST', '/api/integrations', { kind: 'DMS' })).body.id as string;
        distributors.set(tenant, { tenant, agent: party.agent, email: party.email, orgId: party.orgId, integrationId });
      }
      // One organisation's backlog must not hold the other organisations back: record the moments when an
      // organisation with runs still waiting for its slot pulls while another organisation pulls too.
      const seenFair: string[] = [];
      let watching = true;
      const watcher = (async () => {
        while (watching) {
          const runs = await fx.owner.syncRun.findMany({ select: { organizationId: true, status: true } });
          const waiting = new Set(runs.filter((r) => r.status === 'QUEUED').map((r) => r.organizationId));
          const pulling = new Set(runs.filter((r) => r.status === 'RUNNING').map((r) => r.organizationId));
          for (const org of pulling)
            for (const other of pulling) if (org !== other && waiting.has(org)) seenFair.push(`${other} pulls beside ${org}'s backlog`);
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      try {
        // The admin works on API A, the activations queue five runs each (INITIAL, full), 15 in all for 12 worker slots.
        for (const d of distributors.values()) {
          const res = await admin.request('PUT', `/api/admin/integrations/${d.integrationId}/access-key`, { accessKey: `${d.tenant}-${TENANTS[d.tenant]}` });
          expect(res.status, JSON.stringify(res.body)).toBe(200);
        }
        for (const d of distributors.values()) {
          const runs = await settledRuns(d, TYPES.length);
          expect(
            runs.map((r) => [r.trigger, r.status]),
            runSummary(runs),
          ).toEqual(TYPES.map(() => ['INITIAL', 'SUCCEEDED']));
        }
      } finally {
        watching = false;
        await watcher;
      }
      for (const d of distributors.values()) await expectDocumentsMatchDms(d);
      expectNoOverlap(Object.keys(TENANTS) as Tenant[]);
      expect(seenFair.length, 'another organisation pulled while one had runs waiting for its slot').toBeGreaterThan(0);
    },
  );

  it('schedules are never doubled: one job scheduler and one pending tick per integration, and a tick makes one run per type', { timeout: SLOW }, async () => {
    const all = [...distributors.values()];
    const wanted = all.map((d) => syncSchedulerId(d.integrationId)).sort();
    await eventually('a scheduler per ACTIVE integration', async () => {
      const keys = (await schedulers()).map((s) => s.key).sort();
      return JSON.stringify(keys) === JSON.stringify(wanted);
    });
    // As if Redis had lost them: all three workers' periodic reconciles race to bring them back.
    for (const id of wanted) await syncQueue.removeJobScheduler(id);
    await eventually('the schedulers are back', async () => (await schedulers()).length === wanted.length);
    // Let several more reconcile passes of every worker (one a second each) run over the restored schedulers.
    await new Promise((r) => setTimeout(r, 4_000));
    const now = await schedulers();
    expect(now.map((s) => s.key).sort()).toEqual(wanted);
    expect(now.every((s) => s.every === 15 * 60_000)).toBe(true);
    for (const d of all) expect((await pendingTicks(d.integrationId)).length, `next ticks of ${d.tenant}`).toBe(1);

    // A tick now (its time brought forward): one SCHEDULE run per type, not one per worker.
    const d = distributor('512');
    const before = (await fx.runs(d.integrationId)).length;
    const [tick] = await pendingTicks(d.integrationId);
    await tick!.promote();
    const runs = (await settledRuns(d, before + TYPES.length)).slice(before);
    expect(
      runs.map((r) => [r.trigger, r.status]),
      runSummary(runs),
    ).toEqual(TYPES.map(() => ['SCHEDULE', 'SUCCEEDED']));
    // Nothing more comes of it, and the scheduler has exactly one next tick again.
    await eventually('the next tick', async () => (await pendingTicks(d.integrationId)).length === 1);
    expect(await fx.runs(d.integrationId)).toHaveLength(before + TYPES.length);
    expect(await schedulers()).toHaveLength(wanted.length);
  });

  it('"Sync now" pressed on both API processes by several clients at once makes one run per type, pulled once', { timeout: SLOW }, async () => {
    const d = distributor('446');
    const [a, b] = apis as [ApiProcess, ApiProcess];
    // The same user signed in twice (two browsers), each session used on both API processes.
    const second = new Agent(b.target);
    expect((await second.request('POST', '/api/auth/login', { email: d.email, password: 'correct-horse-battery' })).status).toBe(200);
    const clients = [d.agent, second].flatMap((agent) =>
      [a, b].map((api) => {
        const c = new Agent(api.target);
        c.cookie = agent.cookie;
        return c;
      }),
    );
    const before = (await fx.runs(d.integrationId)).length;
    // Very slow pages while the requests are answered keep the first runs under way meanwhile; slow pages after.
    dms.control.setFaults({ latencyMs: 1_500 });
    dms.control.resetPeaks();
    try {
      // A full "Sync now" is a BACKFILL run of every type: all pages again, so an overlap would show at the DMS.
      const answers = await Promise.all(clients.map((c) => c.request('POST', `/api/integrations/${d.integrationId}/sync`, { mode: 'full' })));
      dms.control.setFaults({ latencyMs: 300 });
      expect(answers.map((r) => r.status)).toEqual(clients.map(() => 202));
      const queued = answers.flatMap((r) => (r.body.queued as { documentType: string }[]).map((q) => q.documentType)).sort();
      expect(queued, JSON.stringify(answers.map((r) => r.body))).toEqual([...TYPES].sort());
      // Every other answer says which types were already under way.
      for (const r of answers)
        expect([...r.body.queued.map((q: { documentType: string }) => q.documentType), ...r.body.alreadyRunning].sort()).toEqual([...TYPES].sort());
      const runs = (await settledRuns(d, before + TYPES.length)).slice(before);
      expect(
        runs.map((r) => [r.trigger, r.status]),
        runSummary(runs),
      ).toEqual(TYPES.map(() => ['BACKFILL', 'SUCCEEDED']));
    } finally {
      dms.control.setFaults({ latencyMs: 40 });
    }
    expect(await fx.runs(d.integrationId)).toHaveLength(before + TYPES.length);
    expectNoOverlap(['446']);
    await expectDocumentsMatchDms(d);
  });

  it('a worker SIGKILLed mid-sync loses nothing: the others finish its run, every document once', { timeout: SLOW }, async () => {
    const d = distributor('777');
    const before = (await fx.runs(d.integrationId)).length;
    dms.control.setFaults({ latencyMs: 200 });
    dms.control.resetPeaks();
    try {
      const res = await d.agent.request('POST', `/api/integrations/${d.integrationId}/sync`, { mode: 'full' });
      expect(res.status).toBe(202);
      // A run that has committed a page and is pulling the next: which worker process holds its job?
      const victim = await eventually('a run mid-sync', async () => {
        const running = await fx.owner.syncRun.findFirst({ where: { integrationId: d.integrationId, status: 'RUNNING', pages: { gte: 1 } } });
        if (!running) return null;
        const job = await Job.fromId(syncQueue, syncJobId(running.id));
        const pid = Number(job?.processedBy?.split(':').pop());
        const worker = workers.find((w) => w.pid === pid);
        return worker && (await job?.getState()) === 'active' ? { worker, run: running, name: job!.processedBy } : null;
      });
      await victim.worker.kill();
      workers = workers.filter((w) => w !== victim.worker);

      const runs = (await settledRuns(d, before + TYPES.length)).slice(before);
      expect(
        runs.map((r) => [r.trigger, r.status]),
        runSummary(runs),
      ).toEqual(TYPES.map(() => ['BACKFILL', 'SUCCEEDED']));
      // BullMQ saw the dead worker's job stall and another worker process took it.
      const job = await Job.fromId(syncQueue, syncJobId(victim.run.id));
      expect(job?.stalledCounter).toBeGreaterThanOrEqual(1);
      expect(job?.processedBy).not.toBe(victim.name);
      expect(workers.map((w) => w.pid)).toContain(Number(job?.processedBy?.split(':').pop()));
      const resumed = runs.find((r) => r.id === victim.run.id)!;
      // It went on from the dead worker's last committed page (its count kept), not from nothing.
      expect(resumed.pages).toBeGreaterThanOrEqual(victim.run.pages);
    } finally {
      dms.control.setFaults({ latencyMs: 40 });
    }
    expect(await fx.runs(d.integrationId)).toHaveLength(before + TYPES.length);
    // The dead worker's last request had ended long before its job was handed on: no run overlapped itself.
    expectNoOverlap(['777']);
    await expectDocumentsMatchDms(d);
    // Its organisation slot was not leaked: a further sync of the same organisation still runs.
    const again = await d.agent.request('POST', `/api/integrations/${d.integrationId}/sync`, { mode: 'incremental' });
    expect(again.status).toBe(202);
    const after = (await settledRuns(d, before + 2 * TYPES.length)).slice(before + TYPES.length);
    expect(after.map((r) => r.status)).toEqual(TYPES.map(() => 'SUCCEEDED'));
  });

  it('an API process SIGKILLed: the other keeps serving the same session', { timeout: 60_000 }, async () => {
    const d = distributor('512');
    const [a, b] = apis as [ApiProcess, ApiProcess];
    // Signed in through B, which then dies.
    const onB = new Agent(b.target);
    expect((await onB.request('POST', '/api/auth/login', { email: d.email, password: 'correct-horse-battery' })).status).toBe(200);
    await b.kill();
    const onA = new Agent(a.target);
    onA.cookie = onB.cookie;
    expect((await onA.request('GET', '/api/auth/me')).body).toMatchObject({ user: { email: d.email } });
    const listed = await onA.request('GET', `/api/integrations/${d.integrationId}/sync-runs?limit=100`);
    expect(listed.status).toBe(200);
    expect(listed.body.data.length).toBeGreaterThan(0);
  });
});
