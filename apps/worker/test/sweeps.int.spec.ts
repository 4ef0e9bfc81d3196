import { randomUUID } from 'node:crypto';
import {
  DOCUMENT_TYPE_SLUG,
  documentType,
  INVITE_EXPIRY_SCHEDULER_ID,
  JOBS,
  syncJobId,
  syncJobOptions,
  type SyncJobV1,
  syncSchedulerId,
} from '@portal/contracts';
import { eventually, type ModelType, type RunningSampleDms, startSampleDms } from '@portal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@portal/db/testing';
import type { WorkerApp } from '../src/app';
import { Fixtures, SyncScope } from './sync-harness';

const KEY_446 = '446-bebaspakaivalueapapun';
const TYPES = documentType.options;
const SLOW = 120_000;
// Long enough that the periodic reconcile never runs during a test: what these tests see is the sweep or the relay.
const NEVER_MS = String(60 * 60_000);

let db: TestDatabase;
let fx: Fixtures;

beforeAll(async () => {
  db = await createTestDatabase('worker_sweeps');
  fx = new Fixtures(db.ownerUrl);
});

afterAll(async () => {
  await fx?.close();
  await db?.drop();
});

describe('sync runs whose BullMQ job was lost (docs/product/qualities.md: no lost documents when Redis restarts)', () => {
  let dms: RunningSampleDms;
  let scope: SyncScope;
  let worker: WorkerApp;

  beforeAll(async () => {
    dms = await startSampleDms({ docsPerType: 40, avgLinesPerDoc: 2 });
    scope = new SyncScope(db, dms.url);
    worker = await scope.startWorker({ SCHEDULE_RECONCILE_INTERVAL_MS: NEVER_MS });
  });
  afterAll(async () => {
    await scope?.close();
    await dms?.close();
  });

  it('are queued again by the reconciler and complete; those that cannot run end FAILED with the reason', { timeout: SLOW }, async () => {
    const d = await fx.distributor(KEY_446);
    const gone = await fx.distributor('512-kunci-rahasia-512', { types: ['sales-invoices'], state: 'DISABLED' });
    // Runs the API recorded and dispatched (their outbox rows are dispatched), one of them already under way.
    const runs = [];
    for (const [i, documentType] of TYPES.entries()) {
      runs.push(
        await fx.owner.syncRun.create({
          data: {
            organizationId: d.organizationId,
            integrationId: d.integrationId,
            documentType,
            trigger: i === 0 ? 'INITIAL' : 'MANUAL',
            status: i === 0 ? 'RUNNING' : 'QUEUED',
          },
        }),
      );
    }
    const stranded = await fx.owner.syncRun.create({
      data: { organizationId: gone.organizationId, integrationId: gone.integrationId, documentType: 'SALES_INVOICE', trigger: 'MANUAL', status: 'QUEUED' },
    });
    // Their jobs sit in the (paused) queue until Redis loses them all.
    await scope.queue.pause();
    for (const r of runs) {
      const job: SyncJobV1 = {
        v: 1,
        organizationId: d.organizationId,
        integrationId: d.integrationId,
        documentType: r.documentType!,
        syncRunId: r.id,
        mode: 'incremental',
      };
      await scope.queue.add(JOBS.sync.name, job, syncJobOptions(r.id, 100));
    }
    expect(await scope.queue.getJobCountByTypes('waiting')).toBe(5);
    expect(await scope.flushQueues()).toBeGreaterThan(0);
    expect(await scope.queue.getJob(syncJobId(runs[0]!.id))).toBeUndefined();

    const swept = await worker.schedules.reconcile();
    expect(new Set(swept.lostRuns.requeued)).toEqual(new Set(runs.map((r) => r.id)));
    expect(swept.lostRuns.ended).toEqual([stranded.id]);
    // The schedulers were lost with the rest and are back too.
    expect(await scope.queue.getJobScheduler(syncSchedulerId(d.integrationId))).toBeDefined();

    const settled = await fx.settledRuns(d.integrationId, 5);
    expect(
      settled.map((r) => r.status),
      JSON.stringify(settled.map((r) => [r.documentType, r.status, r.error])),
    ).toEqual(Array(5).fill('SUCCEEDED'));
    expect(new Set(settled.map((r) => r.id))).toEqual(new Set(runs.map((r) => r.id)));
    const ours = await fx.documentCounts(d.integrationId);
    for (const t of TYPES) {
      const model = DOCUMENT_TYPE_SLUG[t] as ModelType;
      expect(ours[t], t).toEqual({
        documents: dms.control.countDocuments('446', model),
        distinctSources: dms.control.countDocuments('446', model),
        lines: dms.control.countLines('446', model),
      });
    }
    expect(await fx.owner.syncRun.findUniqueOrThrow({ where: { id: stranded.id } })).toMatchObject({
      status: 'FAILED',
      error: 'Sync job lost from the queue and not runnable: the integration is DISABLED',
      errorCode: 'JOB_LOST',
    });
    // With every run ended (or its job present) a later sweep has nothing to do.
    expect((await worker.schedules.reconcile()).lostRuns).toEqual({ requeued: [], ended: [] });
  });

  it('a run whose job still exists is left alone', { timeout: SLOW }, async () => {
    const d = await fx.distributor(KEY_446, { types: ['sales-invoices'] });
    const run = await fx.owner.syncRun.create({
      data: { organizationId: d.organizationId, integrationId: d.integrationId, documentType: 'SALES_INVOICE', trigger: 'MANUAL', status: 'QUEUED' },
    });
    await scope.queue.pause();
    const job: SyncJobV1 = {
      v: 1,
      organizationId: d.organizationId,
      integrationId: d.integrationId,
      documentType: 'SALES_INVOICE',
      syncRunId: run.id,
      mode: 'incremental',
    };
    await scope.queue.add(JOBS.sync.name, job, syncJobOptions(run.id, 100));
    const swept = await worker.schedules.reconcile();
    expect(swept.lostRuns).toEqual({ requeued: [], ended: [] });
    await scope.queue.resume();
    const [done] = await fx.settledRuns(d.integrationId, 1);
    expect(done).toMatchObject({ id: run.id, status: 'SUCCEEDED', recordsUpserted: 40 });
  });
});

describe('an integration activated by an admin', () => {
  let dms: RunningSampleDms;
  let scope: SyncScope;
  let worker: WorkerApp;

  beforeAll(async () => {
    dms = await startSampleDms({ docsPerType: 20 });
    scope = new SyncScope(db, dms.url);
    worker = await scope.startWorker({ SCHEDULE_RECONCILE_INTERVAL_MS: NEVER_MS, SYNC_INTERVAL_MINUTES: '15' });
  });
  afterAll(async () => {
    await scope?.close();
    await dms?.close();
  });

  it('gets its schedule from the outbox relay as soon as its first sync is dispatched, not at the next reconcile', { timeout: SLOW }, async () => {
    const d = await fx.distributor('777-kunci-yang-sudah-dicabut', { state: 'ERROR' });
    expect(await scope.queue.getJobScheduler(syncSchedulerId(d.integrationId))).toBeUndefined();

    // What the API's activation commits and dispatches (AdminService.setAccessKey): ACTIVE with the key, INITIAL runs, their outbox rows.
    await fx.setAccessKey(d.integrationId, '777-tujuh-tujuh-tujuh');
    for (const documentType of TYPES) {
      const run = await fx.owner.syncRun.create({
        data: { organizationId: d.organizationId, integrationId: d.integrationId, documentType, trigger: 'INITIAL', status: 'QUEUED' },
      });
      const job: SyncJobV1 = { v: 1, organizationId: d.organizationId, integrationId: d.integrationId, documentType, syncRunId: run.id, mode: 'full' };
      await fx.owner.outboxEvent.create({ data: { organizationId: d.organizationId, kind: JOBS.sync.name, payload: job, dispatchedAt: new Date() } });
      await scope.queue.add(JOBS.sync.name, job, syncJobOptions(run.id, 100));
    }

    // The periodic reconcile is an hour away: only the relay can bring the schedule.
    const scheduler = await fx.waitFor('the schedule', () => scope.queue.getJobScheduler(syncSchedulerId(d.integrationId)), 30_000);
    expect(scheduler).toMatchObject({ every: 15 * 60_000, name: JOBS.syncTick.name, template: { data: { integrationId: d.integrationId } } });
    // Its first tick is one interval after the activation: the first (full) sync is already queued.
    expect(scheduler.next).toBeGreaterThan(Date.now() + 14 * 60_000);
    const runs = await fx.settledRuns(d.integrationId, 5);
    expect(
      runs.every((r) => r.status === 'SUCCEEDED' && r.trigger === 'INITIAL'),
      JSON.stringify(runs.map((r) => [r.documentType, r.status, r.error])),
    ).toBe(true);
  });

  it('a parked integration with recent sync events gets no schedule', { timeout: SLOW }, async () => {
    const d = await fx.distributor('888-kunci', { state: 'ERROR', types: ['sales-invoices'] });
    const run = await fx.owner.syncRun.create({
      data: { organizationId: d.organizationId, integrationId: d.integrationId, documentType: 'SALES_INVOICE', trigger: 'MANUAL', status: 'FAILED' },
    });
    const job: SyncJobV1 = {
      v: 1,
      organizationId: d.organizationId,
      integrationId: d.integrationId,
      documentType: 'SALES_INVOICE',
      syncRunId: run.id,
      mode: 'incremental',
    };
    await fx.owner.outboxEvent.create({ data: { organizationId: d.organizationId, kind: JOBS.sync.name, payload: job, dispatchedAt: new Date() } });
    // What the relay asks for each integration with recent sync events.
    expect(await worker.schedules.ensure([d.integrationId])).toEqual([]);
    expect(await scope.queue.getJobScheduler(syncSchedulerId(d.integrationId))).toBeUndefined();
  });
});

describe('invite expiry sweep', () => {
  let scope: SyncScope;
  let worker: WorkerApp;

  beforeAll(async () => {
    scope = new SyncScope(db, 'http://127.0.0.1:9');
  });
  afterAll(async () => {
    await scope?.close();
  });

  async function principal() {
    const id = randomUUID();
    await fx.owner.organization.create({ data: { id, kind: 'PRINCIPAL', name: `Principal ${id.slice(0, 4)}` } });
    return id;
  }
  const invite = (organizationId: string, status: 'PENDING' | 'CANCELLED' | 'EXPIRED', expiresInMs: number) =>
    fx.owner.connectionInvite.create({
      data: { organizationId, tokenHash: randomUUID(), status, expiresAt: new Date(Date.now() + expiresInMs), createdById: randomUUID() },
    });
  const expiryEvents = (ids: string[]) => fx.owner.auditEvent.findMany({ where: { action: 'connection.invite_expired', targetId: { in: ids } } });

  it('marks PENDING invites past expiry EXPIRED in every organisation, audited once, without anyone opening the list', { timeout: SLOW }, async () => {
    const [p1, p2] = [await principal(), await principal()];
    const due = [await invite(p1, 'PENDING', -60_000), await invite(p1, 'PENDING', -1), await invite(p2, 'PENDING', -3600_000)];
    const live = await invite(p1, 'PENDING', 3600_000);
    const cancelled = await invite(p2, 'CANCELLED', -60_000);
    const all = [...due, live, cancelled];

    worker = await scope.startWorker({ INVITE_EXPIRY_SWEEP_MS: '300' });
    expect(await scope.housekeeping.getJobScheduler(INVITE_EXPIRY_SCHEDULER_ID)).toMatchObject({ every: 300, name: JOBS.inviteExpiry.name });

    await fx.waitFor(
      'the due invites to expire',
      async () => (await fx.owner.connectionInvite.count({ where: { id: { in: due.map((i) => i.id) }, status: 'EXPIRED' } })) === due.length,
    );
    // Several more sweeps run; none records anything again.
    const completedBefore = (await scope.housekeeping.getJobCounts('completed')).completed ?? 0;
    await fx.waitFor('two more sweeps', async () => ((await scope.housekeeping.getJobCounts('completed')).completed ?? 0) >= completedBefore + 2);
    expect(await worker.invites.sweep(new Date())).toEqual([]);

    const after = new Map((await fx.owner.connectionInvite.findMany({ where: { id: { in: all.map((i) => i.id) } } })).map((i) => [i.id, i.status]));
    expect(Object.fromEntries(all.map((i) => [i.id, after.get(i.id)]))).toEqual({
      [due[0]!.id]: 'EXPIRED',
      [due[1]!.id]: 'EXPIRED',
      [due[2]!.id]: 'EXPIRED',
      [live.id]: 'PENDING',
      [cancelled.id]: 'CANCELLED',
    });
    const events = await expiryEvents(all.map((i) => i.id));
    // Exactly what the API records when it notices an expired invite itself: one event per invite, in its principal's log, no actor.
    expect(
      events
        .map((e) => ({
          organizationId: e.organizationId,
          targetType: e.targetType,
          targetId: e.targetId,
          actorUserId: e.actorUserId,
          actorOrgId: e.actorOrgId,
        }))
        .sort((a, b) => a.targetId!.localeCompare(b.targetId!)),
    ).toEqual(
      due
        .map((i) => ({ organizationId: i.organizationId, targetType: 'invite', targetId: i.id, actorUserId: null, actorOrgId: null }))
        .sort((a, b) => a.targetId.localeCompare(b.targetId)),
    );
  });

  it('an invite that expires later is picked up by a later sweep', { timeout: SLOW }, async () => {
    const p = await principal();
    const soon = await invite(p, 'PENDING', 1_000);
    await fx.waitFor('the invite to expire', async () => (await fx.owner.connectionInvite.findUniqueOrThrow({ where: { id: soon.id } })).status === 'EXPIRED');
    expect(await expiryEvents([soon.id])).toHaveLength(1);
  });

  it(
    'member invites past expiry turn EXPIRED too, with member.invite_expired in their organisation, once; used or cancelled ones stay',
    { timeout: SLOW },
    async () => {
      const [o1, o2] = [await principal(), await principal()];
      const memberInvite = (organizationId: string, status: 'PENDING' | 'ACCEPTED' | 'CANCELLED', expiresInMs: number) =>
        fx.owner.memberInvite.create({
          data: {
            organizationId,
            email: `${randomUUID()}@example.test`,
            role: 'MEMBER',
            tokenHash: randomUUID(),
            status,
            expiresAt: new Date(Date.now() + expiresInMs),
            createdById: randomUUID(),
            createdByName: 'Budi',
          },
        });
      const due = [await memberInvite(o1, 'PENDING', -60_000), await memberInvite(o2, 'PENDING', -7 * 24 * 3600_000)];
      const live = await memberInvite(o1, 'PENDING', 3600_000);
      const accepted = await memberInvite(o1, 'ACCEPTED', -60_000);
      const cancelled = await memberInvite(o2, 'CANCELLED', -60_000);
      const all = [...due, live, accepted, cancelled];

      await fx.waitFor(
        'the due member invites to expire',
        async () => (await fx.owner.memberInvite.count({ where: { id: { in: due.map((i) => i.id) }, status: 'EXPIRED' } })) === due.length,
      );
      expect(await worker.invites.sweep(new Date())).toEqual([]);
      const after = new Map((await fx.owner.memberInvite.findMany({ where: { id: { in: all.map((i) => i.id) } } })).map((i) => [i.id, i.status]));
      expect(Object.fromEntries(all.map((i) => [i.id, after.get(i.id)]))).toEqual({
        [due[0]!.id]: 'EXPIRED',
        [due[1]!.id]: 'EXPIRED',
        [live.id]: 'PENDING',
        [accepted.id]: 'ACCEPTED',
        [cancelled.id]: 'CANCELLED',
      });
      const events = await fx.owner.auditEvent.findMany({ where: { targetId: { in: all.map((i) => i.id) } } });
      expect(
        events
          .map((e) => ({
            organizationId: e.organizationId,
            action: e.action,
            targetType: e.targetType,
            targetId: e.targetId,
            actorType: e.actorType,
            actorId: e.actorId,
          }))
          .sort((a, b) => a.targetId!.localeCompare(b.targetId!)),
      ).toEqual(
        due
          .map((i) => ({
            organizationId: i.organizationId,
            action: 'member.invite_expired',
            targetType: 'member_invite',
            targetId: i.id,
            actorType: 'SYSTEM',
            actorId: null,
          }))
          .sort((a, b) => a.targetId.localeCompare(b.targetId)),
      );
    },
  );
});

describe('the insight fold (docs/product/master-data.md: where the figures come from)', () => {
  let scope: SyncScope;
  let worker: WorkerApp;

  beforeAll(async () => {
    scope = new SyncScope(db, 'http://127.0.0.1:1');
    worker = await scope.startWorker({ SCHEDULE_RECONCILE_INTERVAL_MS: NEVER_MS, INSIGHT_FOLD_MS: '200' });
  });
  afterAll(() => scope?.close());

  it('folds the lines the trigger appended into the sums on its own, summed per key, and leaves none behind', { timeout: SLOW }, async () => {
    const distributor = randomUUID();
    await fx.owner.$executeRawUnsafe(
      `insert into insight_line_deltas (organization_id, date, type, integration_id, currency, product_code, unit, party_code, salesman_code, lines, quantity, amount)
       values ($1::uuid, '2026-11-03', 'SALES_INVOICE', $1::uuid, 'IDR', 'P1', 'PCS', 'C1', 'S1', 2, 4, 100),
              ($1::uuid, '2026-11-20', 'SALES_INVOICE', $1::uuid, 'IDR', 'P1', 'PCS', 'C2', 'S1', 1, 1, 25.50)`,
      distributor,
    );
    const sums = () =>
      fx.owner.$queryRawUnsafe<{ grain: string; n: number; amount: string }[]>(
        `select 'product' as grain, count(*)::int as n, sum(amount)::text as amount from insight_product_months where organization_id = $1::uuid
         union all select 'customer', count(*)::int, sum(amount)::text from insight_customer_months where organization_id = $1::uuid
         union all select 'day', count(*)::int, sum(amount)::text from insight_days where organization_id = $1::uuid`,
        distributor,
      );
    await eventually('the worker to fold the lines', async () => ((await sums())[0]!.n === 1 ? true : null), 30_000);
    expect(await sums()).toEqual([
      { grain: 'product', n: 1, amount: '125.50' },
      { grain: 'customer', n: 2, amount: '125.50' },
      { grain: 'day', n: 2, amount: '125.50' },
    ]);
    expect(await fx.owner.$queryRawUnsafe(`select 1 from insight_line_deltas where organization_id = $1::uuid`, distributor)).toEqual([]);
  });

  it('folds the deltas recomputations appended into the roll-up on its own, summed per key, and leaves none behind', { timeout: SLOW }, async () => {
    const principal = randomUUID();
    await fx.owner.organization.create({ data: { id: principal, kind: 'PRINCIPAL', name: `Principal ${principal.slice(0, 4)}` } });
    await fx.owner.$executeRawUnsafe(
      `insert into insight_principal_deltas (organization_id, month, type, currency, sku_id, lines, unconvertible_lines, quantity, amount)
       values ($1::uuid, '2026-11-01', 'SALES_INVOICE', 'IDR', null, 2, 0, 0, 100.50), ($1::uuid, '2026-11-01', 'SALES_INVOICE', 'IDR', null, 1, 0, 0, 20),
              ($1::uuid, '2026-11-01', 'SALES_RETURN', 'IDR', null, 1, 0, 0, 5)`,
      principal,
    );
    const rollUp = () =>
      fx.owner.$queryRawUnsafe<{ type: string; lines: number; amount: string }[]>(
        `select type::text, lines, amount::text from insight_principal_months where organization_id = $1::uuid order by type`,
        principal,
      );
    await eventually('the worker to fold the deltas', async () => ((await rollUp()).length === 2 ? true : null), 30_000);
    expect(await rollUp()).toEqual([
      { type: 'SALES_INVOICE', lines: 3, amount: '120.50' },
      { type: 'SALES_RETURN', lines: 1, amount: '5.00' },
    ]);
    expect(await fx.owner.$queryRawUnsafe(`select 1 from insight_principal_deltas where organization_id = $1::uuid`, principal)).toEqual([]);
    expect(await worker.insightFold.tick()).toBe(0);
  });
});
