import type { SapConnection } from '@portal/contracts';
import type { Prisma } from '@portal/db';
import { createTestDatabase, type TestDatabase } from '@portal/db/testing';
import { type RunningSampleSap, startSampleSap } from '@portal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fixtures, SyncScope, TERMINAL } from './sync-harness';

// Master data from SAP (docs/product/master-data.md): the real worker against the sample SAP, whose
// business partners and products are exactly the parties and materials its documents name, for both
// S/4HANA (OData V2) and Business One (Service Layer).

const SLOW = 240_000;
const S4: SapConnection = {
  product: 'S4HANA',
  baseUrl: '',
  sapClient: '100',
  auth: { type: 'BASIC', username: 'PORTAL_COMM_100', password: 'Sap#Demo100' },
};
const B1: SapConnection = { product: 'BUSINESS_ONE', baseUrl: '', companyDb: 'SBODEMOID', username: 'manager', password: 'B1#Demo1' };
const SALES = ['SALES_ORDER', 'SALES_RETURN', 'SALES_INVOICE'] as const;

let db: TestDatabase;
let fx: Fixtures;
let sap: RunningSampleSap;
let scope: SyncScope;

beforeAll(async () => {
  db = await createTestDatabase('worker_sap_master_data');
  fx = new Fixtures(db.ownerUrl);
  sap = await startSampleSap({ docsPerType: 30 });
  scope = new SyncScope(db, sap.url);
  await scope.startWorker({ SYNC_PAGE_SIZE: '4' });
});

afterAll(async () => {
  await scope?.close();
  await sap?.close();
  await fx?.close();
  await db?.drop();
});

const allRuns = (integrationId: string) => fx.owner.syncRun.findMany({ where: { integrationId }, orderBy: [{ queuedAt: 'asc' }, { id: 'asc' }] });
async function settled(integrationId: string, count: number) {
  return fx.waitFor(`${count} runs of ${integrationId} to end`, async () => {
    const runs = await allRuns(integrationId);
    return runs.length >= count && runs.every((r) => (TERMINAL as readonly string[]).includes(r.status)) ? runs : null;
  });
}
const masterRun = (runs: Awaited<ReturnType<typeof allRuns>>, kind: 'CUSTOMER' | 'PRODUCT') => runs.filter((r) => r.masterDataKind === kind).at(-1)!;

/** An SAP distributor whose templates map no party or product name: names can only come from master data. */
async function sapDistributorWithoutNames(connection: SapConnection) {
  const d = await fx.sapDistributor({ ...connection, baseUrl: sap.url });
  for (const template of await fx.owner.modelTemplate.findMany({ where: { integrationId: d.integrationId } })) {
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
  }
  return d;
}

describe('master data pulled from the sample SAP', () => {
  for (const [label, connection, counts] of [
    ['S/4HANA', S4, { customers: 10, products: 8 }],
    ['Business One', B1, { customers: 7, products: 6 }],
  ] as const) {
    const drill = (masterData: boolean) => (connection.product === 'S4HANA' ? sap.control.s4 : sap.control.b1).setFaults({ masterData });

    it(
      `${label}: without the services the runs say SAP offers none; once offered, a sync writes customers and products and names the sales documents`,
      { timeout: SLOW },
      async () => {
        // First an SAP without master data (404): documents sync without names, the integration stays active.
        drill(false);
        const d = await sapDistributorWithoutNames(connection);
        await scope.tick(d);
        const first = await settled(d.integrationId, d.types + 2);
        expect(first.filter((r) => r.documentType).map((r) => r.status)).toEqual(Array(d.types).fill('SUCCEEDED'));
        for (const kind of ['CUSTOMER', 'PRODUCT'] as const) {
          expect(masterRun(first, kind)).toMatchObject({ status: 'SUCCEEDED', errorCode: 'MASTER_DATA_NOT_OFFERED', errorParams: { source: 'SAP', kind } });
        }
        const integration = await fx.owner.integration.findUniqueOrThrow({ where: { id: d.integrationId } });
        expect([integration.state, integration.stateReasonCode]).toEqual(['ACTIVE', null]);
        const unnamed = () => fx.owner.document.count({ where: { integrationId: d.integrationId, type: { in: [...SALES] }, partyName: null } });
        expect(await unnamed()).toBeGreaterThan(0);

        // The services are there now: the next sync pulls every customer and product, over several pages.
        drill(true);
        await scope.tick(d);
        const second = await settled(d.integrationId, 2 * (d.types + 2));
        for (const [kind, n] of [
          ['CUSTOMER', counts.customers],
          ['PRODUCT', counts.products],
        ] as const) {
          expect(masterRun(second, kind)).toMatchObject({ status: 'SUCCEEDED', errorCode: null, recordsRead: n, recordsUpserted: n, recordsQuarantined: 0 });
          expect(masterRun(second, kind).pages).toBeGreaterThan(1);
        }
        expect(await fx.owner.customer.count({ where: { integrationId: d.integrationId } })).toBe(counts.customers);
        const products = await fx.owner.product.findMany({ where: { integrationId: d.integrationId }, orderBy: { code: 'asc' } });
        expect(products).toHaveLength(counts.products);
        if (connection.product === 'S4HANA') {
          expect(products.find((p) => p.code === 'FG-AQA-600')).toMatchObject({
            name: 'Aqua 600ml',
            baseUnit: 'PC',
            brand: 'AQUA',
            category: 'BEV02',
            conversions: [
              { unit: 'CS', factor: '24' },
              { unit: 'L', factor: '1.666667' },
            ],
          });
        } else {
          expect(products[0]).toMatchObject({
            code: 'A00001',
            baseUnit: 'PCS',
            conversions: [
              { unit: 'PAK', factor: '6' },
              { unit: 'DUS', factor: '40' },
            ],
          });
        }

        // Every sales document names a customer and every line a product the master data holds: the names are filled.
        expect(await unnamed()).toBe(0);
        const sales = await fx.owner.document.findMany({ where: { integrationId: d.integrationId, type: { in: [...SALES] } }, include: { lines: true } });
        const customers = new Map((await fx.owner.customer.findMany({ where: { integrationId: d.integrationId } })).map((c) => [c.code, c.name]));
        const names = new Map(products.map((p) => [p.code, p.name]));
        for (const doc of sales) {
          expect(doc.partyName, `${doc.type} ${doc.sourceId}`).toBe(customers.get(doc.partyCode!));
          for (const line of doc.lines) expect(line.productName).toBe(names.get(line.productCode));
        }

        // Nothing changed: the next sync reads no master data again.
        await scope.tick(d);
        const third = await settled(d.integrationId, 3 * (d.types + 2));
        for (const kind of ['CUSTOMER', 'PRODUCT'] as const) expect(masterRun(third, kind)).toMatchObject({ status: 'SUCCEEDED', recordsRead: 0 });
      },
    );
  }
});
