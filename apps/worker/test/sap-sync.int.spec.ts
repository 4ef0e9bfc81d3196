import type { DocumentType, S4Connection } from '@portal/contracts';
import { createTestDatabase, type TestDatabase } from '@portal/db/testing';
import { type RunningSampleSap, startSampleSap } from '@portal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fixtures, SyncScope } from './sync-harness';

// The worker against the sample SAP's S/4HANA (OData V2), as a distributor's SAP integration is synced:
// every page through the real connector, template and writer, in worker processes of their own.

const SLOW = 240_000;
const CLIENT = '100';
const PASSWORD = 'Sap#Demo100';
const DOCS = 120;
// Per canonical type: the header entity set (documents) and the item entity set (lines) the sample serves.
const SETS: Record<DocumentType, { header: string; items: string }> = {
  SALES_ORDER: { header: 'A_SalesOrder', items: 'A_SalesOrderItem' },
  SALES_RETURN: { header: 'A_CustomerReturn', items: 'A_CustomerReturnItem' },
  SALES_INVOICE: { header: 'A_BillingDocument', items: 'A_BillingDocumentItem' },
  PURCHASE_INVOICE: { header: 'A_SupplierInvoice', items: 'A_SuplrInvcItemPurOrdRef' },
  PURCHASE_ORDER: { header: 'A_PurchaseOrder', items: 'A_PurchaseOrderItem' },
};
const TYPES = Object.keys(SETS) as DocumentType[];

let db: TestDatabase;
let fx: Fixtures;
let sap: RunningSampleSap;
let scope: SyncScope;

const connection = (): S4Connection => ({
  product: 'S4HANA',
  baseUrl: sap.url,
  sapClient: CLIENT,
  auth: { type: 'BASIC', username: `PORTAL_COMM_${CLIENT}`, password: PASSWORD },
});

/** What the sample SAP holds, per canonical type: documents and their items. */
function sapCounts() {
  return Object.fromEntries(
    TYPES.map((t) => {
      const documents = sap.control.s4.count(CLIENT, SETS[t].header);
      return [t, { documents, distinctSources: documents, lines: sap.control.s4.count(CLIENT, SETS[t].items) }];
    }),
  );
}

const summary = (runs: { documentType: string | null; status: string; attempt: number; pages: number; recordsRead: number; error: string | null }[]) =>
  runs
    .map((r) => `\n  ${r.documentType} ${r.status} attempt=${r.attempt} pages=${r.pages} read=${r.recordsRead}${r.error ? ` error=${r.error}` : ''}`)
    .join('');

beforeAll(async () => {
  db = await createTestDatabase('worker_sap_sync');
  fx = new Fixtures(db.ownerUrl);
  sap = await startSampleSap({ docsPerType: DOCS });
  scope = new SyncScope(db, sap.url);
});

afterAll(async () => {
  await scope?.close();
  await sap?.close();
  await fx?.close();
  await db?.drop();
});

describe('an SAP integration synced by the worker', () => {
  it('brings exactly the SAP documents and items, adds nothing on a second sync, and only the changed ones after a change', { timeout: SLOW }, async () => {
    const d = await fx.sapDistributor(connection());
    expect(d.types).toBe(5);
    await scope.spawnWorker({ SYNC_PAGE_SIZE: '25' });
    await scope.tick(d);
    const first = await fx.settledRuns(d.integrationId, 5);
    expect(
      first.every((r) => r.status === 'SUCCEEDED'),
      summary(first),
    ).toBe(true);
    expect(await fx.documentCounts(d.integrationId)).toEqual(sapCounts());
    // Pages followed to the end: 120 documents in pages of 25 are five pages per type.
    expect(first.filter((r) => r.documentType === 'SALES_ORDER')[0]!.pages).toBeGreaterThanOrEqual(5);

    // Nothing changed: documents with a change timestamp are not read again (the boundary record is not repeated);
    // supplier invoices are re-read over their PostingDate window, and upserting them changes nothing.
    await scope.tick(d);
    const second = (await fx.settledRuns(d.integrationId, 10)).slice(5);
    expect(
      second.every((r) => r.status === 'SUCCEEDED'),
      summary(second),
    ).toBe(true);
    for (const r of second.filter((x) => x.documentType !== 'PURCHASE_INVOICE')) expect(r.recordsRead, summary([r])).toBe(0);
    expect(await fx.documentCounts(d.integrationId)).toEqual(sapCounts());

    // Two sales orders change at SAP: the next sync reads exactly those two and replaces them.
    const [a, b] = await fx.owner.document.findMany({
      where: { integrationId: d.integrationId, type: 'SALES_ORDER' },
      orderBy: { sourceId: 'asc' },
      take: 2,
    });
    for (const doc of [a!, b!]) sap.control.s4.touch(CLIENT, 'A_SalesOrder', doc.sourceId);
    await scope.tick(d);
    const third = (await fx.settledRuns(d.integrationId, 15)).slice(10);
    expect(third.find((r) => r.documentType === 'SALES_ORDER')).toMatchObject({ status: 'SUCCEEDED', recordsRead: 2, recordsUpserted: 2 });
    for (const doc of [a!, b!]) {
      const after = await fx.owner.document.findUniqueOrThrow({ where: { id: doc.id } });
      expect(after.sourceUpdatedAt.getTime()).toBeGreaterThan(doc.sourceUpdatedAt.getTime());
    }
    expect(await fx.documentCounts(d.integrationId)).toEqual(sapCounts());

    // The worker never wrote to SAP: every request it made was a GET.
    expect(sap.control.s4.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    await scope.killChildren();
  });

  it('a worker killed with SIGKILL mid-sync and restarted leaves no lost and no duplicated documents', { timeout: SLOW }, async () => {
    const d = await fx.sapDistributor(connection());
    const settings = { SYNC_PAGE_SIZE: '10', SYNC_CONCURRENCY: '5', SYNC_ORG_CONCURRENCY: '5', SYNC_LOCK_MS: '2000' };
    sap.control.s4.setFaults({ latencyMs: 40 });
    const first = await scope.spawnWorker(settings);
    await scope.tick(d);
    await fx.waitFor('some pages committed', async () => {
      const runs = await fx.runs(d.integrationId);
      return runs.length === 5 && runs.reduce((s, r) => s + r.pages, 0) >= 10;
    });
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = await fx.runs(d.integrationId);
    expect(
      atKill.some((r) => r.status === 'RUNNING'),
      `at SIGKILL: ${summary(atKill)}`,
    ).toBe(true);

    sap.control.s4.setFaults({ latencyMs: 0 });
    await scope.spawnWorker(settings);
    const runs = await fx.settledRuns(d.integrationId, 5);
    expect(
      runs.every((r) => r.status === 'SUCCEEDED'),
      `after restart: ${summary(runs)}`,
    ).toBe(true);
    expect(await fx.documentCounts(d.integrationId)).toEqual(sapCounts());
    await scope.killChildren();
  });

  it('waits out 429s and retries 503s to a successful run, and never logs or queues the credentials', { timeout: SLOW }, async () => {
    const d = await fx.sapDistributor(connection());
    sap.control.s4.setFaults({ failNext: { status: 429, count: 2 }, retryAfterSeconds: 1 });
    await scope.spawnWorker({ SYNC_PAGE_SIZE: '50', LOG_LEVEL: 'debug' });
    await scope.tick(d);
    const runs = await fx.settledRuns(d.integrationId, 5);
    expect(
      runs.every((r) => r.status === 'SUCCEEDED'),
      summary(runs),
    ).toBe(true);
    // Waiting for Retry-After is not a failed attempt.
    expect(runs.every((r) => r.attempt === 1)).toBe(true);

    sap.control.s4.setFaults({ failNext: { status: 503, count: 2 } });
    await scope.tick(d);
    const retried = (await fx.settledRuns(d.integrationId, 10)).slice(5);
    expect(
      retried.every((r) => r.status === 'SUCCEEDED'),
      summary(retried),
    ).toBe(true);
    expect(retried.some((r) => r.attempt > 1)).toBe(true);
    expect(await fx.documentCounts(d.integrationId)).toEqual(sapCounts());

    // The password (and its Basic encoding) never reach a log line, a job payload or a stored run.
    const basic = Buffer.from(`PORTAL_COMM_${CLIENT}:${PASSWORD}`).toString('base64');
    const jobs = await scope.queue.getJobs(['completed', 'failed', 'delayed', 'waiting', 'active']);
    expect(jobs.length).toBeGreaterThan(0);
    const seen = [scope.logs.join(''), JSON.stringify(jobs.map((j) => j.data)), JSON.stringify(await fx.runs(d.integrationId))].join('\n');
    expect(scope.logs.join('').length).toBeGreaterThan(0);
    expect(seen).not.toContain(PASSWORD);
    expect(seen).not.toContain(basic);
    await scope.killChildren();
  });
});
