import { appDatabaseUrl, createPrismaClient, type PrismaClient, TenantDb, writeProducts } from '@portal/db';
import { type Party, randomIp, register } from '@portal/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type DocSpec, externalIntegration, insertMapping, insertSku, writeDocs } from './insight-world';
import { startTestApp, type TestApp } from './test-app';

// Insight rules a user checks by hand (issue 13 Deliver 4, 5, 7): a changed
// mapping shows at once, units convert to the SKU's base unit (an
// unconvertible unit is counted, never as 1), a principal sees only connected
// distributors' consented types in every figure and the export (nothing
// after revoke), a distributor's own version, and bad ranges refused.

let t: TestApp;
let owner: PrismaClient;
let app: PrismaClient;
let db: TenantDb;
let principal: Party;
let dist: Party;
let other: Party;
let skuNoodle: string;
let skuDrink: string;
let integration: string;

const RANGE = { from: '2026-03-01', to: '2026-03-31' };
const qs = (q: Record<string, string | number | boolean>) =>
  new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)])).toString();
async function get(who: Party, path: string, q: Record<string, string | number | boolean> = {}) {
  const res = await who.agent.request('GET', `${path}?${qs({ ...RANGE, ...q })}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
const idr = (summary: { currencies: { currency: string }[] }) => summary.currencies.find((c) => c.currency === 'IDR') as Record<string, unknown> | undefined;

async function exportBook(who: Party, q: Record<string, string> = {}): Promise<ExcelJS.Workbook> {
  const res = await t.app.inject({ method: 'GET', url: `/api/insight/export.xlsx?${qs({ ...RANGE, ...q })}`, headers: { cookie: who.agent.cookie } });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return book;
}
const cells = (book: ExcelJS.Workbook) =>
  book.worksheets.flatMap((s) => s.getSheetValues().flatMap((row) => (Array.isArray(row) ? row.filter((v) => v !== undefined && v !== null).map(String) : [])));

beforeAll(async () => {
  t = await startTestApp('api_insight_rules');
  owner = createPrismaClient(t.ownerUrl, { poolMax: 2 });
  app = createPrismaClient(appDatabaseUrl(t.ownerUrl), { poolMax: 2 });
  db = new TenantDb(app);
  principal = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
  dist = await register(t.app, 'DISTRIBUTOR', { ip: randomIp() });
  other = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
  await connect(principal, dist);
  integration = await externalIntegration(dist.agent);

  skuNoodle = await insertSku(owner, principal.orgId, {
    code: 'MIE-01',
    name: 'Mie Goreng',
    brand: 'Alpha',
    category: 'Mie',
    baseUnit: 'PCS',
    conversions: [
      { unit: 'DUS', factor: '40' },
      { unit: 'KRT', factor: '120' },
    ],
  });
  skuDrink = await insertSku(owner, principal.orgId, {
    code: 'AIR-01',
    name: 'Air Mineral',
    brand: 'Beta',
    category: 'Minuman',
    baseUnit: 'BTL',
    conversions: [{ unit: 'DUS', factor: '24' }],
  });
  // The distributor's product knows a unit the SKU does not (PAK = 5 PCS): the fallback through its own conversions.
  await db.runAsOrg(dist.orgId, (tx) =>
    writeProducts(tx, { organizationId: dist.orgId, integrationId: integration }, [
      {
        sourceId: 'D-MIE',
        sourceUpdatedAt: '2026-01-01T00:00:00.000Z',
        code: 'D-MIE',
        name: 'Mie goreng distributor',
        baseUnit: 'PCS',
        conversions: [{ unit: 'PAK', factor: '5' }],
        brand: 'Merek D',
        category: 'Makanan',
        barcode: null,
      },
    ]),
  );
  await insertMapping(owner, principal.orgId, dist.orgId, 'D-MIE', skuNoodle);
  await writeDocs(db, dist.orgId, integration, [
    {
      type: 'SALES_INVOICE',
      date: '2026-03-05',
      currency: 'IDR',
      party: 'C1',
      salesman: 'S1',
      lines: [
        { code: 'D-MIE', unit: 'dus', quantity: '2', amount: '100000.00' }, // 80 PCS
        { code: 'D-MIE', unit: 'PAK', quantity: '3', amount: '15000.00' }, // 15 PCS through the product's PAK
        { code: 'D-MIE', unit: 'SACHET', quantity: '7', amount: '7000.00' }, // not convertible: flagged
        { code: 'D-AIR', unit: 'DUS', quantity: '1', amount: '50000.00' }, // not mapped yet
      ],
    },
    {
      type: 'SALES_RETURN',
      date: '2026-03-20',
      currency: 'IDR',
      party: 'C1',
      salesman: 'S1',
      lines: [{ code: 'D-MIE', unit: 'PCS', quantity: '10', amount: '5000.00' }],
    },
    {
      type: 'PURCHASE_INVOICE',
      date: '2026-03-02',
      currency: 'IDR',
      party: 'SUP',
      salesman: null,
      lines: [{ code: 'D-MIE', unit: 'KRT', quantity: '1', amount: '90000.00' }],
    },
  ]);
}, 60_000);

afterAll(async () => {
  await owner?.$disconnect();
  await app?.$disconnect();
  await t?.close();
});

describe('unit conversion', () => {
  it('converts to the SKU base unit (its own units, then the distributor product’s), flags the unconvertible line and leaves unmapped lines out of quantity', async () => {
    const s = idr(await get(principal, '/api/insight/summary'));
    expect(s).toMatchObject({
      value: '167000.00', // 100000 + 15000 + 7000 + 50000 - 5000
      quantity: '85.0000', // 80 + 15 - 10; SACHET and the unmapped D-AIR left out, never as 1
      unconvertibleLines: 1,
      unmappedLines: 1,
      activeOutlets: 1,
      skusSold: 1,
    });
    const top = await get(principal, '/api/insight/top', { by: 'sku' });
    expect(top.rows).toEqual([
      {
        key: skuNoodle,
        label: 'MIE-01 - Mie Goreng',
        currency: 'IDR',
        value: '117000.00',
        quantity: '85.0000',
        share: '0.7006',
        distributorId: null,
        distributorName: null,
      },
      { key: null, label: null, currency: 'IDR', value: '50000.00', quantity: '0.0000', share: '0.2994', distributorId: null, distributorName: null },
    ]);
  });

  it('a distributor converts by its own product master data; a product without it is unconvertible', async () => {
    const s = idr(await get(dist, '/api/insight/summary'));
    // PCS 1, PAK 5; DUS and SACHET are not in D-MIE's conversions; D-AIR has no master data.
    expect(s).toMatchObject({ value: '167000.00', quantity: '5.0000', unconvertibleLines: 3, unmappedLines: 0, skusSold: 2 });
  });
});

describe('a changed mapping shows at once', () => {
  it('mapping D-AIR, then remapping D-MIE, changes the next summary and top without any re-sync', async () => {
    await insertMapping(owner, principal.orgId, dist.orgId, 'D-AIR', skuDrink);
    const mapped = idr(await get(principal, '/api/insight/summary'));
    expect(mapped).toMatchObject({ quantity: '109.0000', unmappedLines: 0, skusSold: 2 }); // + 1 DUS = 24 BTL
    const brands = await get(principal, '/api/insight/top', { by: 'brand' });
    expect(brands.rows.map((r: { key: string; value: string }) => [r.key, r.value])).toEqual([
      ['Alpha', '117000.00'],
      ['Beta', '50000.00'],
    ]);

    await owner.$executeRawUnsafe(
      `update product_mappings set sku_id = $1::uuid where distributor_id = $2::uuid and product_code = 'D-MIE'`,
      skuDrink,
      dist.orgId,
    );
    const remapped = idr(await get(principal, '/api/insight/summary'));
    // D-MIE's units read against the drink SKU now: DUS = 24 BTL; PAK and PCS and SACHET do not convert to BTL.
    expect(remapped).toMatchObject({ quantity: '72.0000', unconvertibleLines: 3, skusSold: 1 });
    const skus = await get(principal, '/api/insight/top', { by: 'sku' });
    expect(skus.rows.map((r: { key: string }) => r.key)).toEqual([skuDrink]);
    const byNoodle = await get(principal, '/api/insight/summary', { skuId: skuNoodle });
    expect(byNoodle.currencies).toEqual([]);
  });
});

describe('scope', () => {
  it('sell-in for its own goods only reads mapped purchase lines', async () => {
    await owner.$executeRawUnsafe(`delete from product_mappings where distributor_id = $1::uuid and product_code = 'D-MIE'`, dist.orgId);
    const all = idr(await get(principal, '/api/insight/summary', { measure: 'sell_in' }));
    const own = await get(principal, '/api/insight/summary', { measure: 'sell_in', principalGoodsOnly: true });
    expect(all).toMatchObject({ value: '90000.00', unmappedLines: 1 });
    expect(own.currencies).toEqual([]);
    await insertMapping(owner, principal.orgId, dist.orgId, 'D-MIE', skuNoodle);
  });

  it('another principal, not connected, sees nothing anywhere, even naming the distributor', async () => {
    for (const q of [{}, { distributorId: dist.orgId }] as Record<string, string>[]) {
      expect((await get(other, '/api/insight/summary', q)).currencies).toEqual([]);
      expect((await get(other, '/api/insight/trend', q)).points).toEqual([]);
      expect((await get(other, '/api/insight/top', { ...q, by: 'distributor' })).rows).toEqual([]);
    }
  });

  it('a principal consenting only purchase invoices sees sell-in, no sell-out; after revoke nothing, export included', async () => {
    const limited = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
    const connection = await connect(limited, dist, ['PURCHASE_INVOICE']);
    expect((await get(limited, '/api/insight/summary')).currencies).toEqual([]);
    expect((await get(limited, '/api/insight/trend', { granularity: 'day' })).points).toEqual([]);
    for (const by of ['product', 'distributor', 'customer', 'city', 'salesman']) expect((await get(limited, '/api/insight/top', { by })).rows).toEqual([]);
    const sellIn = idr(await get(limited, '/api/insight/summary', { measure: 'sell_in' }));
    expect(sellIn).toMatchObject({ value: '90000.00' });
    const before = cells(await exportBook(limited, { measure: 'sell_in' }));
    expect(before).toContain('90000');
    expect(cells(await exportBook(limited))).not.toContain('100000');

    expect((await limited.agent.request('POST', `/api/connections/${connection}/revoke`)).status).toBe(204);
    expect((await get(limited, '/api/insight/summary', { measure: 'sell_in' })).currencies).toEqual([]);
    expect((await get(limited, '/api/insight/trend', { measure: 'sell_in' })).points).toEqual([]);
    expect((await get(limited, '/api/insight/top', { measure: 'sell_in', by: 'product' })).rows).toEqual([]);
    const after = await exportBook(limited, { measure: 'sell_in' });
    expect(cells(after)).not.toContain('90000');
    expect(cells(after)).not.toContain('D-MIE');
  });
});

describe('active outlets', () => {
  it('count a customer invoiced through two integrations once, over twelve months and the twelve before, folded or not', async () => {
    const p = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
    const d = await register(t.app, 'DISTRIBUTOR', { ip: randomIp() });
    await connect(p, d);
    const dms = await externalIntegration(d.agent);
    const app = await externalIntegration(d.agent);
    const invoice = (date: string, party: string): DocSpec => ({
      type: 'SALES_INVOICE',
      date,
      currency: 'IDR',
      party,
      salesman: null,
      lines: [{ code: 'X', unit: 'PCS', quantity: '1', amount: '10.00' }],
    });
    await writeDocs(db, d.orgId, dms, [invoice('2024-06-10', 'C3'), invoice('2025-05-10', 'C1'), invoice('2026-02-10', 'C2')]);
    await writeDocs(db, d.orgId, app, [invoice('2026-03-10', 'C1'), invoice('2026-03-11', 'C4')]);
    const year = { from: '2025-04-01', to: '2026-03-31' };
    const outlets = async (who: Party) => {
      const s = idr(await get(who, '/api/insight/summary', year)) as { activeOutlets: number; previous: { activeOutlets: number } };
      return [s.activeOutlets, s.previous.activeOutlets];
    };
    // C1 (both integrations), C2, C4 this year; C3 the year before.
    expect(await outlets(p)).toEqual([3, 1]);
    await owner.$queryRawUnsafe('select insight_fold()');
    expect(await outlets(p)).toEqual([3, 1]);
    expect(await outlets(d)).toEqual([3, 1]);
    // One integration's lines alone (the other's gone): the kept ranges answer, exactly.
    await owner.$executeRawUnsafe(`delete from documents where integration_id = $1::uuid`, app);
    expect(await outlets(p)).toEqual([2, 1]);
    await owner.$queryRawUnsafe('select insight_fold()');
    expect(await outlets(p)).toEqual([2, 1]);
    expect(await outlets(d)).toEqual([2, 1]);
  });
});

describe('export', () => {
  it('a workbook with the tiles, the trend and a top sheet per dimension; numbers as numbers, Bahasa Indonesia headers', async () => {
    const book = await exportBook(principal);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'Ringkasan',
      'Tren',
      'Top SKU',
      'Top Produk',
      'Top Merek',
      'Top Kategori',
      'Top Distributor',
      'Top Kota',
      'Top Pelanggan',
      'Top Salesman',
    ]);
    const summary = book.getWorksheet('Ringkasan')!;
    expect(summary.getRow(5).getCell(1).value).toBe('Mata uang');
    expect(summary.getRow(6).getCell(1).value).toBe('IDR');
    expect(summary.getRow(6).getCell(2).value).toBe(167000);
    const products = book.getWorksheet('Top Produk')!;
    expect(products.getRow(1).values).toEqual([
      undefined,
      'Peringkat',
      'Kode',
      'Nama',
      'Mata uang',
      'Nilai',
      'Kuantitas (satuan dasar)',
      'Pangsa',
      'Distributor',
    ]);
    // A distributor's own product code: the row names whose it is.
    expect(products.getRow(2).values).toEqual([undefined, 1, 'D-MIE', 'Mie goreng distributor', 'IDR', 117000, 85, 0.7006, dist.orgName]);
  });

  it('a distributor’s workbook has no SKU or distributor sheet', async () => {
    const book = await exportBook(dist);
    expect(book.worksheets.map((s) => s.name)).not.toContain('Top SKU');
    expect(book.worksheets.map((s) => s.name)).not.toContain('Top Distributor');
  });
});

describe('the distributor’s own version and refusals', () => {
  it('ranks its own products, refuses SKUs', async () => {
    const top = await get(dist, '/api/insight/top', { by: 'product' });
    expect(top.rows.map((r: { key: string; label: string }) => [r.key, r.label])).toEqual([
      ['D-MIE', 'Mie goreng distributor'],
      ['D-AIR', 'Produk D-AIR'], // no master data: the line's own name
    ]);
    const brand = await get(dist, '/api/insight/top', { by: 'brand' });
    expect(brand.rows.map((r: { key: string | null }) => r.key)).toEqual(['Merek D', null]);
    expect((await dist.agent.request('GET', `/api/insight/top?${qs({ ...RANGE, by: 'sku' })}`)).status).toBe(400);
    expect((await dist.agent.request('GET', `/api/insight/summary?${qs({ ...RANGE, skuId: skuNoodle })}`)).status).toBe(400);
  });

  it('refuses to before from, and ranges longer than the granularity allows', async () => {
    const refused = async (path: string, q: Record<string, string>, code: string) => {
      const res = await principal.agent.request('GET', `${path}?${qs(q)}`);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe(code);
    };
    await refused('/api/insight/summary', { from: '2026-03-10', to: '2026-03-01' }, 'VALIDATION_FAILED');
    await refused('/api/insight/top', { from: '2026-03-10', to: '2026-03-01', by: 'sku' }, 'VALIDATION_FAILED');
    await refused('/api/insight/trend', { from: '2026-01-01', to: '2026-04-03', granularity: 'day' }, 'INSIGHT_RANGE_TOO_LONG');
    await refused('/api/insight/trend', { from: '2024-01-01', to: '2026-12-31', granularity: 'week' }, 'INSIGHT_RANGE_TOO_LONG');
    await refused('/api/insight/summary', { from: '2020-01-01', to: '2026-12-31' }, 'INSIGHT_RANGE_TOO_LONG');
    await refused('/api/insight/export.xlsx', { from: '2026-01-01', to: '2026-06-30', granularity: 'day' }, 'INSIGHT_RANGE_TOO_LONG');
    // 92 days by day is the limit, inclusive.
    const ninetyTwo = await principal.agent.request('GET', `/api/insight/trend?${qs({ from: '2026-01-01', to: '2026-04-02', granularity: 'day' })}`);
    expect(ninetyTwo.status).toBe(200);
    expect(ninetyTwo.body.points.filter((p: { currency: string }) => p.currency === 'IDR')).toHaveLength(92);
  });

  it('tiles read whole months and name the previous range', async () => {
    const s = await get(principal, '/api/insight/summary', { from: '2026-03-15', to: '2026-04-02' });
    expect([s.from, s.to, s.previousFrom, s.previousTo]).toEqual(['2026-03-01', '2026-04-30', '2026-01-01', '2026-02-28']);
  });
});
