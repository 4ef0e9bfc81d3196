import { randomUUID } from 'node:crypto';
import { type DocumentType, eventPublishJobV1, type PortalEvent } from '@portal/contracts';
import { createTestDatabase, type TestDatabase } from '@portal/db/testing';
import { type RunningSampleDms, startSampleDms } from '@portal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fixtures, SyncScope } from './sync-harness';

// Issue 12, docs/product/events.md: what a sync run announces, written to the
// outbox in the transaction that records the run's outcome and handed to the
// events queue after commit: its outcome to the distributor, the documents it
// wrote to the distributor and to each principal connected for the run's type
// and integration (and to no one else), and the integration's move to ERROR.

const KEY_446 = '446-bebaspakaivalueapapun';
const REVOKED_KEY = '777-kunci-yang-sudah-dicabut';
const SLOW = 120_000;

let db: TestDatabase;
let fx: Fixtures;
let dms: RunningSampleDms;
let scope: SyncScope;

beforeAll(async () => {
  db = await createTestDatabase('worker_sync_events');
  fx = new Fixtures(db.ownerUrl);
  dms = await startSampleDms({ docsPerType: 30, avgLinesPerDoc: 2 });
  scope = new SyncScope(db, dms.url);
  await scope.startWorker({ SYNC_INTERVAL_MINUTES: '15' });
}, 60_000);

afterAll(async () => {
  await scope?.close();
  await dms?.close();
  await fx?.close();
  await db?.drop();
});

interface Announced {
  producer: string;
  dispatched: boolean;
  event: PortalEvent;
}

/** Every event the outbox holds for these receivers, oldest first. */
async function announcedTo(...receivers: string[]): Promise<Announced[]> {
  const rows = await fx.owner.outboxEvent.findMany({ where: { kind: 'events.publish' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return rows
    .map((r) => ({ producer: r.organizationId, dispatched: r.dispatchedAt !== null, event: eventPublishJobV1.parse(r.payload).event }))
    .filter((a) => receivers.includes(a.event.organizationId));
}

async function principal(label: string) {
  const id = randomUUID();
  await fx.owner.organization.create({ data: { id, kind: 'PRINCIPAL', name: `Principal ${label} ${id.slice(0, 4)}` } });
  return id;
}

function connect(
  principalOrgId: string,
  distributorOrgId: string,
  c: { status: 'CONNECTED' | 'REVOKED'; documentTypes: DocumentType[]; integrationIds?: string[] },
) {
  return fx.owner.connection.create({
    data: {
      principalOrgId,
      distributorOrgId,
      status: c.status,
      documentTypes: c.documentTypes,
      integrationIds: c.integrationIds ?? [],
      connectedAt: new Date(),
    },
  });
}

const ofRun = (runId: string) => (a: Announced) => 'runId' in a.event.data && a.event.data.runId === runId;

describe('a sync run announces', () => {
  let d: Awaited<ReturnType<Fixtures['distributor']>>;
  let p1: string;
  let p1ByIntegration: string;
  let p2: string;
  let p3: string;
  let p4: string;

  beforeAll(async () => {
    d = await fx.distributor(KEY_446, { types: ['sales-invoices'] });
    // Another integration of the same distributor, for a principal connected through it only.
    const other = randomUUID();
    await fx.owner.integration.create({ data: { id: other, organizationId: d.organizationId, kind: 'EXTERNAL', name: 'External', state: 'ACTIVE' } });
    p1 = await principal('P1');
    p1ByIntegration = await principal('P1 by integration');
    p2 = await principal('P2');
    p3 = await principal('P3');
    p4 = await principal('P4');
    await connect(p1, d.organizationId, { status: 'CONNECTED', documentTypes: ['SALES_INVOICE', 'SALES_ORDER'] });
    await connect(p1ByIntegration, d.organizationId, { status: 'CONNECTED', documentTypes: ['SALES_INVOICE'], integrationIds: [d.integrationId] });
    await connect(p2, d.organizationId, { status: 'CONNECTED', documentTypes: ['SALES_ORDER', 'PURCHASE_ORDER'] });
    await connect(p3, d.organizationId, { status: 'CONNECTED', documentTypes: ['SALES_INVOICE'], integrationIds: [other] });
    await connect(p4, d.organizationId, { status: 'REVOKED', documentTypes: ['SALES_INVOICE'] });
  });

  it(
    'its success and the documents it wrote: to the distributor and the principals connected for its type and integration, to no one else',
    { timeout: SLOW },
    async () => {
      await scope.tick(d);
      const [run] = await fx.settledRuns(d.integrationId, 1);
      expect(run).toMatchObject({ status: 'SUCCEEDED', documentType: 'SALES_INVOICE', recordsUpserted: 30 });
      const everyone = [d.organizationId, p1, p1ByIntegration, p2, p3, p4];
      const events = await fx.waitFor('the run events handed to the queue', async () => {
        const all = (await announcedTo(...everyone)).filter(ofRun(run!.id));
        return all.length > 0 && all.every((a) => a.dispatched) ? all : null;
      });
      // The distributor's transaction wrote every one of them.
      expect(new Set(events.map((a) => a.producer))).toEqual(new Set([d.organizationId]));

      const finished = events.filter((a) => a.event.type === 'sync_run.finished').map((a) => a.event);
      expect(finished).toHaveLength(1);
      expect(finished[0]).toMatchObject({
        organizationId: d.organizationId,
        data: {
          runId: run!.id,
          integrationId: d.integrationId,
          integrationName: 'SimpliDOTS: DMS',
          integrationKind: 'DMS',
          documentType: 'SALES_INVOICE',
          trigger: 'SCHEDULE',
          status: 'SUCCEEDED',
          startedAt: run!.startedAt!.toISOString(),
          finishedAt: run!.finishedAt!.toISOString(),
          counts: { read: 30, upserted: 30, quarantined: 0 },
        },
      });

      const updated = events.filter((a) => a.event.type === 'documents.updated').map((a) => a.event);
      expect(updated.map((e) => e.organizationId).sort()).toEqual([d.organizationId, p1, p1ByIntegration].sort());
      const distributorName = (await fx.owner.organization.findUniqueOrThrow({ where: { id: d.organizationId } })).name;
      for (const e of updated)
        expect(e.data).toEqual({
          distributorId: d.organizationId,
          distributorName,
          integrationId: d.integrationId,
          runId: run!.id,
          documentTypes: ['SALES_INVOICE'],
          count: 30,
          from: run!.startedAt!.toISOString(),
          to: run!.finishedAt!.toISOString(),
          link: `/api/documents?type=SALES_INVOICE&distributorId=${d.organizationId}&integrationId=${d.integrationId}`,
        });
      // P2 (other types only), P3 (through another integration only) and P4 (revoked) hear nothing at all.
      expect(await announcedTo(p2, p3, p4)).toEqual([]);
    },
  );

  it('a run that writes nothing new announces its success and no documents', { timeout: SLOW }, async () => {
    await scope.tick(d);
    const run = (await fx.settledRuns(d.integrationId, 2))[1]!;
    expect(run).toMatchObject({ status: 'SUCCEEDED', recordsUpserted: 0 });
    const events = await fx.waitFor('the second run announced', async () => {
      const all = (await announcedTo(d.organizationId, p1, p1ByIntegration)).filter(ofRun(run.id));
      return all.length > 0 ? all : null;
    });
    expect(events.map((a) => [a.event.type, a.event.organizationId])).toEqual([['sync_run.finished', d.organizationId]]);
  });

  it('a failed attempt that BullMQ retries is announced as not final, and the run that then succeeds as finished', { timeout: SLOW }, async () => {
    const doc = await fx.owner.document.findFirstOrThrow({ where: { integrationId: d.integrationId }, orderBy: { sourceId: 'asc' } });
    dms.control.touch('446', 'sales-invoices', doc.sourceId);
    dms.control.setFaults({ failNext: { status: 503, count: 1 } });
    await scope.tick(d);
    const run = (await fx.settledRuns(d.integrationId, 3))[2]!;
    expect(run).toMatchObject({ status: 'SUCCEEDED', attempt: 2, recordsUpserted: 1 });
    const events = await fx.waitFor('the third run announced', async () => {
      const all = (await announcedTo(d.organizationId, p1)).filter(ofRun(run.id));
      return all.some((a) => a.event.type === 'sync_run.finished') ? all : null;
    });
    const failed = events.map((a) => a.event).filter((e) => e.type === 'sync_run.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.organizationId).toBe(d.organizationId);
    expect(failed[0]!.data).toMatchObject({ status: 'FAILED', final: false, nextAttemptAt: null, error: { code: 'SOURCE_UNAVAILABLE' } });
    expect(
      events
        .map((a) => a.event)
        .filter((e) => e.type === 'documents.updated')
        .map((e) => [e.organizationId, e.data.count]),
    ).toEqual(
      expect.arrayContaining([
        [d.organizationId, 1],
        [p1, 1],
      ]),
    );
  });
});

describe('a run whose AccessKey the DMS rejects', () => {
  it('announces a final failure and the integration parked in ERROR, once', { timeout: SLOW }, async () => {
    const c = await fx.distributor(REVOKED_KEY, { types: ['sales-invoices'] });
    await scope.tick(c);
    const [run] = await fx.settledRuns(c.integrationId, 1);
    expect(run).toMatchObject({ status: 'FAILED', errorCode: 'CREDENTIALS_REJECTED' });
    const events = await fx.waitFor('the failure announced', async () => {
      // The customers and products runs planned beside it fail too, each announced as its own run (master-data.int.spec.ts).
      const all = (await announcedTo(c.organizationId)).map((a) => a.event).filter((e) => !('masterDataKind' in e.data && e.data.masterDataKind));
      return all.length >= 2 ? all : null;
    });
    expect(events.map((e) => e.type).sort()).toEqual(['integration.state_changed', 'sync_run.failed']);
    const failed = events.find((e) => e.type === 'sync_run.failed')!;
    expect(failed).toMatchObject({
      organizationId: c.organizationId,
      data: { runId: run!.id, status: 'FAILED', final: true, nextAttemptAt: null, error: { code: 'CREDENTIALS_REJECTED' } },
    });
    const parked = events.find((e) => e.type === 'integration.state_changed')!;
    expect(parked).toMatchObject({
      organizationId: c.organizationId,
      data: {
        integrationId: c.integrationId,
        integrationKind: 'DMS',
        previousState: 'ACTIVE',
        state: 'ERROR',
        reasonCode: 'CREDENTIALS_REJECTED',
        reason: 'AccessKey rejected',
        changedBy: 'system',
      },
    });
  });
});

describe('a run whose retries run out', () => {
  it('announces each retried attempt as not final, the last as final, and the integration parked in ERROR', { timeout: SLOW }, async () => {
    const e = await fx.distributor(KEY_446, { types: ['sales-invoices'] });
    dms.control.setFaults({ failNext: { status: 503, count: 5 } });
    await scope.tick(e);
    const [run] = await fx.settledRuns(e.integrationId, 1);
    expect(run).toMatchObject({ status: 'FAILED', attempt: 5, errorCode: 'SOURCE_UNAVAILABLE' });
    const events = await fx.waitFor('the exhausted run announced', async () => {
      // The customers and products runs planned beside it are announced as their own runs: which of them the
      // five faults reach, and whether they start before or after the integration is parked, is a race.
      const all = (await announcedTo(e.organizationId)).map((a) => a.event).filter((x) => !('masterDataKind' in x.data && x.data.masterDataKind));
      return all.length >= 6 ? all : null;
    });
    const failed = events.filter((x) => x.type === 'sync_run.failed');
    expect(failed.map((x) => [x.data.final, x.data.error.code])).toEqual([
      [false, 'SOURCE_UNAVAILABLE'],
      [false, 'SOURCE_UNAVAILABLE'],
      [false, 'SOURCE_UNAVAILABLE'],
      [false, 'SOURCE_UNAVAILABLE'],
      [true, 'SOURCE_UNAVAILABLE'],
    ]);
    expect(events.filter((x) => x.type === 'integration.state_changed').map((x) => x.data)).toEqual([
      expect.objectContaining({ previousState: 'ACTIVE', state: 'ERROR', reasonCode: 'RETRIES_EXHAUSTED', changedBy: 'system' }),
    ]);
    // Nothing was written, so nothing to tell about documents.
    expect(events.some((x) => x.type === 'documents.updated')).toBe(false);
  });
});
