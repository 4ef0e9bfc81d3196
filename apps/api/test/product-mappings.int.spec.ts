import type { MappingRow } from '@portal/contracts';
import { createPrismaClient, type PrismaClient } from '@portal/db';
import { seedDemoData } from '@portal/db/seed';
import { Agent, type Party, randomIp, register, startSampleDms } from '@portal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app';

// Issue 13, docs/product/master-data.md "Product mapping": a principal maps
// its connected distributors' product codes to its own SKUs. Suggestions by
// the same code, the same barcode, then a similar name with its score; the
// unmapped list by sales value (sell-out of the last 12 months: invoices
// minus returns); bulk acceptance; only CONNECTED distributors, only the
// principal's own mappings; confirming again changes nothing.

let t: TestApp;
let owner: PrismaClient;
let principal: Party;
let otherPrincipal: Party;
let distA: Party;
let distB: Party;
let stranger: Party;
let extA: { id: string; apiKey: string };
let extB: { id: string; apiKey: string };
let connectionB: string;
const skus = new Map<string, string>(); // code → id

async function connectExternal(agent: Agent, name: string) {
  const res = await agent.request('POST', '/api/integrations', { kind: 'EXTERNAL', name });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, apiKey: res.body.apiKey as string };
}

async function ingest(path: string, apiKey: string, body: unknown) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/ingest/${path}`,
    remoteAddress: '10.9.9.8',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    payload: JSON.stringify(body),
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
  expect(res.json()).toMatchObject({ rejected: [] });
}

/** A document of `lines` [code, name, amount], dated a few days ago (inside the last 12 months). */
const doc = (sourceId: string, lines: [string, string | null, string][]) => ({
  sourceId,
  number: `DOC/${sourceId}`,
  date: new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10),
  partyCode: 'C001',
  partyName: 'Toko Sinar Jaya',
  total: lines.reduce((s, [, , a]) => s + Number(a), 0).toFixed(2),
  lines: lines.map(([productCode, productName, amount]) => ({
    productCode,
    ...(productName ? { productName } : {}),
    quantity: '1',
    unit: 'PCS',
    unitPrice: amount,
    amount,
  })),
});

async function connect(p: Pick<Party, 'agent'>, d: Party, body: Record<string, unknown> = {}) {
  const invite = await p.agent.request('POST', '/api/connections/invites');
  const token = new URL(invite.body.url).pathname.split('/').pop()!;
  const accepted = await d.agent.request('POST', `/api/invites/${token}/accept`, body);
  expect(accepted.status).toBe(200);
  return accepted.body.id as string;
}

async function addSku(p: Party, code: string, name: string, barcode: string | null = null) {
  const res = await p.agent.request('POST', '/api/catalogue/skus', { code, name, baseUnit: 'PCS', conversions: [], barcode });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** Every row of a list, following its pages of `limit`. */
async function rows(agent: Agent, query: string, limit = 2): Promise<MappingRow[]> {
  const all: MappingRow[] = [];
  let cursor: string | null = null;
  do {
    const res = await agent.request('GET', `/api/product-mappings?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    all.push(...res.body.data);
    cursor = res.body.nextCursor;
  } while (cursor);
  return all;
}
const rowOf = (list: MappingRow[], distributorId: string, code: string) => list.find((r) => r.distributorId === distributorId && r.productCode === code);

beforeAll(async () => {
  t = await startTestApp('api_product_mappings', { QUEUE_PREFIX: 'test-product-mappings' });
  owner = createPrismaClient(t.ownerUrl, { poolMax: 2 });
  principal = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
  otherPrincipal = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
  distA = await register(t.app, 'DISTRIBUTOR', { ip: randomIp() });
  distB = await register(t.app, 'DISTRIBUTOR', { ip: randomIp() });
  stranger = await register(t.app, 'DISTRIBUTOR', { ip: randomIp() });
  extA = await connectExternal(distA.agent, 'ERP A');
  extB = await connectExternal(distB.agent, 'ERP B');
  const extS = await connectExternal(stranger.agent, 'ERP S');

  for (const [code, name, barcode] of [
    ['NB-0001', 'Indomie Mi Goreng 85g', '8990000100010'],
    ['NB-0101', 'Teh Botol Sosro 450ml', null],
    ['NB-0201', 'Aqua Air Mineral 600ml', null],
    ['IDM-SOTO-75', 'Indomie Soto Mie 75g', null],
    ['NB-0501', 'Roma Kelapa 300g', null],
  ] as const)
    skus.set(code, await addSku(principal, code, name, barcode));
  await addSku(otherPrincipal, 'OP-1', 'Indomie Goreng 85g');

  // Distributor A: master data for four codes (one with the SKU's barcode, one with the SKU's own code), sales on five.
  await ingest('products', extA.apiKey, {
    records: [
      { sourceId: 'p1', code: 'IDM-GRG-85', name: 'Mie Goreng Bungkus', baseUnit: 'PCS', barcode: '8990000100010' },
      { sourceId: 'p2', code: 'IDM-SOTO-75', name: 'Soto Mie', baseUnit: 'PCS' },
      { sourceId: 'p3', code: 'TBS-450', name: 'Teh Botol Sosro 450 ml', baseUnit: 'PCS' },
      { sourceId: 'p4', code: 'XYZ-1', name: 'Obat Nyamuk Bakar', baseUnit: 'PCS' },
    ],
  });
  await ingest('sales-invoices', extA.apiKey, {
    documents: [
      doc('A-INV-1', [
        ['TBS-450', null, '500000'],
        ['IDM-GRG-85', null, '300000'],
        ['AQA-600', 'Aqua 600 ml', '250000'],
        ['XYZ-1', null, '100000'],
      ]),
      doc('A-INV-2', [['IDM-SOTO-75', null, '200000']]),
    ],
  });
  // A return takes value off: TBS-450 ends at 500,000 − 450,000 = 50,000, below the others.
  await ingest('sales-returns', extA.apiKey, { documents: [doc('A-RET-1', [['TBS-450', null, '450000']])] });
  // Bought but never sold: listed with no sales value.
  await ingest('purchase-invoices', extA.apiKey, { documents: [doc('A-PUR-1', [['RNS-GRT-170', 'Roma Kelapa 300 g', '900000']])] });

  await ingest('products', extB.apiKey, { records: [{ sourceId: 'b1', code: 'B-ROMA', name: 'Roma Kelapa 300g', baseUnit: 'PCS' }] });
  await ingest('sales-invoices', extB.apiKey, { documents: [doc('B-INV-1', [['B-ROMA', null, '70000']])] });
  await ingest('products', extS.apiKey, { records: [{ sourceId: 's1', code: 'S-1', name: 'Indomie Mi Goreng 85g', baseUnit: 'PCS' }] });

  await connect(principal, distA);
  connectionB = await connect(principal, distB);
  await connect(otherPrincipal, distA);
}, 90_000);

afterAll(async () => {
  await owner?.$disconnect();
  await t?.close();
});

describe('GET /api/product-mappings', () => {
  it('lists every code of the connected distributors, unmapped by sales value (invoices minus returns), with suggestions by code, barcode and name', async () => {
    const list = await rows(principal.agent, `&distributorId=${distA.orgId}`);
    expect(list.map((r) => [r.productCode, r.salesValue])).toEqual([
      ['IDM-GRG-85', [{ currency: 'IDR', amount: '300000.00' }]],
      ['AQA-600', [{ currency: 'IDR', amount: '250000.00' }]],
      ['IDM-SOTO-75', [{ currency: 'IDR', amount: '200000.00' }]],
      ['XYZ-1', [{ currency: 'IDR', amount: '100000.00' }]],
      ['TBS-450', [{ currency: 'IDR', amount: '50000.00' }]],
      ['RNS-GRT-170', []],
    ]);
    const by = (code: string) => rowOf(list, distA.orgId, code)!;
    expect(by('IDM-SOTO-75').suggestion).toMatchObject({ method: 'CODE', score: '1.000', sku: { code: 'IDM-SOTO-75' } });
    expect(by('IDM-GRG-85').suggestion).toMatchObject({ method: 'BARCODE', score: '1.000', sku: { code: 'NB-0001', name: 'Indomie Mi Goreng 85g' } });
    // A name from the lines when there is no master data; the score is pg_trgm similarity, 3 places.
    expect(by('AQA-600')).toMatchObject({ productName: 'Aqua 600 ml', distributorName: distA.orgName, mapping: null });
    expect(by('AQA-600').suggestion).toMatchObject({ method: 'NAME', sku: { code: 'NB-0201' } });
    expect(by('TBS-450').suggestion).toMatchObject({ method: 'NAME', sku: { code: 'NB-0101' } });
    for (const code of ['AQA-600', 'TBS-450']) {
      const score = by(code).suggestion!.score;
      expect(score).toMatch(/^0\.\d{3}$/);
      expect(Number(score)).toBeGreaterThanOrEqual(0.3);
    }
    expect(by('RNS-GRT-170').suggestion).toMatchObject({ method: 'NAME', score: '0.750', sku: { code: 'NB-0501' } });
    // Nothing alike enough: no suggestion.
    expect(by('XYZ-1').suggestion).toBeNull();
  });

  it('searches code or name and spans every connected distributor, never an unconnected one', async () => {
    expect((await rows(principal.agent, '&status=all&q=roma')).map((r) => [r.distributorName, r.productCode])).toEqual([
      [distB.orgName, 'B-ROMA'],
      [distA.orgName, 'RNS-GRT-170'],
    ]);
    const all = await rows(principal.agent, '&status=all', 50);
    expect(new Set(all.map((r) => r.distributorId))).toEqual(new Set([distA.orgId, distB.orgId]));
    expect(await rows(principal.agent, `&distributorId=${stranger.orgId}&status=all`)).toEqual([]);
  });

  it('refuses a forged cursor with 400 INVALID_CURSOR, and a distributor with 403', async () => {
    const forged = await principal.agent.request('GET', '/api/product-mappings?cursor=bm90LW91cnM');
    expect([forged.status, forged.body.error.code]).toEqual([400, 'INVALID_CURSOR']);
    for (const [method, url, body] of [
      ['GET', '/api/product-mappings', undefined],
      ['GET', '/api/product-mappings/summary', undefined],
      ['PUT', '/api/product-mappings', { mappings: [{ distributorId: distA.orgId, productCode: 'X', skuId: skus.get('NB-0001') }] }],
      ['POST', '/api/product-mappings/accept-suggestions', {}],
    ] as const) {
      expect((await distA.agent.request(method, url, body)).status).toBe(403);
    }
  });
});

describe('confirming mappings', () => {
  it('confirms one, moves it to mapped, and confirming it again changes nothing', async () => {
    const body = { mappings: [{ distributorId: distA.orgId, productCode: 'AQA-600', skuId: skus.get('NB-0201'), method: 'NAME', score: '0.500' }] };
    const first = await principal.agent.request('PUT', '/api/product-mappings', body);
    expect([first.status, first.body]).toEqual([200, { created: 1, updated: 0, unchanged: 0 }]);
    const again = await principal.agent.request('PUT', '/api/product-mappings', body);
    expect(again.body).toEqual({ created: 0, updated: 0, unchanged: 1 });

    const mapped = await rows(principal.agent, `&status=mapped&distributorId=${distA.orgId}`);
    expect(mapped).toHaveLength(1);
    expect(mapped[0]).toMatchObject({ productCode: 'AQA-600', suggestion: null, mapping: { method: 'NAME', score: '0.500', sku: { code: 'NB-0201' } } });
    expect(rowOf(await rows(principal.agent, `&distributorId=${distA.orgId}`), distA.orgId, 'AQA-600')).toBeUndefined();

    const audits = await owner.auditEvent.findMany({ where: { organizationId: principal.orgId, action: 'product_mapping.confirmed' } });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.metadata).toMatchObject({ count: 1, created: 1, method: 'NAME', mappings: [{ productCode: 'AQA-600' }] });
  });

  it('changes a mapping by hand (MANUAL, no score) and deletes it', async () => {
    const changed = await principal.agent.request('PUT', '/api/product-mappings', {
      mappings: [{ distributorId: distA.orgId, productCode: 'AQA-600', skuId: skus.get('NB-0101'), score: '0.9' }],
    });
    expect(changed.body).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const [row] = await rows(principal.agent, `&status=mapped&distributorId=${distA.orgId}`);
    expect(row!.mapping).toMatchObject({ method: 'MANUAL', score: null, sku: { code: 'NB-0101' } });

    const other = await otherPrincipal.agent.request('DELETE', `/api/product-mappings/${row!.mapping!.id}`);
    expect(other.status).toBe(404);
    expect((await principal.agent.request('DELETE', `/api/product-mappings/${row!.mapping!.id}`)).status).toBe(204);
    expect(await rows(principal.agent, `&status=mapped&distributorId=${distA.orgId}`)).toEqual([]);
    const [deleted] = await owner.auditEvent.findMany({ where: { organizationId: principal.orgId, action: 'product_mapping.deleted' } });
    expect(deleted).toMatchObject({ targetId: row!.mapping!.id, metadata: { productCode: 'AQA-600', skuCode: 'NB-0101' } });
  });

  it('refuses an unconnected distributor (422 DISTRIBUTOR_NOT_CONNECTED) and a SKU of another catalogue (422 SKU_NOT_FOUND)', async () => {
    const unconnected = await principal.agent.request('PUT', '/api/product-mappings', {
      mappings: [{ distributorId: stranger.orgId, productCode: 'S-1', skuId: skus.get('NB-0001') }],
    });
    expect([unconnected.status, unconnected.body.error.code]).toEqual([422, 'DISTRIBUTOR_NOT_CONNECTED']);
    const foreignSku = await owner.principalSku.findFirstOrThrow({ where: { organizationId: otherPrincipal.orgId } });
    const notOurs = await principal.agent.request('PUT', '/api/product-mappings', {
      mappings: [{ distributorId: distA.orgId, productCode: 'XYZ-1', skuId: foreignSku.id }],
    });
    expect([notOurs.status, notOurs.body.error.code]).toEqual([422, 'SKU_NOT_FOUND']);
    const accept = await principal.agent.request('POST', '/api/product-mappings/accept-suggestions', { distributorId: stranger.orgId });
    expect([accept.status, accept.body.error.code]).toEqual([422, 'DISTRIBUTOR_NOT_CONNECTED']);
  });

  it('accepts every suggestion at or above a score in bulk; another principal never sees the mappings', async () => {
    const sure = await principal.agent.request('POST', '/api/product-mappings/accept-suggestions', { distributorId: distA.orgId });
    // Score 1 only: the same code (IDM-SOTO-75) and the same barcode (IDM-GRG-85).
    expect(sure.body).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const mapped = await rows(principal.agent, `&status=mapped&distributorId=${distA.orgId}`);
    expect(mapped.map((r) => [r.productCode, r.mapping!.method, r.mapping!.score, r.mapping!.sku.code])).toEqual([
      ['IDM-GRG-85', 'BARCODE', '1.000', 'NB-0001'],
      ['IDM-SOTO-75', 'CODE', '1.000', 'IDM-SOTO-75'],
    ]);
    const byName = await principal.agent.request('POST', '/api/product-mappings/accept-suggestions', { minScore: '0.3' });
    // AQA-600, TBS-450, RNS-GRT-170 (A) and B-ROMA (B); XYZ-1 has no suggestion.
    expect(byName.body).toEqual({ created: 4, updated: 0, unchanged: 0 });
    expect((await rows(principal.agent, '')).map((r) => r.productCode)).toEqual(['XYZ-1']);
    const [bulk] = await owner.auditEvent.findMany({
      where: { organizationId: principal.orgId, action: 'product_mapping.confirmed', metadata: { path: ['bulk'], equals: true } },
      orderBy: { createdAt: 'desc' },
    });
    expect(bulk!.metadata).toMatchObject({ count: 4, method: 'NAME', minScore: '0.3' });

    // The other principal, connected to A too, sees A's codes all unmapped and its own suggestion only.
    const theirs = await rows(otherPrincipal.agent, '&status=all', 50);
    expect(theirs.every((r) => r.mapping === null)).toBe(true);
    expect(rowOf(theirs, distA.orgId, 'IDM-GRG-85')!.suggestion).toMatchObject({ method: 'NAME', score: '0.310', sku: { code: 'OP-1' } });
    expect(rowOf(theirs, distB.orgId, 'B-ROMA')).toBeUndefined();
  });

  it('sums each connected distributor; a revoked distributor disappears and is refused', async () => {
    const summary = await principal.agent.request('GET', '/api/product-mappings/summary');
    expect(summary.status).toBe(200);
    expect(summary.body.distributors).toEqual(
      expect.arrayContaining([
        { distributorId: distA.orgId, distributorName: distA.orgName, products: 6, mapped: 5, suggested: 0 },
        { distributorId: distB.orgId, distributorName: distB.orgName, products: 1, mapped: 1, suggested: 0 },
      ]),
    );
    expect(summary.body.distributors).toHaveLength(2);
    const theirs = await otherPrincipal.agent.request('GET', '/api/product-mappings/summary');
    expect(theirs.body.distributors).toEqual([{ distributorId: distA.orgId, distributorName: distA.orgName, products: 6, mapped: 0, suggested: 1 }]);

    expect((await principal.agent.request('POST', `/api/connections/${connectionB}/revoke`)).status).toBe(204);
    expect(await rows(principal.agent, `&status=all&distributorId=${distB.orgId}`)).toEqual([]);
    const after = await principal.agent.request('GET', '/api/product-mappings/summary');
    expect(after.body.distributors.map((d: { distributorId: string }) => d.distributorId)).toEqual([distA.orgId]);
    const refused = await principal.agent.request('PUT', '/api/product-mappings', {
      mappings: [{ distributorId: distB.orgId, productCode: 'B-ROMA', skuId: skus.get('NB-0501') }],
    });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'DISTRIBUTOR_NOT_CONNECTED']);
  });
});

describe('the demo data', () => {
  it('suggests a demo SKU for every product the sample DMS serves: two by barcode, the rest by name', async () => {
    const dms = await startSampleDms({ docsPerType: 50 });
    try {
      const res = await fetch(`${dms.url}/api/v1/products?limit=100`, { headers: { 'X-Access-Key': '446-bebaspakaivalueapapun' } });
      expect(res.status).toBe(200);
      const served = ((await res.json()) as { data: { id: string; kode_barang: string; nama_barang: string; satuan_dasar: string; barcode: string }[] }).data;
      expect(served.length).toBeGreaterThanOrEqual(8);
      const dist = await register(t.app, 'DISTRIBUTOR', { ip: randomIp() });
      const ext = await connectExternal(dist.agent, 'Sample DMS');
      await ingest('products', ext.apiKey, {
        records: served.map((p) => ({ sourceId: p.id, code: p.kode_barang, name: p.nama_barang, baseUnit: p.satuan_dasar, barcode: p.barcode })),
      });
      await seedDemoData(t.ownerUrl);
      const demo = new Agent(t.app, randomIp());
      expect((await demo.request('POST', '/api/auth/login', { email: 'principal@demo.local', password: 'demo-principal-123' })).status).toBe(200);
      await connect({ agent: demo }, dist);

      const list = await rows(demo, `&distributorId=${dist.orgId}`, 50);
      expect(list).toHaveLength(served.length);
      const suggested = Object.fromEntries(list.map((r) => [r.productCode, [r.suggestion?.method, r.suggestion?.sku.code, r.suggestion?.score]]));
      expect(suggested).toMatchObject({
        'IDM-GRG-85': ['BARCODE', 'NB-0001', '1.000'],
        'SBN-LFB-85': ['BARCODE', 'NB-0401', '1.000'],
        'IDM-SOTO-75': ['NAME', 'NB-0003', '1.000'],
        'TBS-450': ['NAME', 'NB-0101', '1.000'],
        'AQA-600': ['NAME', 'NB-0201', '0.500'],
        'KPA-ABC-200': ['NAME', 'NB-0301', '1.000'],
        'RNS-GRT-170': ['NAME', 'NB-0501', '1.000'],
        'SKM-FRS-370': ['NAME', 'NB-0601', '1.000'],
      });
    } finally {
      await dms.close();
    }
  });
});
