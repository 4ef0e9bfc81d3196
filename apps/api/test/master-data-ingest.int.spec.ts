import { createPrismaClient, type PrismaClient } from '@portal/db';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, type Party, randomIp, register } from '@portal/testing';
import { startTestApp, type TestApp } from './test-app';

// Master data of External integrations (docs/product/master-data.md): pushed with the
// integration's ingestion key, imported from CSV/XLSX, and the templates.

let t: TestApp;
let owner: PrismaClient;
let distA: Party;
let distB: Party;
let extA: { id: string; apiKey: string };
let extB: { id: string; apiKey: string };

const systemIp = randomIp();

async function connectExternal(agent: Agent, name: string) {
  const res = await agent.request('POST', '/api/integrations', { kind: 'EXTERNAL', name });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, apiKey: res.body.apiKey as string };
}

async function push(kind: 'customers' | 'products', body: unknown, apiKey?: string, remoteAddress = systemIp) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/ingest/${kind}`,
    remoteAddress,
    headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    payload: JSON.stringify(body),
  });
  return { status: res.statusCode, body: res.json() };
}

async function upload(agent: Agent, integrationId: string, kind: string, filename: string, content: Buffer) {
  const boundary = `----md${Date.now().toString(16)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/integrations/${integrationId}/import/${kind}`,
    headers: { cookie: agent.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  return { status: res.statusCode, body: res.json() };
}

const customer = (sourceId: string, over: Record<string, unknown> = {}) => ({
  sourceId,
  code: `C-${sourceId}`,
  name: `Toko ${sourceId}`,
  city: 'Bandung',
  ...over,
});
const product = (sourceId: string, over: Record<string, unknown> = {}) => ({
  sourceId,
  code: `P-${sourceId}`,
  name: `Mie ${sourceId}`,
  baseUnit: 'PCS',
  conversions: [{ unit: 'KRT', factor: '48' }],
  ...over,
});

beforeAll(async () => {
  t = await startTestApp('api_md_ingest');
  owner = createPrismaClient(t.ownerUrl, { poolMax: 2 });
  [distA, distB] = [await register(t.app, 'DISTRIBUTOR'), await register(t.app, 'DISTRIBUTOR')];
  extA = await connectExternal(distA.agent, 'ERP A');
  extB = await connectExternal(distB.agent, 'ERP B');
});

afterAll(async () => {
  await owner?.$disconnect();
  await t?.close();
});

describe('POST /api/ingest/customers and /products', () => {
  it('stores the valid records and rejects the others with a code and the field', async () => {
    const res = await push(
      'customers',
      {
        records: [
          customer('1'),
          customer('2', { address: 'Jl. Merdeka 1', salesmanCode: 'S01', outletType: 'Grosir', sourceUpdatedAt: '2026-11-20T08:00:00+07:00' }),
          { sourceId: '3', name: 'Tanpa kode' },
          customer('4', { city: 42 }),
          customer('1', { name: 'Again' }),
          customer('5', { extra: true }),
        ],
      },
      extA.apiKey,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: 6, accepted: 2, written: 2, unchanged: 0 });
    expect(res.body.rejected.map((r: { index: number; code: string; field: string | null }) => [r.index, r.code, r.field])).toEqual([
      [2, 'MISSING_VALUE', 'code'],
      [3, 'INVALID_FIELD', 'city'],
      [4, 'DUPLICATE_SOURCE_ID', 'sourceId'],
      [5, 'INVALID_FIELD', null],
    ]);
    const stored = await owner.customer.findMany({ where: { integrationId: extA.id }, orderBy: { sourceId: 'asc' } });
    expect(stored.map((c) => [c.organizationId, c.code, c.name, c.address, c.city, c.salesmanCode])).toEqual([
      [distA.orgId, 'C-1', 'Toko 1', null, 'Bandung', null],
      [distA.orgId, 'C-2', 'Toko 2', 'Jl. Merdeka 1', 'Bandung', 'S01'],
    ]);
    expect(stored[1]!.sourceUpdatedAt.toISOString()).toBe('2026-11-20T01:00:00.000Z');
  });

  it('is idempotent: the same batch twice changes nothing; a changed record replaces, an older one is ignored', async () => {
    const batch = {
      records: [
        product('A'),
        product('B', {
          conversions: [
            { unit: 'DUS', factor: '12' },
            { unit: 'KRT', factor: '48.0' },
          ],
          barcode: '899',
        }),
      ],
    };
    const first = await push('products', batch, extA.apiKey);
    expect(first.body).toMatchObject({ accepted: 2, written: 2, unchanged: 0, rejected: [] });
    const again = await push('products', batch, extA.apiKey);
    expect(again.body).toMatchObject({ accepted: 2, written: 0, unchanged: 2, rejected: [] });
    expect(await owner.product.count({ where: { integrationId: extA.id } })).toBe(2);

    // Versionless records were stamped with their arrival; the sender's own stamps from now on.
    const changed = await push('products', { records: [product('A', { name: 'Mie Goreng Baru', sourceUpdatedAt: '2099-01-02T00:00:00Z' })] }, extA.apiKey);
    expect(changed.body).toMatchObject({ written: 1, unchanged: 0 });
    const older = await push('products', { records: [product('A', { name: 'Lama', sourceUpdatedAt: '2099-01-01T00:00:00Z' })] }, extA.apiKey);
    expect(older.body).toMatchObject({ written: 0, unchanged: 1 });
    const a = await owner.product.findFirstOrThrow({ where: { integrationId: extA.id, sourceId: 'A' } });
    expect([a.name, a.baseUnit, a.conversions]).toEqual(['Mie Goreng Baru', 'PCS', [{ unit: 'KRT', factor: '48' }]]);
  });

  it('rejects a bad unit conversion: a factor that is not a positive decimal, the base unit among them, a unit twice', async () => {
    const res = await push(
      'products',
      {
        records: [
          product('X1', { conversions: [{ unit: 'KRT', factor: 48 }] }),
          product('X2', { conversions: [{ unit: 'KRT', factor: '0' }] }),
          product('X3', { conversions: [{ unit: 'pcs', factor: '1' }] }),
          product('X4', {
            conversions: [
              { unit: 'DUS', factor: '12' },
              { unit: 'dus', factor: '10' },
            ],
          }),
        ],
      },
      extA.apiKey,
    );
    expect(res.body.rejected.map((r: { code: string; field: string | null }) => [r.code, r.field])).toEqual([
      ['INVALID_NUMBER', 'conversions.0.factor'],
      ['INVALID_NUMBER', 'conversions.0.factor'],
      ['INVALID_FIELD', 'conversions'],
      ['INVALID_FIELD', 'conversions'],
    ]);
    expect(await owner.product.count({ where: { sourceId: { startsWith: 'X' } } })).toBe(0);
  });

  it('answers 401 without a working key, 403 for a key without ingest:write, and a key never writes another integration', async () => {
    const ip = randomIp();
    expect((await push('customers', { records: [customer('Z')] }, undefined, ip)).status).toBe(401);
    expect((await push('customers', { records: [customer('Z')] }, 'pk_nope.nothing', ip)).status).toBe(401);
    const key = await distA.agent.request('POST', '/api/api-keys', { name: 'reader', scopes: ['documents:read'] });
    expect(key.status).toBe(201);
    const readOnly = await push('customers', { records: [customer('Z')] }, key.body.apiKey, ip);
    expect([readOnly.status, readOnly.body.error.code]).toEqual([403, 'INSUFFICIENT_SCOPE']);
    // B's key writes B's integration only.
    expect((await push('customers', { records: [customer('B1')] }, extB.apiKey)).body.written).toBe(1);
    expect(await owner.customer.findMany({ where: { sourceId: 'B1' }, select: { organizationId: true, integrationId: true } })).toEqual([
      { organizationId: distB.orgId, integrationId: extB.id },
    ]);
  });

  it('refuses a key bound to a DMS integration (master data of a DMS comes from its sync) and an empty or oversized batch', async () => {
    const ext = await connectExternal(distA.agent, 'Soon a DMS');
    const dms = await distA.agent.request('POST', '/api/integrations', { kind: 'DMS' });
    expect(dms.status).toBe(201);
    // A key can only be bound to an External integration; bind one to the DMS integration behind the API's back.
    await owner.apiKey.updateMany({ where: { integrationId: ext.id }, data: { integrationId: dms.body.id } });
    const res = await push('customers', { records: [customer('D1')] }, ext.apiKey, randomIp());
    expect(res.status).toBe(401);
    expect(await owner.customer.count({ where: { integrationId: dms.body.id } })).toBe(0);
    expect((await push('customers', { records: [] }, extA.apiKey)).status).toBe(400);
    const tooMany = await push('customers', { records: Array.from({ length: 1001 }, (_, i) => customer(`M${i}`)) }, extA.apiKey);
    expect(tooMany.status).toBe(400);
  });

  it('names the documents that arrived without a customer or product name, and never renames one the sender named', async () => {
    const sent = await t.app.inject({
      method: 'POST',
      url: '/api/ingest/sales-invoices',
      remoteAddress: systemIp,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${extA.apiKey}` },
      payload: JSON.stringify({
        documents: [
          {
            sourceId: 'NAMES-1',
            number: 'FJ/NAMES-1',
            date: '2026-11-20',
            partyCode: 'C-NAMELESS',
            total: '30000.00',
            lines: [
              { productCode: 'P-NAMELESS', quantity: '2', unit: 'PCS', unitPrice: '10000', amount: '20000' },
              { productCode: 'P-NAMED', productName: 'Teh Botol (nama pengirim)', quantity: '1', unit: 'PCS', unitPrice: '10000', amount: '10000' },
            ],
          },
        ],
      }),
    });
    expect(sent.statusCode).toBe(200);
    const detail = async () => {
      const list = await distA.agent.request('GET', '/api/documents?limit=100&number=NAMES-1');
      const res = await distA.agent.request('GET', `/api/documents/${list.body.data[0].id}`);
      return res.body as { partyName: string | null; lines: { productCode: string; productName: string | null }[] };
    };
    expect((await detail()).partyName).toBeNull();

    expect((await push('customers', { records: [customer('NAMELESS', { code: 'C-NAMELESS', name: 'Toko Tanpa Nama' })] }, extA.apiKey)).status).toBe(200);
    expect(
      (
        await push(
          'products',
          { records: [product('NAMELESS', { code: 'P-NAMELESS', name: 'Mie Kuah' }), product('NAMED', { code: 'P-NAMED', name: 'Teh Kotak' })] },
          extA.apiKey,
        )
      ).status,
    ).toBe(200);

    const named = await detail();
    expect(named.partyName).toBe('Toko Tanpa Nama');
    expect(named.lines.map((l) => [l.productCode, l.productName])).toEqual([
      ['P-NAMELESS', 'Mie Kuah'],
      ['P-NAMED', 'Teh Botol (nama pengirim)'],
    ]);
  });

  it('is in the OpenAPI document with the record shapes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs-json' });
    const paths = res.json().paths;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/api/ingest/customers', '/api/ingest/products', '/api/master-data/customers']));
    expect(JSON.stringify(paths['/api/ingest/products'].post.requestBody)).toContain('baseUnit');
  });
});

describe('CSV/XLSX import of master data', () => {
  it('imports customers from a CSV with Bahasa Indonesia headers, naming each bad row', async () => {
    const csv = [
      'id_sumber;kode_pelanggan;nama_pelanggan;alamat;kota;kode_salesman;tipe_outlet',
      'K1;K001;Toko Makmur;Jl. Asia Afrika 1;Bandung;S01;Grosir',
      'K2;;Toko Tanpa Kode;;;;',
      'K3;K003;Warung Sari;;Cimahi;;',
      'K1;K001;Toko Makmur Lagi;;;;',
    ].join('\n');
    const res = await upload(distA.agent, extA.id, 'customers', 'pelanggan.csv', Buffer.from(csv));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 4, records: 2, written: 2, unchanged: 0 });
    expect(res.body.errors.map((e: { row: number; code: string; column: string }) => [e.row, e.code, e.column])).toEqual([
      [3, 'MISSING_VALUE', 'code'],
      [5, 'DUPLICATE_SOURCE_ID', 'source_id'],
    ]);
    const k1 = await owner.customer.findFirstOrThrow({ where: { integrationId: extA.id, sourceId: 'K1' } });
    expect([k1.code, k1.name, k1.city, k1.outletType]).toEqual(['K001', 'Toko Makmur', 'Bandung', 'Grosir']);
    // The same file again changes nothing.
    const again = await upload(distA.agent, extA.id, 'customers', 'pelanggan.csv', Buffer.from(csv));
    expect(again.body).toMatchObject({ records: 2, written: 0, unchanged: 2 });
  });

  it('imports products from an XLSX with conversions written DUS=12;KRT=48', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('produk');
    sheet.addRow(['source_id', 'kode_barang', 'nama_barang', 'satuan_dasar', 'konversi', 'merek', 'kategori', 'barcode']);
    sheet.addRow(['XP1', 'XP001', 'Kopi Sachet', 'PCS', 'DUS=12;KRT=48', 'Kapal', 'Kopi', 8991234567890]);
    sheet.addRow(['XP2', 'XP002', 'Gula 1kg', 'PCS', 'KRT 24', '', '', '']);
    sheet.addRow(['XP3', 'XP003', 'Teh', 'PCS', '', '', '', '']);
    const res = await upload(distA.agent, extA.id, 'products', 'produk.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 3, records: 2, written: 2 });
    expect(res.body.errors.map((e: { row: number; code: string; column: string }) => [e.row, e.code, e.column])).toEqual([[3, 'INVALID_FIELD', 'conversions']]);
    const p = await owner.product.findFirstOrThrow({ where: { integrationId: extA.id, sourceId: 'XP1' } });
    expect([p.baseUnit, p.conversions, p.brand, p.barcode]).toEqual([
      'PCS',
      [
        { unit: 'DUS', factor: '12' },
        { unit: 'KRT', factor: '48' },
      ],
      'Kapal',
      '8991234567890',
    ]);
    expect((await owner.product.findFirstOrThrow({ where: { integrationId: extA.id, sourceId: 'XP3' } })).conversions).toEqual([]);
  });

  it('refuses a missing column, a DMS integration, another distributor’s integration and an unknown kind', async () => {
    const missing = await upload(distA.agent, extA.id, 'products', 'produk.csv', Buffer.from('source_id,code,name\nA,B,C\n'));
    expect([missing.status, missing.body.error.code]).toEqual([400, 'IMPORT_FILE_INVALID']);
    expect(missing.body.error.details.missing).toEqual(['base_unit']);
    const dms = await distA.agent.request('GET', '/api/integrations');
    const dmsId = dms.body.data.find((i: { kind: string }) => i.kind === 'DMS').id;
    expect((await upload(distA.agent, dmsId, 'customers', 'c.csv', Buffer.from('source_id,code,name\nA,B,C\n'))).status).toBe(409);
    expect((await upload(distA.agent, extB.id, 'customers', 'c.csv', Buffer.from('source_id,code,name\nA,B,C\n'))).status).toBe(404);
    expect((await upload(distA.agent, extA.id, 'suppliers', 'c.csv', Buffer.from('source_id,code,name\nA,B,C\n'))).status).toBe(400);
  });

  it('serves each template as CSV and XLSX, which import back cleanly', async () => {
    const ext = await connectExternal(distA.agent, 'Template check');
    for (const kind of ['customers', 'products'] as const) {
      const csv = await t.app.inject({ method: 'GET', url: `/api/master-data/${kind}/import-template?format=csv`, headers: { cookie: distA.agent.cookie } });
      expect(csv.statusCode).toBe(200);
      expect(String(csv.headers['content-disposition'])).toContain(`${kind}-template.csv`);
      const xlsx = await t.app.inject({ method: 'GET', url: `/api/master-data/${kind}/import-template?format=xlsx`, headers: { cookie: distA.agent.cookie } });
      expect(xlsx.statusCode).toBe(200);
      const fromXlsx = await upload(distA.agent, ext.id, kind, `${kind}.xlsx`, xlsx.rawPayload);
      expect(fromXlsx.body).toMatchObject({ rows: 2, records: 2, written: 2, errors: [] });
      const fromCsv = await upload(distA.agent, ext.id, kind, `${kind}.csv`, csv.rawPayload);
      expect(fromCsv.body).toMatchObject({ rows: 2, records: 2, written: 0, unchanged: 2, errors: [] });
    }
    const p001 = await owner.product.findFirstOrThrow({ where: { integrationId: ext.id, code: 'P001' } });
    expect(p001.conversions).toEqual([
      { unit: 'DUS', factor: '40' },
      { unit: 'KRT', factor: '120' },
    ]);
  });
});
