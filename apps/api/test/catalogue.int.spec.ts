import ExcelJS from 'exceljs';
import { createPrismaClient, hashPassword, type PrismaClient } from '@portal/db';
import { seedDemoData } from '@portal/db/seed';
import { Agent, type Party, randomIp, register, uniqueEmail } from '@portal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app';

// Issue 13: the principal's SKU catalogue through the API: CRUD with unique
// codes, search and facets, the CSV/XLSX import (all or nothing, per-row
// errors, its template), who may see and change it, and the audit trail.

let t: TestApp;
let owner: PrismaClient;
let principal: Party;
let other: Party;
let distributor: Party;

beforeAll(async () => {
  t = await startTestApp('api_catalogue', { QUEUE_PREFIX: 'test-catalogue' });
  owner = createPrismaClient(t.ownerUrl, { poolMax: 2 });
  principal = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
  other = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
  distributor = await register(t.app, 'DISTRIBUTOR', { ip: randomIp() });
}, 60_000);

afterAll(async () => {
  await owner?.$disconnect();
  await t?.close();
});

const noodle = (over: Record<string, unknown> = {}) => ({
  code: 'NB-MIE-001',
  name: 'Mi Goreng Spesial 85g',
  brand: 'Mi Nusantara',
  category: 'Mi Instan',
  baseUnit: 'pcs',
  conversions: [
    { unit: 'dus', factor: '12' },
    { unit: 'KRT', factor: '48.0' },
  ],
  barcode: '8990000000017',
  ...over,
});

async function upload(agent: Agent, filename: string, content: Buffer, dryRun = false) {
  const boundary = `----sku${Date.now().toString(16)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/catalogue/skus/import${dryRun ? '?dryRun=true' : ''}`,
    headers: { cookie: agent.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  return { status: res.statusCode, body: res.json() };
}

async function member(p: Party, role: 'VIEWER' | 'MEMBER'): Promise<Agent> {
  const email = uniqueEmail(role.toLowerCase());
  await owner.user.create({
    data: {
      organizationId: p.orgId,
      email,
      name: role,
      passwordHash: await hashPassword('correct-horse-battery'),
      memberships: { create: { organizationId: p.orgId, role } },
    },
  });
  const agent = new Agent(t.app, randomIp());
  expect((await agent.request('POST', '/api/auth/login', { email, password: 'correct-horse-battery' })).status).toBe(200);
  return agent;
}

const auditRows = (action: string, organizationId: string) => owner.auditEvent.findMany({ where: { action, organizationId }, orderBy: { createdAt: 'asc' } });

describe('SKU catalogue', () => {
  it('adds, reads, changes and deletes a SKU; units are stored upper-cased, factors without padding; each change audited', async () => {
    const created = await principal.agent.request('POST', '/api/catalogue/skus', noodle());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: 'NB-MIE-001',
      baseUnit: 'PCS',
      conversions: [
        { unit: 'DUS', factor: '12' },
        { unit: 'KRT', factor: '48' },
      ],
      brand: 'Mi Nusantara',
    });
    const id = created.body.id as string;
    expect((await principal.agent.request('GET', `/api/catalogue/skus/${id}`)).body).toEqual(created.body);

    const changed = await principal.agent.request('PATCH', `/api/catalogue/skus/${id}`, { name: 'Mi Goreng Spesial 90g', barcode: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Mi Goreng Spesial 90g', barcode: null, code: 'NB-MIE-001', conversions: created.body.conversions });

    // The base unit may not be one of its own conversions, whichever side of the SKU the change touches.
    const clash = await principal.agent.request('PATCH', `/api/catalogue/skus/${id}`, { baseUnit: 'dus' });
    expect(clash.status).toBe(400);
    expect(clash.body.error.code).toBe('VALIDATION_FAILED');
    const clashCreate = await principal.agent.request('POST', '/api/catalogue/skus', noodle({ code: 'X', baseUnit: 'KRT' }));
    expect(clashCreate.status).toBe(400);

    const [createdAudit] = await auditRows('sku.created', principal.orgId);
    expect(createdAudit).toMatchObject({ targetType: 'principal_sku', targetId: id, actorType: 'USER', actorLabel: principal.email });
    const [updatedAudit] = await auditRows('sku.updated', principal.orgId);
    expect(updatedAudit).toMatchObject({ targetId: id, before: { name: 'Mi Goreng Spesial 85g' }, after: { name: 'Mi Goreng Spesial 90g', barcode: null } });

    expect((await principal.agent.request('DELETE', `/api/catalogue/skus/${id}`)).status).toBe(204);
    expect((await principal.agent.request('GET', `/api/catalogue/skus/${id}`)).status).toBe(404);
    expect((await principal.agent.request('DELETE', `/api/catalogue/skus/${id}`)).status).toBe(404);
    const [deletedAudit] = await auditRows('sku.deleted', principal.orgId);
    expect(deletedAudit).toMatchObject({ targetId: id, metadata: { code: 'NB-MIE-001' } });
  });

  it('answers 409 SKU_CODE_TAKEN for a code the catalogue has, on create and on change; another principal may use it', async () => {
    const first = await principal.agent.request('POST', '/api/catalogue/skus', noodle({ code: 'DUP-1' }));
    expect(first.status).toBe(201);
    const again = await principal.agent.request('POST', '/api/catalogue/skus', noodle({ code: 'DUP-1', name: 'Lain' }));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('SKU_CODE_TAKEN');
    const second = await principal.agent.request('POST', '/api/catalogue/skus', noodle({ code: 'DUP-2' }));
    const rename = await principal.agent.request('PATCH', `/api/catalogue/skus/${second.body.id}`, { code: 'DUP-1' });
    expect(rename.status).toBe(409);
    expect(rename.body.error.code).toBe('SKU_CODE_TAKEN');
    expect((await other.agent.request('POST', '/api/catalogue/skus', noodle({ code: 'DUP-1' }))).status).toBe(201);
  });

  it('searches code and name, filters by brand and category, pages by code, and counts the facets', async () => {
    const p = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
    const add = (code: string, name: string, brand: string | null, category: string | null) =>
      p.agent.request('POST', '/api/catalogue/skus', { code, name, brand, category, baseUnit: 'PCS' });
    await add('TEH-01', 'Teh Melati 450ml', 'Teh Nusantara', 'Minuman');
    await add('TEH-02', 'Teh Hijau 350ml', 'Teh Nusantara', 'Minuman');
    await add('AIR-01', 'Air Mineral 600ml', 'Tirta', 'Minuman');
    await add('MIE-01', 'Mi Goreng Teh?', 'Mi Nusantara', 'Mi Instan');
    await add('LAIN-01', 'Tanpa merek', null, null);

    const codes = async (query: string) => {
      const res = await p.agent.request('GET', `/api/catalogue/skus${query}`);
      expect(res.status).toBe(200);
      return res.body.data.map((s: { code: string }) => s.code);
    };
    expect(await codes('')).toEqual(['AIR-01', 'LAIN-01', 'MIE-01', 'TEH-01', 'TEH-02']);
    expect(await codes('?q=teh')).toEqual(['MIE-01', 'TEH-01', 'TEH-02']);
    expect(await codes('?q=teh&brand=Teh%20Nusantara')).toEqual(['TEH-01', 'TEH-02']);
    expect(await codes('?category=Minuman')).toEqual(['AIR-01', 'TEH-01', 'TEH-02']);

    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const res = await p.agent.request('GET', `/api/catalogue/skus?limit=2&q=-0${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(res.body.data.map((s: { code: string }) => s.code));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(pages).toEqual([['AIR-01', 'LAIN-01'], ['MIE-01', 'TEH-01'], ['TEH-02']]);
    expect((await p.agent.request('GET', '/api/catalogue/skus?cursor=bm90LW91cnM')).body.error.code).toBe('INVALID_CURSOR');

    const facets = await p.agent.request('GET', '/api/catalogue/facets');
    expect(facets.body).toEqual({
      brands: [
        { value: 'Mi Nusantara', count: 1 },
        { value: 'Teh Nusantara', count: 2 },
        { value: 'Tirta', count: 1 },
      ],
      categories: [
        { value: 'Mi Instan', count: 1 },
        { value: 'Minuman', count: 3 },
      ],
    });
  });

  it('is a principal’s own: another principal never sees it, a distributor is refused', async () => {
    const mine = await principal.agent.request('POST', '/api/catalogue/skus', noodle({ code: 'OWN-1', brand: 'Merek Rahasia' }));
    expect((await other.agent.request('GET', `/api/catalogue/skus/${mine.body.id}`)).status).toBe(404);
    expect((await other.agent.request('GET', '/api/catalogue/skus?q=OWN-1')).body.data).toEqual([]);
    expect((await other.agent.request('PATCH', `/api/catalogue/skus/${mine.body.id}`, { name: 'x' })).status).toBe(404);
    expect((await other.agent.request('DELETE', `/api/catalogue/skus/${mine.body.id}`)).status).toBe(404);
    expect((await principal.agent.request('GET', '/api/catalogue/facets')).body.brands.map((b: { value: string }) => b.value)).toContain('Merek Rahasia');
    expect((await other.agent.request('GET', '/api/catalogue/facets')).body.brands.map((b: { value: string }) => b.value)).not.toContain('Merek Rahasia');

    for (const [method, url] of [
      ['GET', '/api/catalogue/skus'],
      ['GET', `/api/catalogue/skus/${mine.body.id}`],
      ['GET', '/api/catalogue/facets'],
      ['POST', '/api/catalogue/skus'],
    ] as const) {
      const res = await distributor.agent.request(method, url, method === 'POST' ? noodle({ code: 'D-1' }) : undefined);
      expect(res.status, `${method} ${url}`).toBe(403);
    }
    expect(await owner.principalSku.count({ where: { organizationId: distributor.orgId } })).toBe(0);
  });

  it('a VIEWER reads the catalogue but cannot change or import it', async () => {
    const sku = await principal.agent.request('POST', '/api/catalogue/skus', noodle({ code: 'VIEW-1' }));
    const viewer = await member(principal, 'VIEWER');
    expect((await viewer.request('GET', `/api/catalogue/skus/${sku.body.id}`)).status).toBe(200);
    expect((await viewer.request('GET', '/api/catalogue/facets')).status).toBe(200);
    for (const res of [
      await viewer.request('POST', '/api/catalogue/skus', noodle({ code: 'VIEW-2' })),
      await viewer.request('PATCH', `/api/catalogue/skus/${sku.body.id}`, { name: 'x' }),
      await viewer.request('DELETE', `/api/catalogue/skus/${sku.body.id}`),
      await upload(viewer, 'sku.csv', Buffer.from('kode,nama,satuan_dasar\nV,V,PCS\n')),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('ROLE_FORBIDDEN');
    }
    // A MEMBER does day-to-day work: it may.
    const memberAgent = await member(principal, 'MEMBER');
    expect((await memberAgent.request('PATCH', `/api/catalogue/skus/${sku.body.id}`, { name: 'Diubah anggota' })).status).toBe(200);
  });
});

describe('SKU import', () => {
  it('imports a CSV upserting by code; with one invalid row nothing is written and the row is named', async () => {
    const p = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
    await p.agent.request('POST', '/api/catalogue/skus', { code: 'IMP-1', name: 'Lama', baseUnit: 'PCS' });
    await p.agent.request('POST', '/api/catalogue/skus', { code: 'IMP-3', name: 'Tetap', baseUnit: 'PCS' });
    const good = [
      'kode;nama;merek;kategori;satuan_dasar;konversi;barcode',
      'IMP-1;Baru;Merek A;Kat A;pcs;"DUS=12;KRT=48";',
      'IMP-2;Dua;Merek A;Kat A;BTL;KRT=24;',
      'IMP-3;Tetap;;;PCS;;',
    ];
    const bad = [...good, 'IMP-4;Empat;;;;;', 'IMP-5;Lima;;;PCS;DUS=nol;'];

    const preview = await upload(p.agent, 'sku.csv', Buffer.from(bad.join('\n')), true);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ rows: 5, created: 1, updated: 1, unchanged: 1, written: false });
    expect(preview.body.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code])).toEqual([
      [5, 'base_unit', 'REQUIRED'],
      [6, 'conversions', 'INVALID_CONVERSIONS'],
    ]);

    const refused = await upload(p.agent, 'sku.csv', Buffer.from(bad.join('\n')));
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('SKU_IMPORT_ROWS_INVALID');
    expect(refused.body.error.details.errors.map((e: { row: number }) => e.row)).toEqual([5, 6]);
    expect((await owner.principalSku.findMany({ where: { organizationId: p.orgId }, orderBy: { code: 'asc' } })).map((s) => [s.code, s.name])).toEqual([
      ['IMP-1', 'Lama'],
      ['IMP-3', 'Tetap'],
    ]);
    expect(await auditRows('sku.imported', p.orgId)).toEqual([]);

    const done = await upload(p.agent, 'sku.csv', Buffer.from(good.join('\n')));
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ rows: 3, created: 1, updated: 1, unchanged: 1, written: true, errors: [] });
    const imp1 = await owner.principalSku.findFirstOrThrow({ where: { organizationId: p.orgId, code: 'IMP-1' } });
    expect(imp1).toMatchObject({
      name: 'Baru',
      brand: 'Merek A',
      baseUnit: 'PCS',
      conversions: [
        { unit: 'DUS', factor: '12' },
        { unit: 'KRT', factor: '48' },
      ],
    });
    const [audit] = await auditRows('sku.imported', p.orgId);
    expect(audit).toMatchObject({ targetType: 'principal_sku_catalogue', metadata: { filename: 'sku.csv', rows: 3, created: 1, updated: 1, unchanged: 1 } });
  });

  it('imports an XLSX file with per-row errors, and refuses what is no SKU file', async () => {
    const p = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('sku');
    sheet.addRow(['code', 'name', 'brand', 'category', 'base_unit', 'conversions', 'barcode']);
    sheet.addRow(['X-1', 'Kopi Susu 200ml', 'Kopi N', 'Minuman', 'BTL', 'KRT=24', 8991234567890]);
    sheet.addRow(['X-2', 'Kopi Hitam', 'Kopi N', 'Minuman', 'BTL', 'BTL=1', '']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const refused = await upload(p.agent, 'sku.xlsx', buffer);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.errors).toMatchObject([{ row: 3, skuCode: 'X-2', column: 'conversions', code: 'BASE_UNIT_IN_CONVERSIONS' }]);

    sheet.spliceRows(3, 1);
    const ok = await upload(p.agent, 'sku.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(ok.body).toMatchObject({ created: 1, written: true });
    expect(await owner.principalSku.findFirstOrThrow({ where: { organizationId: p.orgId, code: 'X-1' } })).toMatchObject({ barcode: '8991234567890' });

    const pdf = await upload(p.agent, 'sku.pdf', Buffer.from('%PDF-1.4'));
    expect([pdf.status, pdf.body.error.code]).toEqual([400, 'IMPORT_FILE_INVALID']);
    const header = await upload(p.agent, 'sku.csv', Buffer.from('kode,harga\nA,1\n'));
    expect([header.status, header.body.error.code]).toEqual([400, 'IMPORT_FILE_INVALID']);
    expect(header.body.error.details).toMatchObject({ missing: ['nama', 'satuan_dasar'], unknown: ['harga'] });
  });

  it('the template, CSV and XLSX, imports as downloaded', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const p = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
      const res = await t.app.inject({ method: 'GET', url: `/api/catalogue/skus/import-template?format=${format}`, headers: { cookie: p.agent.cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toContain(`katalog-sku-template.${format}`);
      const imported = await upload(p.agent, `template.${format}`, res.rawPayload);
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
      expect(imported.body).toMatchObject({ rows: 2, created: 2, written: true, errors: [] });
      const list = await p.agent.request('GET', '/api/catalogue/skus');
      expect(list.body.data.map((s: { code: string; conversions: unknown }) => [s.code, s.conversions])).toEqual([
        [
          'CONTOH-001',
          [
            { unit: 'DUS', factor: '12' },
            { unit: 'KRT', factor: '48' },
          ],
        ],
        ['CONTOH-002', [{ unit: 'KRT', factor: '24' }]],
      ]);
    }
  });
});

describe('demo seed', () => {
  it('gives the demo principal a small catalogue once, leaving an edited SKU alone on the next run', async () => {
    await seedDemoData(t.ownerUrl, { NODE_ENV: 'test' });
    const demo = new Agent(t.app, randomIp());
    expect((await demo.request('POST', '/api/auth/login', { email: 'principal@demo.local', password: 'demo-principal-123' })).status).toBe(200);
    const first = await demo.request('GET', '/api/catalogue/skus?limit=200');
    expect(first.body.data.length).toBeGreaterThanOrEqual(10);
    expect(first.body.data.length).toBeLessThanOrEqual(20);
    const goreng = first.body.data.find((s: { name: string }) => s.name === 'Indomie Mi Goreng 85g');
    expect(goreng).toMatchObject({ baseUnit: 'PCS', brand: 'Indomie', conversions: expect.arrayContaining([{ unit: 'KRT', factor: '48' }]) });
    await demo.request('PATCH', `/api/catalogue/skus/${goreng.id}`, { name: 'Indomie Goreng Original 85g' });

    await seedDemoData(t.ownerUrl, { NODE_ENV: 'test' });
    const second = await demo.request('GET', '/api/catalogue/skus?limit=200');
    expect(second.body.data.length).toBe(first.body.data.length);
    expect(second.body.data.find((s: { id: string }) => s.id === goreng.id).name).toBe('Indomie Goreng Original 85g');
  });
});
