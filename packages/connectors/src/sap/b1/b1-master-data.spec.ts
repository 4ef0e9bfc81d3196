import type { B1Connection, MasterDataKind } from '@portal/contracts';
import { type RunningSampleSap, startSampleSap } from '@portal/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FROM_START, type PullCursor } from '../../source-connector';
import { mapAllMasterData, pullAllMasterData } from '../master-data-pull.testing';
import { B1Connector } from './b1-connector';

// Business One master data against the real sample Service Layer: the partners and items its documents name.

let sap: RunningSampleSap;
const connection = (): B1Connection => ({ product: 'BUSINESS_ONE', baseUrl: sap.url, companyDb: 'SBODEMOID', username: 'manager', password: 'B1#Demo1' });
const connector = () => new B1Connector(connection(), { outbound: { allowPrivate: true }, timeoutMs: 3000, purchaseInvoiceWindowDays: 7 });

const pullAll = (kind: MasterDataKind, from: PullCursor = FROM_START, pageSize = 2) => pullAllMasterData(connector(), kind, from, pageSize);
const mapped = <K extends MasterDataKind>(kind: K, records: unknown[]) => mapAllMasterData(connector(), kind, records);

beforeAll(async () => {
  sap = await startSampleSap({ docsPerType: 30 });
});
afterEach(() => sap.control.b1.reset());
afterAll(async () => {
  await sap?.close();
});

describe('Business One master data', () => {
  it('pulls the customers (CardType cCustomer, not the suppliers) page by page, covering every customer on the sales documents', async () => {
    const { records, pages } = await pullAll('CUSTOMER');
    expect(pages).toBeGreaterThan(2);
    const customers = mapped('CUSTOMER', records);
    expect(customers.map((c) => c.code).sort()).toEqual(['C0001', 'C0002', 'C0003', 'C0004', 'C0005', 'C0006', 'C0007']);
    expect(customers.find((c) => c.code === 'C0003')).toMatchObject({ sourceId: 'C0003', name: 'Warung Bu Siti 🍜', city: 'Surabaya' });
    const onOrders = new Set(sap.control.b1.documents('Orders').map((d) => d.CardCode));
    for (const code of onOrders) expect(customers.map((c) => c.code)).toContain(code);
  });

  it('pulls the items with their inventory unit and the sales and purchasing units as factors, covering every unit on the lines', async () => {
    const products = mapped('PRODUCT', (await pullAll('PRODUCT')).records);
    expect(products).toHaveLength(6);
    expect(products.find((p) => p.code === 'A00001')).toMatchObject({
      name: 'Indomie Goreng 85g',
      baseUnit: 'PCS',
      conversions: [
        { unit: 'PAK', factor: '6' },
        { unit: 'DUS', factor: '40' },
      ],
      category: '100',
      brand: null,
    });
    expect(products.every((p) => /^899\d{10}$/.test(p.barcode ?? ''))).toBe(true);
    for (const line of sap.control.b1.documents('Invoices').flatMap((d) => d.DocumentLines)) {
      const p = products.find((x) => x.code === line.ItemCode)!;
      const factor = line.UoMCode === p.baseUnit ? '1' : p.conversions.find((c) => c.unit === line.UoMCode)?.factor;
      expect(factor, `${line.ItemCode} ${line.UoMCode}`).toBe(String(line.UnitsOfMeasurment));
    }
  });

  it('is incremental: nothing again from the stored cursor (the two items changed in one second included), then only the changed record', async () => {
    for (const kind of ['CUSTOMER', 'PRODUCT'] as const) {
      const first = await pullAll(kind);
      const again = await pullAll(kind, first.cursor);
      expect(again.records, kind).toEqual([]);
      const set = kind === 'CUSTOMER' ? 'BusinessPartners' : 'Items';
      const code = kind === 'CUSTOMER' ? 'C0002' : 'A00005';
      sap.control.b1.touchMasterData(set, code);
      const changed = mapped(kind, (await pullAll(kind, again.cursor)).records);
      expect(changed.map((c) => [c.code, c.name.endsWith('(rev 1)')])).toEqual([[code, true]]);
    }
  });

  it('a Service Layer without the sets (404) does not offer master data', async () => {
    sap.control.b1.setFaults({ masterData: false });
    for (const kind of ['CUSTOMER', 'PRODUCT'] as const) expect(await pullAll(kind)).toMatchObject({ offered: false, records: [] });
  });

  it('quarantines an item whose units cannot be converted', () => {
    const item = { ItemCode: 'X1', ItemName: 'X', InventoryUOM: 'PCS', UpdateDate: '2026-10-05', UpdateTime: '09:00:00' };
    expect(connector().mapMasterData('PRODUCT', { ...item, SalesUnit: 'DUS', SalesItemsPerUnit: 0 })).toMatchObject({
      ok: false,
      code: 'INVALID_UNIT_CONVERSION',
    });
    expect(
      connector().mapMasterData('PRODUCT', { ...item, SalesUnit: 'DUS', SalesItemsPerUnit: 40, PurchaseUnit: 'DUS', PurchaseItemsPerUnit: 24 }),
    ).toMatchObject({
      ok: false,
      code: 'INVALID_UNIT_CONVERSION',
    });
    expect(connector().mapMasterData('PRODUCT', { ...item, SalesUnit: 'PCS', SalesItemsPerUnit: 1 })).toMatchObject({ ok: true, value: { conversions: [] } });
  });
});
