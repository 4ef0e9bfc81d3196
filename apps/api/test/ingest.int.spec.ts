import { createPrismaClient, type PrismaClient } from '@portal/db';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, type Party, randomIp, register, uniqueEmail } from '@portal/testing';
import { startTestApp, type TestApp } from './test-app';

let t: TestApp;
let owner: PrismaClient;

let distA: Party;
let distB: Party;
let principal: Party;
let extA: { id: string; apiKey: string };
let extB: { id: string; apiKey: string };

async function connectExternal(agent: Agent, name: string) {
  const res = await agent.request('POST', '/api/integrations', { kind: 'EXTERNAL', name });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, apiKey: res.body.apiKey as string };
}

// The External system's address: failed authentications are throttled per address, and the counters outlive a run.
const systemIp = randomIp();

/** A request as an External system makes it: no cookie, the key in the Authorization header. */
async function push(type: string, body: unknown, apiKey?: string, extra: Record<string, string> = {}, remoteAddress = systemIp) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/ingest/${type}`,
    remoteAddress,
    headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...extra },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.statusCode, body: res.json() };
}

async function upload(agent: Agent, integrationId: string, filename: string, content: Buffer) {
  const boundary = `----ingest${Date.now().toString(16)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/integrations/${integrationId}/import`,
    headers: { cookie: agent.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  return { status: res.statusCode, body: res.json() };
}

const doc = (sourceId: string, over: Record<string, unknown> = {}) => ({
  sourceId,
  number: `FJ/${sourceId}`,
  date: '2026-11-20',
  partyCode: 'C001',
  partyName: 'Toko Sinar Jaya',
  total: '30000.00',
  lines: [
    { productCode: 'P001', productName: 'Mie Goreng', quantity: '2', unit: 'PCS', unitPrice: '10000', amount: '20000' },
    { productCode: 'P002', productName: 'Teh Botol', quantity: '1', unit: 'PCS', unitPrice: '10000.00', amount: '10000.00' },
  ],
  ...over,
});

async function listDocs(agent: Agent, query = '') {
  const res = await agent.request('GET', `/api/documents?limit=100${query}`);
  expect(res.status).toBe(200);
  return res.body.data as { id: string; number: string; type: string; integrationId: string; partyName: string | null; total: string }[];
}

beforeAll(async () => {
  t = await startTestApp('api_ingest');
  owner = createPrismaClient(t.ownerUrl, { poolMax: 2 });
  [distA, distB, principal] = [await register(t.app, 'DISTRIBUTOR'), await register(t.app, 'DISTRIBUTOR'), await register(t.app, 'PRINCIPAL')];
  extA = await connectExternal(distA.agent, 'ERP A');
  extB = await connectExternal(distB.agent, 'ERP B');
});

afterAll(async () => {
  await owner?.$disconnect();
  await t?.close();
});

describe('POST /api/ingest/:type authentication', () => {
  it('refuses a request without a key, with a wrong secret, an unknown prefix or a malformed key (401)', async () => {
    const [prefix] = extA.apiKey.split('.');
    for (const key of [undefined, `${prefix}.wrong-secret`, 'pk_unknown0.secretsecret', 'not-a-key']) {
      const res = await push('sales-invoices', { documents: [doc('AUTH-1')] }, key);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
    expect(await owner.document.count({ where: { sourceId: 'AUTH-1' } })).toBe(0);
  });

  it('does not accept a signed-in session cookie in place of the key', async () => {
    const res = await distA.agent.request('POST', '/api/ingest/sales-invoices', { documents: [doc('COOKIE-1')] });
    expect(res.status).toBe(401);
    expect(await owner.document.count({ where: { sourceId: 'COOKIE-1' } })).toBe(0);
  });

  it('answers 403 while the integration is disabled, and accepts again once enabled', async () => {
    const disabled = await distA.agent.request('POST', `/api/integrations/${extA.id}/disable`);
    expect(disabled.status).toBe(200);
    // The SPA translates the reason by its code.
    expect(disabled.body).toMatchObject({ state: 'DISABLED', stateReasonCode: 'DISABLED_BY_DISTRIBUTOR', stateReason: 'Disabled by the distributor' });
    const refused = await push('sales-invoices', { documents: [doc('DIS-1')] }, extA.apiKey);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    const enabled = await distA.agent.request('POST', `/api/integrations/${extA.id}/enable`);
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ state: 'ACTIVE', stateReason: null, stateReasonCode: null, stateReasonParams: null });
    const ok = await push('sales-invoices', { documents: [doc('DIS-1')] }, extA.apiKey);
    expect(ok.status).toBe(200);
    expect(ok.body.written).toBe(1);
  });
});

describe('POST /api/ingest/:type documents', () => {
  it("stores documents in the key's organisation only: A's key never writes into B", async () => {
    const res = await push('sales-invoices', { documents: [doc('ISO-1'), doc('ISO-2')] }, extA.apiKey);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 2, accepted: 2, written: 2, unchanged: 0, rejected: [] });
    const stored = await owner.document.findMany({ where: { sourceId: { in: ['ISO-1', 'ISO-2'] } } });
    expect(stored.map((d) => [d.organizationId, d.integrationId, d.type])).toEqual([
      [distA.orgId, extA.id, 'SALES_INVOICE'],
      [distA.orgId, extA.id, 'SALES_INVOICE'],
    ]);
    expect((await listDocs(distA.agent)).map((d) => d.number)).toEqual(expect.arrayContaining(['FJ/ISO-1', 'FJ/ISO-2']));
    expect((await listDocs(distB.agent)).map((d) => d.number)).not.toContain('FJ/ISO-1');

    // B's key with the same source ids lands in B's own integration, leaving A's untouched.
    const b = await push(
      'sales-invoices',
      { documents: [doc('ISO-1', { total: '1.00', lines: [{ productCode: 'X', quantity: '1', unit: 'PCS', unitPrice: '1', amount: '1' }] })] },
      extB.apiKey,
    );
    expect(b.body.written).toBe(1);
    const a1 = await owner.document.findFirstOrThrow({ where: { sourceId: 'ISO-1', integrationId: extA.id }, include: { lines: true } });
    expect(a1.total.toFixed(2)).toBe('30000.00');
    expect(a1.lines).toHaveLength(2);
    expect(await owner.document.count({ where: { sourceId: 'ISO-1', organizationId: distB.orgId, integrationId: extB.id } })).toBe(1);
  });

  it('re-posting the same batch changes nothing', async () => {
    const first = await push('sales-orders', { documents: [doc('IDEM-1'), doc('IDEM-2', { sourceUpdatedAt: '2026-11-20T08:00:00+07:00' })] }, extA.apiKey);
    expect(first.body.written).toBe(2);
    const before = await owner.document.findMany({ where: { sourceId: { startsWith: 'IDEM-' } }, orderBy: { sourceId: 'asc' }, include: { lines: true } });
    const again = await push('sales-orders', { documents: [doc('IDEM-1'), doc('IDEM-2', { sourceUpdatedAt: '2026-11-20T08:00:00+07:00' })] }, extA.apiKey);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ received: 2, accepted: 2, written: 0, unchanged: 2, rejected: [] });
    const after = await owner.document.findMany({ where: { sourceId: { startsWith: 'IDEM-' } }, orderBy: { sourceId: 'asc' }, include: { lines: true } });
    expect(after).toEqual(before);
  });

  it('a changed document replaces the stored one and its lines; an older version is ignored', async () => {
    await push('sales-invoices', { documents: [doc('CHG-1', { sourceUpdatedAt: '2026-11-20T10:00:00Z' })] }, extA.apiKey);
    const changed = doc('CHG-1', {
      sourceUpdatedAt: '2026-11-20T10:00:00Z', // same version stamp, different content
      total: '55000.50',
      lines: [{ productCode: 'P009', productName: 'Kopi Sachet', quantity: '5', unit: 'PAK', quantityBase: '50', unitPrice: '11000.10', amount: '55000.50' }],
    });
    const res = await push('sales-invoices', { documents: [changed] }, extA.apiKey);
    expect(res.body.written).toBe(1);
    const stored = await owner.document.findFirstOrThrow({ where: { sourceId: 'CHG-1' }, include: { lines: true } });
    expect(stored.total.toFixed(2)).toBe('55000.50');
    expect(stored.lineCount).toBe(1);
    expect(stored.lines.map((l) => [l.productCode, l.quantityBase.toFixed(0), l.amount.toFixed(2)])).toEqual([['P009', '50', '55000.50']]);

    const stale = await push('sales-invoices', { documents: [doc('CHG-1', { sourceUpdatedAt: '2026-11-19T10:00:00Z' })] }, extA.apiKey);
    expect(stale.body).toMatchObject({ accepted: 1, written: 0, unchanged: 1 });
    expect((await owner.document.findFirstOrThrow({ where: { sourceId: 'CHG-1' } })).total.toFixed(2)).toBe('55000.50');
  });

  it('rejects invalid records one by one with index and reason and stores the valid ones', async () => {
    const res = await push(
      'purchase-orders',
      {
        documents: [
          doc('REJ-1'),
          doc('REJ-2', { total: 30000 }), // a float, not a decimal string
          { ...doc('REJ-3'), number: undefined },
          doc('REJ-4', { lines: [{ productCode: 'P1', quantity: '1', unit: 'PCS', unitPrice: '1', amount: '1.005' }] }),
          doc('REJ-1'),
          'not a document',
          doc('REJ-5', { date: '31/12/2026' }),
          doc('REJ-6'),
        ],
      },
      extA.apiKey,
    );
    expect(res.status).toBe(200);
    expect(res.body.received).toBe(8);
    expect(res.body.accepted).toBe(2);
    expect(res.body.written).toBe(2);
    expect(res.body.rejected.map((r: { index: number; code: string; field: string | null }) => [r.index, r.code, r.field])).toEqual([
      [1, 'INVALID_FIELD', 'total'],
      [2, 'MISSING_VALUE', 'number'],
      [3, 'INVALID_FIELD', 'lines.0.amount'],
      [4, 'DUPLICATE_SOURCE_ID', 'sourceId'],
      [5, 'INVALID_FIELD', null],
      [6, 'INVALID_FIELD', 'date'],
    ]);
    for (const r of res.body.rejected) expect(r.reason.length).toBeGreaterThan(5);
    const stored = await owner.document.findMany({ where: { sourceId: { startsWith: 'REJ-' } }, select: { sourceId: true, type: true } });
    expect(stored.map((d) => d.sourceId).sort()).toEqual(['REJ-1', 'REJ-6']);
    expect(new Set(stored.map((d) => d.type))).toEqual(new Set(['PURCHASE_ORDER']));
  });

  it('answers 400 with the error envelope for a malformed body, an empty or oversized batch and an unknown type', async () => {
    for (const body of ['{"documents": [', { docs: [doc('X')] }, { documents: [] }, { documents: Array.from({ length: 1001 }, () => ({})) }, [doc('X')]]) {
      const res = await push('sales-invoices', body, extA.apiKey);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const unknownType = await push('delivery-notes', { documents: [doc('X')] }, extA.apiKey);
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('records the last sync on the integration and counts its documents', async () => {
    const res = await distA.agent.request('GET', `/api/integrations/${extA.id}`);
    expect(res.status).toBe(200);
    expect(res.body.lastSyncAt).not.toBeNull();
    expect(res.body.lastSyncStatus).toBe('PARTIAL'); // the last push above had rejections
    expect(res.body.documentCounts.SALES_INVOICE).toBeGreaterThanOrEqual(3);
    const audit = await owner.auditEvent.findMany({ where: { targetId: extA.id, action: 'integration.ingested' } });
    expect(audit.length).toBeGreaterThan(3);
    const key = await owner.apiKey.findFirstOrThrow({ where: { integrationId: extA.id } });
    expect(key.lastUsedAt).not.toBeNull();
  });

  it('a CONNECTED principal sees the ingested documents of the consented types only', async () => {
    const invite = await principal.agent.request('POST', '/api/connections/invites');
    const token = new URL(invite.body.url).pathname.split('/').pop()!;
    const accepted = await distA.agent.request('POST', `/api/invites/${token}/accept`, { documentTypes: ['SALES_INVOICE'] });
    expect(accepted.status).toBe(200);
    await push('sales-invoices', { documents: [doc('PRN-INV')] }, extA.apiKey);
    await push('sales-orders', { documents: [doc('PRN-SO')] }, extA.apiKey);
    const seen = await listDocs(principal.agent);
    expect(seen.map((d) => d.number)).toContain('FJ/PRN-INV');
    expect(seen.map((d) => d.number)).not.toContain('FJ/PRN-SO');
    expect(new Set(seen.map((d) => d.type))).toEqual(new Set(['SALES_INVOICE']));
    expect(seen.every((d) => d.integrationId === extA.id)).toBe(true);
  });

  it('is documented in the OpenAPI document with the API-key scheme', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs-json' });
    const op = res.json().paths['/api/ingest/{type}'].post;
    expect(op.security).toEqual([{ apiKey: [] }]);
    expect(op.parameters[0].schema.enum).toEqual(['sales-orders', 'sales-returns', 'sales-invoices', 'purchase-invoices', 'purchase-orders']);
    expect(res.json().paths['/api/integrations/{id}/import'].post.requestBody.content['multipart/form-data']).toBeDefined();
  });
});

describe('rate limit per key', () => {
  it('answers 429 after INGEST_RATE_LIMIT_MAX requests of one key in a minute, while another key still passes', async () => {
    const limited = await startTestApp('api_ingest_rl', { INGEST_RATE_LIMIT_MAX: '3' });
    try {
      const agentOf = async () => {
        const a = new Agent(limited.app);
        const email = uniqueEmail('ingest-rl');
        await a.request('POST', '/api/auth/register', {
          email,
          password: 'correct-horse-battery',
          name: 'Rina',
          organizationName: `PT RL ${email}`,
          organizationKind: 'DISTRIBUTOR',
        });
        return (await a.request('POST', '/api/integrations', { kind: 'EXTERNAL' })).body.apiKey as string;
      };
      const [k1, k2] = [await agentOf(), await agentOf()];
      const send = (key: string) =>
        limited.app.inject({
          method: 'POST',
          url: '/api/ingest/sales-orders',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          payload: JSON.stringify({ documents: [doc('RL-1')] }),
        });
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await send(k1));
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 429]);
      // Every counted answer says where the key stands (docs/product/api-keys-and-audit.md).
      expect(answers.map((a) => [a.headers['ratelimit-limit'], a.headers['ratelimit-remaining']])).toEqual([
        ['3', '2'],
        ['3', '1'],
        ['3', '0'],
        ['3', '0'],
      ]);
      expect(Number(answers[3]!.headers['retry-after'])).toBeGreaterThan(0);
      expect((await send(k2)).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('failed authentication', () => {
  it("cuts off an address flooding wrong secrets with a real key's prefix, and never locks out the real key", async () => {
    const attacker = randomIp();
    const prefix = extA.apiKey.slice(0, extA.apiKey.indexOf('.'));
    const statuses: number[] = [];
    for (let i = 0; i < 120; i++)
      statuses.push((await push('sales-orders', { documents: [doc('FORGED-1')] }, `${prefix}.wrong-secret-${i}`, {}, attacker)).status);
    expect(statuses.slice(0, 20)).toEqual(Array<number>(20).fill(401));
    expect(new Set(statuses.slice(20))).toEqual(new Set([429]));
    const real = await push('sales-orders', { documents: [doc('REAL-1')] }, extA.apiKey);
    expect(real.status).toBe(200);
    expect((await listDocs(distA.agent)).some((d) => d.number === 'FJ/FORGED-1')).toBe(false);
  });
});

describe('POST /api/integrations/:id/import', () => {
  const HEADER = 'type,source_id,number,date,party_code,party_name,salesman_code,status,product_code,product_name,qty,unit,price,discount,tax,amount';

  it('imports a CSV with Indonesian numbers, keeps formula-looking text as text and reports bad rows', async () => {
    const csv = [
      HEADER,
      'SALES_INVOICE,CSV-1,FJ/CSV/1,25/11/2026,C001,"=HYPERLINK(""http://evil.example"",""klik"")",S01,POSTED,P001,Mie Goreng,10,DUS,"125.000,00",0,"137.500,00","1.387.500,00"',
      'SALES_INVOICE,CSV-1,FJ/CSV/1,25/11/2026,C001,"=HYPERLINK(""http://evil.example"",""klik"")",S01,POSTED,P002,Teh Botol,24,PCS,4.500,0,0,108.000',
      'sales-orders,CSV-2,SO/CSV/2,01/12/2026,C002,Warung Bu Sri,,,P003,+cmd|/C calc!A0,3,PCS,1000.5,0,0,3001.5',
      'SALES_ORDER,CSV-3,SO/CSV/3,31/02/2026,C003,Toko Tiga,,,P001,Mie,1,PCS,1000,0,0,1000',
      'SALES_ORDER,CSV-4,SO/CSV/4,01/12/2026,C004,Toko Empat,,,P001,Mie,satu,PCS,1000,0,0,1000',
      'FAKTUR,CSV-5,X,01/12/2026,C005,Toko Lima,,,P001,Mie,1,PCS,1000,0,0,1000',
    ].join('\r\n');
    const res = await upload(distA.agent, extA.id, 'dokumen.csv', Buffer.from(csv));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 6, documents: 2, written: 2, unchanged: 0 });
    expect(res.body.errors.map((e: { row: number; code: string; column: string }) => [e.row, e.code, e.column])).toEqual([
      [5, 'INVALID_DATE', 'date'],
      [6, 'INVALID_NUMBER', 'qty'],
      [7, 'UNKNOWN_TYPE', 'type'],
    ]);

    const inv = await owner.document.findFirstOrThrow({
      where: { sourceId: 'CSV-1', integrationId: extA.id },
      include: { lines: { orderBy: { lineNo: 'asc' } } },
    });
    expect(inv.type).toBe('SALES_INVOICE');
    expect(inv.partyName).toBe('=HYPERLINK("http://evil.example","klik")');
    expect(inv.date.toISOString().slice(0, 10)).toBe('2026-11-25');
    expect(inv.total.toFixed(2)).toBe('1495500.00');
    expect(inv.tax.toFixed(2)).toBe('137500.00');
    expect(inv.lines.map((l) => [l.productCode, l.quantity.toFixed(0), l.unitPrice.toFixed(2), l.amount.toFixed(2)])).toEqual([
      ['P001', '10', '125000.00', '1387500.00'],
      ['P002', '24', '4500.00', '108000.00'],
    ]);
    const so = await owner.document.findFirstOrThrow({ where: { sourceId: 'CSV-2' }, include: { lines: true } });
    expect(so.type).toBe('SALES_ORDER');
    expect(so.lines[0]!.productName).toBe('+cmd|/C calc!A0');

    // The same file again writes nothing.
    const again = await upload(distA.agent, extA.id, 'dokumen.csv', Buffer.from(csv));
    expect(again.body).toMatchObject({ documents: 2, written: 0, unchanged: 2 });
  });

  it('imports an XLSX file; a formula cell is stored as its text, never evaluated', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('dokumen');
    ws.addRow(HEADER.split(','));
    ws.addRow([
      'PURCHASE_INVOICE',
      'XLSX-1',
      'FB/1',
      '03/12/2026',
      'SUP1',
      { formula: 'HYPERLINK("http://evil.example","x")', result: 'x' },
      '',
      '',
      'P001',
      'Gula 1kg',
      12,
      'PCS',
      15000.5,
      0,
      0,
      180006,
    ]);
    ws.addRow([
      'PURCHASE_INVOICE',
      'XLSX-2',
      'FB/2',
      new Date(Date.UTC(2026, 11, 4)),
      'SUP1',
      'Supplier Satu',
      '',
      '',
      'P001',
      'Gula 1kg',
      1,
      'PCS',
      100,
      0,
      0,
      { formula: 'K3*M3', result: 100 },
    ]);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(distA.agent, extA.id, 'dokumen.xlsx', buffer);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 2, documents: 1, written: 1 });
    expect(res.body.errors.map((e: { row: number; code: string; column: string }) => [e.row, e.code, e.column])).toEqual([[3, 'INVALID_NUMBER', 'amount']]);
    const pi = await owner.document.findFirstOrThrow({ where: { sourceId: 'XLSX-1' }, include: { lines: true } });
    expect(pi.partyName).toBe('=HYPERLINK("http://evil.example","x")');
    expect(pi.date.toISOString().slice(0, 10)).toBe('2026-12-03');
    expect(pi.lines[0]!.unitPrice.toFixed(2)).toBe('15000.50');
    expect(await owner.document.count({ where: { sourceId: 'XLSX-2' } })).toBe(0);
  });

  it('refuses a file of another kind, a missing column, a DMS integration and another distributor’s integration', async () => {
    const wrongKind = await upload(distA.agent, extA.id, 'dokumen.pdf', Buffer.from('%PDF-1.4'));
    expect([wrongKind.status, wrongKind.body.error.code]).toEqual([400, 'IMPORT_FILE_INVALID']);
    const missing = await upload(distA.agent, extA.id, 'dokumen.csv', Buffer.from('type,source_id\nSALES_ORDER,1\n'));
    expect([missing.status, missing.body.error.code]).toEqual([400, 'IMPORT_FILE_INVALID']);
    expect(missing.body.error.details.missing).toContain('amount');
    const dms = await distA.agent.request('POST', '/api/integrations', { kind: 'DMS' });
    const toDms = await upload(distA.agent, dms.body.id, 'dokumen.csv', Buffer.from(`${HEADER}\n`));
    expect(toDms.status).toBe(409);
    const toB = await upload(distA.agent, extB.id, 'dokumen.csv', Buffer.from(`${HEADER}\n`));
    expect(toB.status).toBe(404);
    const tooLarge = await upload(distA.agent, extA.id, 'besar.csv', Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.alloc(10 * 1024 * 1024, 'x')]));
    expect([tooLarge.status, tooLarge.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('serves the template as CSV and XLSX, which import cleanly', async () => {
    const csv = await distA.agent.request('GET', '/api/integrations/import-template?format=csv');
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-disposition'])).toContain('import-template.csv');
    const xlsx = await t.app.inject({ method: 'GET', url: '/api/integrations/import-template?format=xlsx', headers: { cookie: distA.agent.cookie } });
    expect(xlsx.statusCode).toBe(200);
    const ext = await connectExternal(distA.agent, 'Template check');
    const fromXlsx = await upload(distA.agent, ext.id, 'import-template.xlsx', xlsx.rawPayload);
    expect(fromXlsx.body).toMatchObject({ rows: 2, documents: 1, written: 1, errors: [] });
    const fromCsv = await upload(distA.agent, ext.id, 'import-template.csv', Buffer.from(csv.body as string));
    expect(fromCsv.body).toMatchObject({ rows: 2, documents: 1, written: 0, unchanged: 1, errors: [] });
  });
});
