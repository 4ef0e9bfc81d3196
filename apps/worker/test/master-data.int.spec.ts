import { type RunningSampleDms, startSampleDms } from '@portal/testing';
import { createTestDatabase, type TestDatabase } from '@portal/db/testing';
import type { Prisma } from '@portal/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fixtures, SyncScope, TERMINAL } from './sync-harness';

// Master data pulled from the DMS like documents (docs/product/master-data.md):
// the real worker against the sample DMS, which serves exactly the customers
// and products its documents name.

const KEY_446 = '446-bebaspakaivalueapapun';
const KEY_512 = '512-kunci-rahasia-512';
const KEY_777 = '777-tujuh-tujuh-tujuh';

let db: TestDatabase;
let fx: Fixtures;

beforeAll(async () => {
  db = await createTestDatabase('worker_master_data');
  fx = new Fixtures(db.ownerUrl);
});

afterAll(async () => {
  await fx?.close();
  await db?.drop();
});

type Run = Awaited<ReturnType<Fixtures['runs']>>[number];

/** Every run of the integration (documents and master data), oldest first. */
const allRuns = (integrationId: string) => fx.owner.syncRun.findMany({ where: { integrationId }, orderBy: [{ queuedAt: 'asc' }, { id: 'asc' }] });

/** Waits until the integration has `count` runs in all and every one has ended. */
async function settled(integrationId: string, count: number): Promise<Run[]> {
  return fx.waitFor(`${count} runs of ${integrationId} to end`, async () => {
    const runs = await allRuns(integrationId);
    return runs.length >= count && runs.every((r) => (TERMINAL as readonly string[]).includes(r.status)) ? runs : null;
  });
}

const masterRun = (runs: Run[], kind: 'CUSTOMER' | 'PRODUCT') => runs.filter((r) => r.masterDataKind === kind).at(-1)!;

describe('master data pulled from the sample DMS', () => {
  let dms: RunningSampleDms;
  let scope: SyncScope;
  let d: Awaited<ReturnType<Fixtures['distributor']>>;

  beforeAll(async () => {
    dms = await startSampleDms({ docsPerType: 30, seed: 11 });
    scope = new SyncScope(db, dms.url);
    // Small pages, so the customers and products take several pages and cursors.
    await scope.startWorker({ SYNC_PAGE_SIZE: '4' });
    d = await fx.distributor(KEY_446);
  });

  afterAll(async () => {
    await scope?.close();
    await dms?.close();
  });

  it('a first sync pulls every customer and product the DMS offers, beside the documents', async () => {
    await scope.tick(d);
    const runs = await settled(d.integrationId, d.types + 2);
    const customers = dms.control.masterDataRecords('446', 'customers');
    const products = dms.control.masterDataRecords('446', 'products');
    expect(customers.length).toBeGreaterThan(4);
    expect(products.length).toBeGreaterThan(4);

    const c = masterRun(runs, 'CUSTOMER');
    const p = masterRun(runs, 'PRODUCT');
    expect([c.status, c.recordsRead, c.recordsUpserted, c.documentType]).toEqual(['SUCCEEDED', customers.length, customers.length, null]);
    expect([p.status, p.recordsRead, p.recordsUpserted]).toEqual(['SUCCEEDED', products.length, products.length]);
    expect(c.pages).toBeGreaterThan(1);
    // Document runs are unaffected: one per type, all succeeded.
    expect(runs.filter((r) => r.documentType).map((r) => r.status)).toEqual(Array(d.types).fill('SUCCEEDED'));

    const stored = await fx.owner.customer.findMany({ where: { integrationId: d.integrationId }, orderBy: { code: 'asc' } });
    expect(stored.map((s) => [s.sourceId, s.code, s.name])).toEqual(
      [...customers].sort((a, b) => a.code.localeCompare(b.code)).map((s) => [s.id, s.code, s.name]),
    );
    expect(stored.every((s) => s.city && s.address && s.outletType && s.salesmanCode && s.organizationId === d.organizationId)).toBe(true);
    const indomie = await fx.owner.product.findFirst({ where: { integrationId: d.integrationId, code: products[0]!.code } });
    expect(indomie).toMatchObject({ baseUnit: 'PCS', conversions: expect.arrayContaining([{ unit: 'KRT', factor: '48' }]) });
    expect(indomie?.barcode).toMatch(/^899\d{10}$/);
    const cursor = await fx.owner.masterDataCursor.findUnique({ where: { integrationId_kind: { integrationId: d.integrationId, kind: 'CUSTOMER' } } });
    expect(cursor?.cursor).toBeNull();
    expect(cursor?.updatedSince).not.toBeNull();
  });

  it('the next sync reads only what changed since, and a customer changed in the DMS updates its row', async () => {
    const customers = dms.control.masterDataRecords('446', 'customers');
    const target = customers[0]!;
    const before = await fx.owner.customer.findFirstOrThrow({ where: { integrationId: d.integrationId, sourceId: target.id } });
    dms.control.touchMasterData('446', 'customers', target.id);
    const count = (await allRuns(d.integrationId)).length;
    await scope.tick(d);
    const runs = await settled(d.integrationId, count + d.types + 2);
    const c = masterRun(runs, 'CUSTOMER');
    const p = masterRun(runs, 'PRODUCT');
    // From the stored watermark: the changed customer (and at most the boundary record, which writes nothing).
    expect(c.recordsRead).toBeLessThanOrEqual(2);
    expect(c.recordsRead).toBeLessThan(customers.length);
    expect(c.recordsUpserted).toBe(1);
    expect(p.recordsUpserted).toBe(0);
    expect(p.recordsRead).toBeLessThanOrEqual(1);
    const after = await fx.owner.customer.findFirstOrThrow({ where: { integrationId: d.integrationId, sourceId: target.id } });
    expect(after.address).not.toBe(before.address);
    expect(after.sourceUpdatedAt.getTime()).toBeGreaterThan(before.sourceUpdatedAt.getTime());
    expect(await fx.owner.customer.count({ where: { integrationId: d.integrationId } })).toBe(customers.length);
  });

  it('announces each master-data run as finished, with its kind, and never as documents updated', async () => {
    const runs = (await allRuns(d.integrationId)).filter((r) => r.masterDataKind);
    const events = await fx.owner.outboxEvent.findMany({ where: { organizationId: d.organizationId, kind: 'events.publish' } });
    const payloads = events.map((e) => (e.payload as { event: { type: string; data: Record<string, unknown> } }).event);
    for (const run of runs) {
      const finished = payloads.filter((e) => e.type === 'sync_run.finished' && e.data.runId === run.id);
      expect(finished).toHaveLength(1);
      expect(finished[0]!.data).toMatchObject({ masterDataKind: run.masterDataKind, documentType: null, status: 'SUCCEEDED' });
      expect(payloads.some((e) => e.type === 'documents.updated' && e.data.runId === run.id)).toBe(false);
    }
  });
});

describe('malformed master data', () => {
  let dms: RunningSampleDms;
  let scope: SyncScope;

  beforeAll(async () => {
    dms = await startSampleDms({ docsPerType: 20, seed: 3, malformedRate: 0.4 });
    scope = new SyncScope(db, dms.url);
    await scope.startWorker();
  });

  afterAll(async () => {
    await scope?.close();
    await dms?.close();
  });

  it('quarantines a malformed customer or product with its code and writes the rest', async () => {
    const d = await fx.distributor(KEY_512, { types: ['sales-invoices'] });
    const served = async (path: string) => {
      const res = await fetch(`${dms.url}/api/v1/${path}?limit=100`, { headers: { 'x-access-key': KEY_512 } });
      return ((await res.json()) as { data: Record<string, unknown>[] }).data;
    };
    const customers = await served('customers');
    const products = await served('products');
    const badCustomers = customers.filter((c) => c.kode_pelanggan === '').map((c) => String(c.id));
    const badProducts = products.filter((p) => (p.konversi as { isi: unknown }[]).some((k) => k.isi === 'dua belas')).map((p) => String(p.id));
    // The seed is chosen so that both kinds have bad and good records.
    expect(badCustomers.length).toBeGreaterThan(0);
    expect(badProducts.length).toBeGreaterThan(0);
    expect(badCustomers.length).toBeLessThan(customers.length);

    await scope.tick(d);
    const runs = await settled(d.integrationId, 3);
    const c = masterRun(runs, 'CUSTOMER');
    const p = masterRun(runs, 'PRODUCT');
    expect([c.status, c.recordsQuarantined, c.recordsUpserted, c.errorCode]).toEqual([
      'PARTIAL',
      badCustomers.length,
      customers.length - badCustomers.length,
      'RECORDS_QUARANTINED',
    ]);
    expect([p.status, p.recordsQuarantined, p.recordsUpserted]).toEqual(['PARTIAL', badProducts.length, products.length - badProducts.length]);

    const quarantined = await fx.owner.quarantinedRecord.findMany({ where: { integrationId: d.integrationId }, orderBy: { sourceId: 'asc' } });
    expect(quarantined.filter((q) => q.masterDataKind === 'CUSTOMER').map((q) => [q.sourceId, q.reasonCode, q.documentType])).toEqual(
      badCustomers.sort().map((id) => [id, 'REQUIRED_EMPTY', null]),
    );
    expect(quarantined.filter((q) => q.masterDataKind === 'PRODUCT').map((q) => [q.sourceId, q.reasonCode, q.reasonParams])).toEqual(
      badProducts.sort().map((id) => [id, 'INVALID_UNIT_CONVERSION', { unit: 'DUS', value: 'dua belas' }]),
    );
    expect(await fx.owner.customer.count({ where: { integrationId: d.integrationId } })).toBe(customers.length - badCustomers.length);
  });
});

describe('a DMS without master data, and names from master data', () => {
  let dms: RunningSampleDms;
  let scope: SyncScope;

  beforeAll(async () => {
    dms = await startSampleDms({ docsPerType: 12, seed: 5, masterData: false });
    scope = new SyncScope(db, dms.url);
    await scope.startWorker();
  });

  afterAll(async () => {
    await scope?.close();
    await dms?.close();
  });

  /** A DMS whose sales invoices carry codes only: the template maps no party or product name. */
  async function distributorWithoutNames() {
    const d = await fx.distributor(KEY_777, { types: ['sales-invoices'] });
    const template = await fx.owner.modelTemplate.findFirstOrThrow({ where: { integrationId: d.integrationId } });
    const rules = template.rules as { header: { target: string }[]; lines: { rules: { target: string }[] } };
    await fx.owner.modelTemplate.update({
      where: { id: template.id },
      data: {
        rules: {
          ...rules,
          header: rules.header.filter((r) => r.target !== 'partyName'),
          lines: { ...rules.lines, rules: rules.lines.rules.filter((r) => r.target !== 'productName') },
        } as unknown as Prisma.InputJsonValue,
      },
    });
    return d;
  }

  const unnamed = async (integrationId: string) => ({
    documents: await fx.owner.document.count({ where: { integrationId, partyName: null } }),
    lines: await fx.owner.documentLine.count({ where: { integrationId, productName: null } }),
  });

  it('documents keep syncing; the master-data runs succeed saying the DMS offers none; the integration stays active', async () => {
    const d = await distributorWithoutNames();
    await scope.tick(d);
    const runs = await settled(d.integrationId, 3);
    expect(runs.find((r) => r.documentType === 'SALES_INVOICE')).toMatchObject({ status: 'SUCCEEDED', recordsUpserted: 12 });
    for (const kind of ['CUSTOMER', 'PRODUCT'] as const) {
      expect(masterRun(runs, kind)).toMatchObject({ status: 'SUCCEEDED', errorCode: 'MASTER_DATA_NOT_OFFERED', errorParams: { source: 'DMS', kind } });
    }
    const integration = await fx.owner.integration.findUniqueOrThrow({ where: { id: d.integrationId } });
    expect([integration.state, integration.stateReasonCode]).toEqual(['ACTIVE', null]);
    // Without names from the source or master data, the documents have none.
    expect(await unnamed(d.integrationId)).toEqual({ documents: 12, lines: expect.any(Number) });
    expect((await unnamed(d.integrationId)).lines).toBe(await fx.owner.documentLine.count({ where: { integrationId: d.integrationId } }));

    // The DMS starts offering master data: the names arrive after the documents and fill them.
    dms.control.setFaults({ masterData: true });
    await scope.tick(d);
    const later = await settled(d.integrationId, 6);
    expect(masterRun(later, 'CUSTOMER')).toMatchObject({ status: 'SUCCEEDED', errorCode: null });
    expect(await unnamed(d.integrationId)).toEqual({ documents: 0, lines: 0 });
    const doc = await fx.owner.document.findFirstOrThrow({ where: { integrationId: d.integrationId }, include: { lines: true } });
    const customer = await fx.owner.customer.findFirstOrThrow({ where: { integrationId: d.integrationId, code: doc.partyCode! } });
    expect(doc.partyName).toBe(customer.name);
    const product = await fx.owner.product.findFirstOrThrow({ where: { integrationId: d.integrationId, code: doc.lines[0]!.productCode } });
    expect(doc.lines[0]!.productName).toBe(product.name);

    // A document written after its master data takes the names at once.
    const changed = await fx.owner.document.findFirstOrThrow({ where: { integrationId: d.integrationId }, orderBy: { sourceId: 'desc' } });
    dms.control.touch('777', 'sales-invoices', changed.sourceId);
    await fx.owner.document.update({ where: { id: changed.id }, data: { partyName: 'stale' } });
    await scope.tick(d);
    await settled(d.integrationId, 9);
    const rewritten = await fx.owner.document.findUniqueOrThrow({ where: { id: changed.id }, include: { lines: true } });
    expect(rewritten.sourceUpdatedAt.getTime()).toBeGreaterThan(changed.sourceUpdatedAt.getTime());
    const itsCustomer = await fx.owner.customer.findFirstOrThrow({ where: { integrationId: d.integrationId, code: rewritten.partyCode! } });
    expect(rewritten.partyName).toBe(itsCustomer.name);
    expect(rewritten.lines.every((l) => l.productName)).toBe(true);
  });
});
