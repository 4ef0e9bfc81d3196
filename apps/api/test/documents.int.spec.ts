import { type DocumentDetail, type DocumentList, type DocumentSummary, documentType } from '@portal/contracts';
import { createPrismaClient, type PrismaClient } from '@portal/db';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, type Party, randomIp, register } from '@portal/testing';
import { startTestApp, type TestApp } from './test-app';

let t: TestApp;
let owner: PrismaClient;

let distA: Party;
let distB: Party;
let principal: Party;
let integrationA: string;
let integrationA2: string;

/** The documents this suite stores for distributor A, as the API should report them. */
interface Doc {
  id: string;
  integrationId: string;
  type: (typeof documentType.options)[number];
  number: string;
  date: string;
  partyCode: string;
  partyName: string;
  status: string;
  total: string;
  lines: { productCode: string; productName: string; amount: string }[];
}
let docsA: Doc[] = [];

const TYPES = ['SALES_INVOICE', 'SALES_INVOICE', 'SALES_ORDER', 'PURCHASE_ORDER', 'SALES_RETURN'] as const;
const NAMES = [
  'Toko Sinar Jaya',
  'Warung Bu Sri',
  'Minimarket Sejahtera',
  'UD Sumber Rejeki',
  'Toko "Maju", Bersama',
  'Grosir Cahaya Baru',
  'Koperasi Karya Usaha',
];
// Text a spreadsheet would run as a formula if it were written as is.
const HOSTILE = { number: '=HYPERLINK("http://evil.example","klik")', partyName: '+cmd|/C calc!A0', productName: '@SUM(A1:A9)', status: '-2+3' };

const cents = (fixed2: string) => BigInt(fixed2.replace('.', ''));
const money = (c: bigint) => `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;
const sumTotals = (docs: Doc[]) => money(docs.reduce((s, d) => s + cents(d.total), 0n));

async function external(agent: Agent): Promise<string> {
  const res = await agent.request('POST', '/api/integrations', { kind: 'EXTERNAL' });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** Stores documents the way consolidation leaves them (as the owner role: this is the test's fixture). */
async function store(orgId: string, integrationId: string, count: number, seed: number, prefix: string): Promise<Doc[]> {
  const docs: Doc[] = [];
  for (let i = 1; i <= count; i++) {
    const k = i + seed;
    const hostile = prefix === 'A' && i === 5; // a SALES_INVOICE
    const day = new Date(Date.UTC(2024, 0, 1 + (k % 45)));
    const lines = [0, 1].map((j) => ({
      productCode: `P${(k + j) % 9}`,
      productName: hostile && j === 0 ? HOSTILE.productName : `Produk ${(k + j) % 9}`,
      amount: money(BigInt(((k * 37 + j * 11) % 500) * 100 + 25)),
    }));
    docs.push({
      id: crypto.randomUUID(),
      integrationId,
      type: TYPES[k % TYPES.length]!,
      number: hostile ? HOSTILE.number : `${prefix}/${String(i).padStart(5, '0')}`,
      date: day.toISOString().slice(0, 10),
      partyCode: `C${k % 7}`,
      partyName: hostile ? HOSTILE.partyName : NAMES[k % 7]!,
      status: hostile ? HOSTILE.status : 'POSTED',
      // Many equal totals and dates: the keyset must break ties by id.
      total: money(BigInt((k % 23) * 123450 + 5)),
      lines,
    });
  }
  for (const d of docs) {
    await owner.$executeRawUnsafe(
      `insert into documents (id, organization_id, integration_id, type, source_id, number, date, party_code, party_name, currency,
                              subtotal, discount, tax, total, status, source_updated_at, template_version, line_count)
       values ($1::uuid, $2::uuid, $3::uuid, $4::"DocumentType", $5, $6, $7::date, $8, $9, 'IDR', $10::numeric, 0, 0, $10::numeric, $11, now(), 1, 2)`,
      d.id,
      orgId,
      d.integrationId,
      d.type,
      `src-${d.id}`,
      d.number,
      d.date,
      d.partyCode,
      d.partyName,
      d.total,
      d.status,
    );
    for (const [n, l] of d.lines.entries()) {
      await owner.$executeRawUnsafe(
        `insert into document_lines (document_id, line_no, organization_id, type, integration_id, product_code, product_name, quantity, unit, quantity_base, unit_price, discount, tax, amount)
         values ($1::uuid, $2, $3::uuid, $7::"DocumentType", $8::uuid, $4, $5, 2, 'PCS', 2, $6::numeric, 0, 0, $6::numeric)`,
        d.id,
        n + 1,
        orgId,
        l.productCode,
        l.productName,
        l.amount,
        d.type,
        d.integrationId,
      );
    }
  }
  return docs;
}

/** Every page of a listing, following nextCursor. */
async function allPages(agent: Agent, query: string): Promise<{ ids: string[]; pages: number; first: DocumentList }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let first: DocumentList | undefined;
  let pages = 0;
  do {
    const res = await agent.request('GET', `/api/documents?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    const body = res.body as DocumentList;
    first ??= body;
    ids.push(...body.data.map((d) => d.id));
    cursor = body.nextCursor;
    pages++;
  } while (cursor);
  return { ids, pages, first: first! };
}

const byKey = (key: (d: Doc) => string | bigint, dir: 'asc' | 'desc') => (a: Doc, b: Doc) => {
  const ka = key(a);
  const kb = key(b);
  const c = ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return dir === 'asc' ? c : -c;
};

beforeAll(async () => {
  t = await startTestApp('api_documents');
  owner = createPrismaClient(t.ownerUrl, { poolMax: 2 });
  [distA, distB, principal] = [await register(t.app, 'DISTRIBUTOR'), await register(t.app, 'DISTRIBUTOR'), await register(t.app, 'PRINCIPAL')];
  integrationA = await external(distA.agent);
  integrationA2 = await external(distA.agent);
  docsA = [...(await store(distA.orgId, integrationA, 110, 0, 'A')), ...(await store(distA.orgId, integrationA2, 20, 500, 'A2'))];
  await store(distB.orgId, await external(distB.agent), 30, 1000, 'B');

  // The principal connects to A through an invite (all document types).
  const invite = await principal.agent.request('POST', '/api/connections/invites');
  expect(invite.status).toBe(201);
  const token = new URL(invite.body.url).pathname.split('/').pop()!;
  const accepted = await distA.agent.request('POST', `/api/invites/${token}/accept`, {});
  expect(accepted.status).toBe(200);
});

afterAll(async () => {
  await owner?.$disconnect();
  await t?.close();
});

describe('GET /api/documents filters and totals', () => {
  const cases: [string, string, (d: Doc) => boolean][] = [
    ['no filter', '', () => true],
    ['type', 'type=SALES_ORDER', (d) => d.type === 'SALES_ORDER'],
    ['date range (inclusive)', 'from=2024-01-10&to=2024-01-20', (d) => d.date >= '2024-01-10' && d.date <= '2024-01-20'],
    ['party code', 'party=C3', (d) => d.partyCode === 'C3'],
    ['part of a party name, any case', 'party=sinar', (d) => d.partyName.toLowerCase().includes('sinar')],
    ['product on any line', 'product=P4', (d) => d.lines.some((l) => l.productCode === 'P4')],
    ['integration', `integrationId=INTEGRATION_A2`, (d) => d.integrationId === integrationA2],
    // Whole months come from the month totals, the days at either end from the day totals.
    ['one whole month', 'from=2024-01-01&to=2024-01-31', (d) => d.date >= '2024-01-01' && d.date <= '2024-01-31'],
    ['a whole month and days either side', 'from=2023-12-15&to=2024-02-10', (d) => d.date >= '2023-12-15' && d.date <= '2024-02-10'],
    ['from a day on', 'from=2024-01-17', (d) => d.date >= '2024-01-17'],
    ['up to a day', 'to=2024-02-02', (d) => d.date <= '2024-02-02'],
    [
      'type and whole month',
      'type=SALES_ORDER&from=2024-01-01&to=2024-01-31',
      (d) => d.type === 'SALES_ORDER' && d.date >= '2024-01-01' && d.date <= '2024-01-31',
    ],
    [
      'type and date and product',
      'type=SALES_INVOICE&from=2024-01-05&to=2024-02-10&product=P2',
      (d) => d.type === 'SALES_INVOICE' && d.date >= '2024-01-05' && d.date <= '2024-02-10' && d.lines.some((l) => l.productCode === 'P2'),
    ],
  ];

  it.each(cases)('filters by %s with exact totals', async (_label, rawQuery, match) => {
    const query = rawQuery.replace('INTEGRATION_A2', integrationA2);
    const expected = docsA.filter(match);
    expect(expected.length).toBeGreaterThan(0);
    const { ids, first } = await allPages(distA.agent, `${query}&limit=200`);
    expect(new Set(ids)).toEqual(new Set(expected.map((d) => d.id)));
    expect(first.total).toBe(expected.length);
    expect(first.totals.documents).toBe(expected.length);
    // Per type, so sales and purchases are never one sum on screen (types in the contracts' order); these documents are all in rupiah.
    const byType = documentType.options
      .map((type) => ({ type, docs: expected.filter((d) => d.type === type) }))
      .filter((t) => t.docs.length > 0)
      .map((t) => ({ type: t.type, currency: 'IDR', documents: t.docs.length, amount: sumTotals(t.docs) }));
    const byCurrency = [{ currency: 'IDR', documents: expected.length, amount: sumTotals(expected) }];
    expect(first.totals.byType).toEqual(byType);
    expect(first.totals.byCurrency).toEqual(byCurrency);
    expect(first.totals.byDistributor).toEqual([{ id: distA.orgId, name: distA.orgName, documents: expected.length, byType, byCurrency }]);
  });

  it('answers a page with the document fields as strings, never floats', async () => {
    const res = await distA.agent.request('GET', '/api/documents?limit=1&sort=total_desc');
    const d = (res.body as DocumentList).data[0] as DocumentSummary;
    const doc = docsA.find((x) => x.id === d.id)!;
    expect(d).toMatchObject({
      number: doc.number,
      date: doc.date,
      partyCode: doc.partyCode,
      partyName: doc.partyName,
      total: doc.total,
      type: doc.type,
      templateVersion: 1,
      lineCount: 2,
    });
    expect(d.distributor).toEqual({ id: distA.orgId, name: distA.orgName });
  });

  it('refuses malformed queries with 400, never 500', async () => {
    for (const q of ['limit=0', 'limit=201', 'sort=price', 'type=INVOICE', 'from=05/01/2024', 'distributorId=abc', 'extra=1']) {
      const res = await distA.agent.request('GET', `/api/documents?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code, q).toBe('VALIDATION_FAILED');
    }
    // A cursor the API never gave has its own code, so the SPA can start again from the first page.
    for (const q of ['cursor=not-a-cursor', `cursor=${Buffer.from('x|y').toString('base64url')}`]) {
      const res = await distA.agent.request('GET', `/api/documents?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code, q).toBe('INVALID_CURSOR');
    }
  });
});

describe('keyset pagination', () => {
  it.each([
    ['date_desc', byKey((d) => d.date, 'desc')],
    ['date_asc', byKey((d) => d.date, 'asc')],
    ['total_desc', byKey((d) => cents(d.total), 'desc')],
    ['total_asc', byKey((d) => cents(d.total), 'asc')],
  ] as const)('%s: pages of 17 hold every document once, in order, with no gaps', async (sort, order) => {
    const { ids, pages } = await allPages(distA.agent, `sort=${sort}&limit=17`);
    expect(pages).toBe(Math.ceil(docsA.length / 17));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...docsA].sort(order).map((d) => d.id));
  });

  it('keeps the filter across pages', async () => {
    const expected = docsA.filter((d) => d.type === 'SALES_INVOICE').sort(byKey((d) => d.date, 'desc'));
    const { ids } = await allPages(distA.agent, 'type=SALES_INVOICE&limit=9');
    expect(ids).toEqual(expected.map((d) => d.id));
  });
});

describe('search by number', () => {
  it('finds part of a number in any case, with exact totals, across pages', async () => {
    const expected = docsA.filter((d) => d.number.toLowerCase().includes('a/0001')).sort(byKey((d) => d.date, 'desc'));
    expect(expected.length).toBeGreaterThan(5);
    const { ids, first } = await allPages(distA.agent, 'number=a%2F0001&limit=4');
    expect(ids).toEqual(expected.map((d) => d.id));
    expect(first.totals).toMatchObject({
      documents: expected.length,
      byCurrency: [{ currency: 'IDR', documents: expected.length, amount: sumTotals(expected) }],
    });
    const none = await distA.agent.request('GET', '/api/documents?number=ZZ%2F404');
    expect(none.body.total).toBe(0);
  });
});

describe('sorting by number and party, with keyset pages', () => {
  let distC: Party;
  let docsC: Doc[];
  // A party name may be missing: such documents come last in both directions.
  const NAMELESS = 6;

  beforeAll(async () => {
    distC = await register(t.app, 'DISTRIBUTOR');
    docsC = await store(distC.orgId, await external(distC.agent), 40, 2000, 'C');
    const nameless = docsC.slice(0, NAMELESS).map((d) => d.id);
    await owner.$executeRawUnsafe(`update documents set party_name = null where id = any($1::uuid[])`, nameless);
  });

  it.each(['number_asc', 'number_desc', 'party_asc', 'party_desc'] as const)(
    '%s: pages of 7 hold every document once, in the database order, nameless parties last',
    async (sort) => {
      const [column, dir] = sort.split('_') as ['number' | 'party', 'asc' | 'desc'];
      // The database's own order (its collation decides how text sorts).
      const ordered = await owner.document.findMany({
        where: { organizationId: distC.orgId },
        orderBy: [column === 'number' ? { number: dir } : { partyName: { sort: dir, nulls: 'last' } }, { id: dir }],
        select: { id: true, partyName: true },
      });
      const { ids, pages } = await allPages(distC.agent, `sort=${sort}&limit=7`);
      expect(pages).toBe(Math.ceil(docsC.length / 7));
      expect(new Set(ids).size).toBe(docsC.length);
      expect(ids).toEqual(ordered.map((d) => d.id));
      if (column === 'party') {
        const nameless = ordered.slice(-NAMELESS);
        expect(nameless.every((d) => d.partyName === null)).toBe(true);
        // Names repeat, so ties are broken by id: one page ends inside a run of equal names.
        expect(new Set(ordered.map((d) => d.partyName)).size).toBeLessThan(docsC.length / 4);
      }
    },
  );

  it('keeps the search while paging a sort', async () => {
    const expected = docsC.filter((d) => d.number.includes('C/0002'));
    const { ids } = await allPages(distC.agent, 'number=C%2F0002&sort=number_desc&limit=3');
    expect(ids).toEqual([...expected].sort(byKey((d) => d.number, 'desc')).map((d) => d.id));
  });

  it("refuses another sort's cursor with 400", async () => {
    const first = await distC.agent.request('GET', '/api/documents?sort=party_asc&limit=5');
    const cursor = encodeURIComponent((first.body as DocumentList).nextCursor!);
    const res = await distC.agent.request('GET', `/api/documents?sort=date_desc&cursor=${cursor}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CURSOR');
  });
});

describe('GET /api/documents/:id', () => {
  it('answers the document with its lines, and 404 for another organisation', async () => {
    const doc = docsA[3]!;
    const res = await distA.agent.request('GET', `/api/documents/${doc.id}`);
    expect(res.status).toBe(200);
    const body = res.body as DocumentDetail;
    expect(body.lines.map((l) => [l.lineNo, l.productCode, l.amount, l.quantity])).toEqual(doc.lines.map((l, i) => [i + 1, l.productCode, l.amount, '2.0000']));
    const foreign = await distB.agent.request('GET', `/api/documents/${doc.id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');
  });
});

describe('isolation between organisations', () => {
  it("a distributor sees only its own documents, even when it names another's", async () => {
    const { ids } = await allPages(distB.agent, 'limit=200');
    expect(ids).toHaveLength(30);
    expect(ids.some((id) => docsA.some((d) => d.id === id))).toBe(false);
    const named = await distB.agent.request('GET', `/api/documents?distributorId=${distA.orgId}`);
    expect(named.body.total).toBe(0);
  });

  it('a principal sees a connected distributor (filterable) and no other', async () => {
    const { ids, first } = await allPages(principal.agent, 'limit=200');
    expect(new Set(ids)).toEqual(new Set(docsA.map((d) => d.id)));
    expect(first.totals.byDistributor.map((b) => b.id)).toEqual([distA.orgId]);
    const filtered = await allPages(principal.agent, `distributorId=${distA.orgId}&type=SALES_ORDER&limit=200`);
    expect(filtered.ids.sort()).toEqual(
      docsA
        .filter((d) => d.type === 'SALES_ORDER')
        .map((d) => d.id)
        .sort(),
    );
    const other = await principal.agent.request('GET', `/api/documents?distributorId=${distB.orgId}`);
    expect(other.body.total).toBe(0);
  });
});

/** RFC 4180 parsing, enough for the export: quoted cells, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('GET /api/documents/export', () => {
  const hostile = () => docsA.find((d) => d.number === HOSTILE.number)!;

  it('streams CSV: one row per line, formulas neutralised, quotes and commas kept intact', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/documents/export?format=csv&type=SALES_INVOICE', headers: { cookie: distA.agent.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="documents-\d{4}-\d{2}-\d{2}\.csv"$/);
    // Streamed, not buffered: no length is known up front.
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers['transfer-encoding']).toBe('chunked');

    const [header, ...rows] = parseCsv(res.body.replace(/^\ufeff/, ''));
    const col = (name: string) => header!.indexOf(name);
    const invoices = docsA.filter((d) => d.type === 'SALES_INVOICE');
    expect(rows).toHaveLength(invoices.length * 2);
    expect(new Set(rows.map((r) => r[col('number')]))).toEqual(new Set(invoices.map((d) => (d === hostile() ? `'${HOSTILE.number}` : d.number))));
    const amountCents = rows.reduce((s, r) => s + cents(r[col('line_amount')]!), 0n);
    expect(amountCents).toBe(invoices.flatMap((d) => d.lines).reduce((s, l) => s + cents(l.amount), 0n));

    const evil = rows.filter((r) => r[col('number')] === `'${HOSTILE.number}`);
    expect(evil).toHaveLength(2);
    expect(evil[0]![col('party_name')]).toBe(`'${HOSTILE.partyName}`);
    expect(evil[0]![col('status')]).toBe(`'${HOSTILE.status}`);
    expect(evil.map((r) => r[col('product_name')])).toContain(`'${HOSTILE.productName}`);
    // Numbers stay numbers; a quoted, comma-holding name survives the round trip.
    expect(evil[0]![col('total')]).toBe(hostile().total);
    const maju = rows.find((r) => r[col('party_name')] === 'Toko "Maju", Bersama');
    expect(maju).toBeDefined();
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+@]/);
  });

  it('streams XLSX with text cells escaped and amounts as numbers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/documents/export?format=xlsx&type=SALES_INVOICE', headers: { cookie: distA.agent.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-length']).toBeUndefined();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Documents')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const col = (name: string) => header.indexOf(name) + 1;
    expect(sheet.rowCount - 1).toBe(docsA.filter((d) => d.type === 'SALES_INVOICE').length * 2);
    let evil = 0;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      for (let c = 1; c <= header.length; c++) {
        const v = row.getCell(c).value;
        if (typeof v === 'string') expect(v).not.toMatch(/^[=+\-@]/);
        // Never a formula cell.
        expect(typeof v === 'object' && v !== null && 'formula' in v).toBe(false);
      }
      expect(typeof row.getCell(col('line_amount')).value).toBe('number');
      if (row.getCell(col('number')).value === `'${HOSTILE.number}`) {
        evil++;
        expect(row.getCell(col('party_name')).value).toBe(`'${HOSTILE.partyName}`);
        expect(row.getCell(col('status')).value).toBe(`'${HOSTILE.status}`);
      }
    });
    expect(evil).toBe(2);
  });

  it("exports only the caller's documents", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/documents/export?format=csv', headers: { cookie: distB.agent.cookie } });
    const [, ...rows] = parseCsv(res.body.replace(/^\ufeff/, ''));
    expect(rows).toHaveLength(60);
    expect(rows.every((r) => r[1] !== undefined && r[2]!.startsWith('B/'))).toBe(true);
  });
});

describe('totals and series per currency', () => {
  let dist: Party;
  // Documents of one distributor in rupiah, dollars and yen, as its External system sends them.
  const SALES = [
    { sourceId: 'IDR-1', date: '2024-01-05', currency: 'IDR', total: '1000000.50' },
    { sourceId: 'IDR-2', date: '2024-01-20', currency: 'IDR', total: '250000.25' },
    { sourceId: 'USD-1', date: '2024-01-09', currency: 'USD', total: '1200.10' },
    { sourceId: 'USD-2', date: '2024-02-02', currency: 'USD', total: '30.05' },
    { sourceId: 'JPY-1', date: '2024-02-14', currency: 'JPY', total: '15000.00' },
  ];
  const PURCHASES = [
    { sourceId: 'PUSD-1', date: '2024-01-11', currency: 'USD', total: '99.99' },
    { sourceId: 'PIDR-1', date: '2024-02-03', currency: 'IDR', total: '500.00' },
  ];
  const body = (docs: typeof SALES) => ({
    documents: docs.map((d) => ({
      ...d,
      number: d.sourceId,
      lines: [{ productCode: 'P001', quantity: '1', unit: 'PCS', unitPrice: d.total, amount: d.total }],
    })),
  });

  /** Every object of an answer that carries an amount: each must say whose currency it is in. */
  const amounts = (value: unknown): Record<string, unknown>[] => {
    if (Array.isArray(value)) return value.flatMap(amounts);
    if (typeof value !== 'object' || value === null) return [];
    const own = 'amount' in value ? [value as Record<string, unknown>] : [];
    return [...own, ...Object.values(value).flatMap(amounts)];
  };

  beforeAll(async () => {
    dist = await register(t.app, 'DISTRIBUTOR');
    const integration = await dist.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL', name: 'ERP valas' });
    expect(integration.status).toBe(201);
    const remoteAddress = randomIp();
    for (const [slug, docs] of [
      ['sales-invoices', SALES],
      ['purchase-invoices', PURCHASES],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/ingest/${slug}`,
        remoteAddress,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${integration.body.apiKey}` },
        payload: JSON.stringify(body(docs)),
      });
      expect(res.statusCode, res.body).toBe(200);
    }
  });

  it('keeps each currency apart in the totals, per type and per distributor', async () => {
    const res = await dist.agent.request('GET', '/api/documents');
    const totals = (res.body as DocumentList).totals;
    const byType = [
      { type: 'SALES_INVOICE', currency: 'IDR', documents: 2, amount: '1250000.75' },
      { type: 'SALES_INVOICE', currency: 'JPY', documents: 1, amount: '15000.00' },
      { type: 'SALES_INVOICE', currency: 'USD', documents: 2, amount: '1230.15' },
      { type: 'PURCHASE_INVOICE', currency: 'IDR', documents: 1, amount: '500.00' },
      { type: 'PURCHASE_INVOICE', currency: 'USD', documents: 1, amount: '99.99' },
    ];
    const byCurrency = [
      { currency: 'IDR', documents: 3, amount: '1250500.75' },
      { currency: 'JPY', documents: 1, amount: '15000.00' },
      { currency: 'USD', documents: 3, amount: '1330.14' },
    ];
    expect(totals).toEqual({ documents: 7, byType, byCurrency, byDistributor: [{ id: dist.orgId, name: dist.orgName, documents: 7, byType, byCurrency }] });
    for (const a of amounts(totals)) expect(a, JSON.stringify(a)).toHaveProperty('currency');

    // One type: its amounts are still one per currency.
    const sales = await dist.agent.request('GET', '/api/documents?type=SALES_INVOICE');
    expect((sales.body as DocumentList).totals.byCurrency).toEqual([
      { currency: 'IDR', documents: 2, amount: '1250000.75' },
      { currency: 'JPY', documents: 1, amount: '15000.00' },
      { currency: 'USD', documents: 2, amount: '1230.15' },
    ]);
  });

  it('keeps each currency apart in the series, by month and by day', async () => {
    const month = await dist.agent.request('GET', '/api/documents/series?granularity=month');
    expect(month.status).toBe(200);
    const rows = month.body.data as { period: string; type: string; currency: string }[];
    const key = (r: { period: string; type: string; currency: string }) => `${r.period} ${r.type} ${r.currency}`;
    expect([...rows].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([
      { period: '2024-01-01', type: 'PURCHASE_INVOICE', currency: 'USD', documents: 1, amount: '99.99' },
      { period: '2024-01-01', type: 'SALES_INVOICE', currency: 'IDR', documents: 2, amount: '1250000.75' },
      { period: '2024-01-01', type: 'SALES_INVOICE', currency: 'USD', documents: 1, amount: '1200.10' },
      { period: '2024-02-01', type: 'PURCHASE_INVOICE', currency: 'IDR', documents: 1, amount: '500.00' },
      { period: '2024-02-01', type: 'SALES_INVOICE', currency: 'JPY', documents: 1, amount: '15000.00' },
      { period: '2024-02-01', type: 'SALES_INVOICE', currency: 'USD', documents: 1, amount: '30.05' },
    ]);
    const day = await dist.agent.request('GET', '/api/documents/series?granularity=day&type=SALES_INVOICE');
    expect(day.body.data).toEqual(
      [...SALES]
        .sort((a, b) => a.date.localeCompare(b.date))
        .map((d) => ({ period: d.date, type: 'SALES_INVOICE', currency: d.currency, documents: 1, amount: d.total })),
    );
    for (const a of amounts([month.body, day.body])) expect(a, JSON.stringify(a)).toHaveProperty('currency');
  });

  it('keeps totals and series true through changed and deleted documents', async () => {
    const other = await register(t.app, 'DISTRIBUTOR');
    const integration = await other.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL', name: 'ERP' });
    const ingest = async (docs: { sourceId: string; date: string; currency: string; total: string; sourceUpdatedAt: string }[]) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/ingest/sales-invoices',
        remoteAddress: randomIp(),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${integration.body.apiKey}` },
        payload: JSON.stringify(body(docs)),
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    const seen = async () => {
      const list = (await other.agent.request('GET', '/api/documents')).body as DocumentList;
      const series = (await other.agent.request('GET', '/api/documents/series?granularity=month')).body.data as { period: string; currency: string }[];
      return { byCurrency: list.totals.byCurrency, periods: series.map((r) => `${r.period} ${r.currency}`).sort() };
    };
    await ingest([
      { sourceId: 'A', date: '2024-01-05', currency: 'IDR', total: '100.00', sourceUpdatedAt: '2024-01-05T00:00:00Z' },
      { sourceId: 'B', date: '2024-01-20', currency: 'IDR', total: '200.00', sourceUpdatedAt: '2024-01-20T00:00:00Z' },
    ]);
    expect(await seen()).toEqual({ byCurrency: [{ currency: 'IDR', documents: 2, amount: '300.00' }], periods: ['2024-01-01 IDR'] });

    // A newer version moves B to March and to dollars: it leaves January's rupiah and joins March's dollars.
    await ingest([{ sourceId: 'B', date: '2024-03-02', currency: 'USD', total: '7.50', sourceUpdatedAt: '2024-03-02T00:00:00Z' }]);
    expect(await seen()).toEqual({
      byCurrency: [
        { currency: 'IDR', documents: 1, amount: '100.00' },
        { currency: 'USD', documents: 1, amount: '7.50' },
      ],
      periods: ['2024-01-01 IDR', '2024-03-01 USD'],
    });

    // Deleting the integration deletes its documents, and their totals with them.
    expect((await other.agent.request('DELETE', `/api/integrations/${integration.body.id}`)).status).toBe(204);
    expect(await seen()).toEqual({ byCurrency: [], periods: [] });
  });

  it('exports each document with its own currency', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/documents/export?format=csv', headers: { cookie: dist.agent.cookie } });
    const [header, ...rows] = parseCsv(res.body.replace(/^\ufeff/, ''));
    const col = (name: string) => header!.indexOf(name);
    const exported = Object.fromEntries(rows.map((r) => [r[col('number')], [r[col('currency')], r[col('total')]]]));
    expect(exported).toEqual(Object.fromEntries([...SALES, ...PURCHASES].map((d) => [d.sourceId, [d.currency, d.total]])));
  });
});
