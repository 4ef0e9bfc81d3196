import type { MasterDataKind, S4Connection } from '@portal/contracts';
import { type RunningSampleSap, startSampleSap } from '@portal/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FROM_START, type PullCursor } from '../../source-connector';
import { mapAllMasterData, pullAllMasterData } from '../master-data-pull.testing';
import { S4Connector } from './s4-connector';

// S/4HANA master data against the real sample SAP: the customers and products its documents name.

let sap: RunningSampleSap;
const connection = (): S4Connection => ({
  product: 'S4HANA',
  baseUrl: sap.url,
  sapClient: '100',
  auth: { type: 'BASIC', username: 'PORTAL_COMM_100', password: 'Sap#Demo100' },
});
const connector = () => new S4Connector(connection(), { outbound: { allowPrivate: true }, timeoutMs: 5_000, purchaseInvoiceWindowDays: 7 });

const pullAll = (kind: MasterDataKind, from: PullCursor = FROM_START, pageSize = 3) => pullAllMasterData(connector(), kind, from, pageSize);
const mapped = <K extends MasterDataKind>(kind: K, records: unknown[]) => mapAllMasterData(connector(), kind, records);

/** The codes and names of one document type's parties and materials, read plainly from the sample. */
async function documentCodes() {
  const auth = `Basic ${Buffer.from('PORTAL_COMM_100:Sap#Demo100').toString('base64')}`;
  const res = await fetch(`${sap.url}/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder?$expand=to_Item&$format=json&$top=5000`, {
    headers: { authorization: auth },
  });
  const orders = (
    (await res.json()) as { d: { results: { SoldToParty: string; to_Item: { results: { Material: string; RequestedQuantityUnit: string }[] } }[] } }
  ).d.results;
  return {
    customers: new Set(orders.map((o) => o.SoldToParty)),
    materials: new Set(orders.flatMap((o) => o.to_Item.results.map((i) => i.Material))),
    units: new Set(orders.flatMap((o) => o.to_Item.results.map((i) => i.RequestedQuantityUnit))),
  };
}

beforeAll(async () => {
  sap = await startSampleSap({ docsPerType: 60 });
});
afterEach(() => sap.control.s4.reset());
afterAll(async () => {
  await sap?.close();
});

describe('S/4HANA master data', () => {
  it('pulls every customer business partner (not the suppliers) over several pages, with name and city, covering every sold-to party', async () => {
    const { records, pages, offered } = await pullAll('CUSTOMER');
    expect(offered).toBe(true);
    expect(pages).toBeGreaterThan(2);
    const customers = mapped('CUSTOMER', records);
    expect(customers).toHaveLength(10);
    expect(customers.every((c) => c.code.startsWith('101'))).toBe(true);
    expect(new Set(customers.map((c) => c.sourceId)).size).toBe(10);
    const sinar = customers.find((c) => c.code === '10100001')!;
    expect(sinar).toMatchObject({ sourceId: '10100001', name: 'Toko Sinar Jaya', city: 'Jakarta Barat', salesmanCode: null });
    expect(sinar.address).toMatch(/^Jl\. .+ \d+$/);
    expect(customers.find((c) => c.code === '10100004')!.name).toBe('Warung Bu Siti 🍜');
    const { customers: onDocuments } = await documentCodes();
    for (const code of onDocuments) expect(customers.map((c) => c.code)).toContain(code);
  });

  it('pulls every product with its description, base unit, brand, group and EAN, and its units as numerator/denominator factors', async () => {
    const { records } = await pullAll('PRODUCT');
    const products = mapped('PRODUCT', records);
    expect(products).toHaveLength(8);
    const aqua = products.find((p) => p.code === 'FG-AQA-600')!;
    expect(aqua).toMatchObject({ name: 'Aqua 600ml', baseUnit: 'PC', brand: 'AQUA', category: 'BEV02' });
    expect(aqua.barcode).toMatch(/^899\d{10}$/);
    // 1 CS = 24/1 PC; 1 L = 5/3 PC, rounded to six decimals; the base unit itself (1/1) is not a conversion.
    expect(aqua.conversions).toEqual([
      { unit: 'CS', factor: '24' },
      { unit: 'L', factor: '1.666667' },
    ]);
    expect(products.find((p) => p.code === 'FG-TBS-450')!.conversions).toEqual([
      { unit: 'CS', factor: '24' },
      { unit: 'HCS', factor: '12' },
    ]);
    // Every material and unit the documents use is there.
    const { materials, units } = await documentCodes();
    for (const code of materials) expect(products.map((p) => p.code)).toContain(code);
    for (const unit of units) expect(products.every((p) => p.baseUnit === unit || p.conversions.some((c) => c.unit === unit))).toBe(true);
  });

  it('is incremental: a second pull from the stored cursor brings nothing, and after a change only the changed record', async () => {
    for (const kind of ['CUSTOMER', 'PRODUCT'] as const) {
      const first = await pullAll(kind);
      expect(first.cursor.updatedSince).not.toBeNull();
      const again = await pullAll(kind, first.cursor);
      expect(again.records, kind).toEqual([]);
      const set = kind === 'CUSTOMER' ? 'A_BusinessPartner' : 'A_Product';
      const code = kind === 'CUSTOMER' ? '10100003' : 'FG-KPA-ABC-31';
      sap.control.s4.touch('100', set, code);
      const changed = await pullAll(kind, again.cursor);
      const values = mapped(kind, changed.records);
      expect(values.map((v) => v.code)).toEqual([code]);
      if (kind === 'PRODUCT') expect(values[0]!.name).toBe('Kopi ABC Susu 31g (rev 1)');
      expect((await pullAll(kind, changed.cursor)).records).toEqual([]);
    }
  });

  it('a system without the services (404) does not offer master data; documents still read their partner names', async () => {
    sap.control.s4.setFaults({ masterData: false });
    for (const kind of ['CUSTOMER', 'PRODUCT'] as const) {
      const r = await pullAll(kind);
      expect([r.offered, r.records.length]).toEqual([false, 0]);
    }
    const pages = connector().pull('SALES_ORDER', FROM_START, { pageSize: 5 });
    const first = await pages.next();
    await pages.return();
    expect((first.value as { records: { CustomerName?: string }[] }).records[0]!.CustomerName).toBeTruthy();
  });

  it('quarantines a record it cannot map, with a stable code', () => {
    const c = connector();
    expect(c.mapMasterData('PRODUCT', 'x')).toMatchObject({ ok: false, code: 'NOT_AN_OBJECT' });
    const base = {
      Product: 'P1',
      LastChangeDateTime: '/Date(1764558000000+0000)/',
      BaseUnit: 'PC',
      to_Description: { results: [{ Language: 'EN', ProductDescription: 'Thing' }] },
    };
    expect(
      c.mapMasterData('PRODUCT', {
        ...base,
        to_ProductUnitsOfMeasure: { results: [{ AlternativeUnit: 'CS', QuantityNumerator: '0', QuantityDenominator: '1' }] },
      }),
    ).toMatchObject({
      ok: false,
      code: 'INVALID_UNIT_CONVERSION',
      params: { unit: 'CS', value: '0/1' },
    });
    expect(c.mapMasterData('PRODUCT', { ...base, LastChangeDateTime: null })).toMatchObject({ ok: false, code: 'NOT_A_DATETIME' });
    expect(
      c.mapMasterData('CUSTOMER', { BusinessPartner: '20100001', Customer: '', LastChangeDate: '/Date(1762214400000)/', LastChangeTime: 'PT01H00M00S' }),
    ).toMatchObject({
      ok: false,
      code: 'REQUIRED_EMPTY',
    });
  });
});
