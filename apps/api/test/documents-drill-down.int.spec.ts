import type { DocumentList, DocumentSeries } from '@portal/contracts';
import { createPrismaClient, type PrismaClient } from '@portal/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, type Party, register } from '@portal/testing';
import { startTestApp, type TestApp } from './test-app';

// The insight drill-down's document filters (issue 13, docs/product/master-data.md):
// several types, a principal's SKU (through its product mappings), a salesman
// and a city (from the distributor's customers), in the list, its totals, the
// chart's series and the export.
let t: TestApp;
let owner: PrismaClient;
let distA: Party;
let distB: Party;
let principal: Party;
let skuX: string;
let skuY: string;

type Type = 'SALES_INVOICE' | 'SALES_RETURN' | 'SALES_ORDER' | 'PURCHASE_INVOICE';
interface Doc {
  id: string;
  org: string;
  type: Type;
  date: string;
  party: string;
  salesman: string | null;
  total: string;
  products: string[];
}
const docsA: Doc[] = [];
const docsB: Doc[] = [];

async function external(agent: Agent): Promise<string> {
  const res = await agent.request('POST', '/api/integrations', { kind: 'EXTERNAL' });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** Documents as consolidation leaves them (as the owner role: the test's fixture); lines take their header's fields from the trigger. */
async function store(org: string, integration: string, docs: Omit<Doc, 'id' | 'org'>[]): Promise<Doc[]> {
  const out: Doc[] = [];
  for (const [i, d] of docs.entries()) {
    const doc = { ...d, id: crypto.randomUUID(), org };
    await owner.$executeRawUnsafe(
      `insert into documents (id, organization_id, integration_id, type, source_id, number, date, party_code, party_name, salesman_code, currency,
                              subtotal, discount, tax, total, status, source_updated_at, template_version, line_count)
       values ($1::uuid, $2::uuid, $3::uuid, $4::"DocumentType", $5, $5, $6::date, $7, null, $8, 'IDR', $9::numeric, 0, 0, $9::numeric, null, now(), 1, $10)`,
      doc.id,
      org,
      integration,
      doc.type,
      `D-${org.slice(0, 4)}-${i}`,
      doc.date,
      doc.party,
      doc.salesman,
      doc.total,
      doc.products.length,
    );
    for (const [n, code] of doc.products.entries()) {
      await owner.$executeRawUnsafe(
        `insert into document_lines (document_id, line_no, organization_id, type, integration_id, product_code, quantity, unit, quantity_base, unit_price, discount, tax, amount)
         values ($1::uuid, $2, $3::uuid, $4::"DocumentType", $5::uuid, $6, 1, 'PCS', 1, 10, 0, 0, 10)`,
        doc.id,
        n + 1,
        org,
        doc.type,
        integration,
        code,
      );
    }
    out.push(doc);
  }
  return out;
}

async function customer(org: string, integration: string, code: string, city: string | null) {
  await owner.$executeRawUnsafe(
    `insert into customers (id, organization_id, integration_id, source_id, code, name, city, source_updated_at)
     values (gen_random_uuid(), $1::uuid, $2::uuid, $3, $3, $4, $5, now())`,
    org,
    integration,
    code,
    `Toko ${code}`,
    city,
  );
}

async function sku(org: string, code: string): Promise<string> {
  const id = crypto.randomUUID();
  await owner.$executeRawUnsafe(
    `insert into principal_skus (id, organization_id, code, name, base_unit, updated_at) values ($1::uuid, $2::uuid, $3, $3, 'PCS', now())`,
    id,
    org,
    code,
  );
  return id;
}

async function mapping(principalId: string, distributorId: string, productCode: string, skuId: string) {
  await owner.$executeRawUnsafe(
    `insert into product_mappings (id, organization_id, distributor_id, product_code, sku_id, method) values (gen_random_uuid(), $1::uuid, $2::uuid, $3, $4::uuid, 'MANUAL')`,
    principalId,
    distributorId,
    productCode,
    skuId,
  );
}

const cents = (fixed2: string) => BigInt(fixed2.replace('.', ''));
const money = (c: bigint) => `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;
const sumOf = (docs: Doc[]) => money(docs.reduce((s, d) => s + cents(d.total), 0n));

async function listed(agent: Agent, query: string): Promise<{ ids: string[]; body: DocumentList }> {
  const res = await agent.request('GET', `/api/documents?${query}&limit=200`);
  expect(res.status).toBe(200);
  const body = res.body as DocumentList;
  expect(body.nextCursor).toBeNull();
  return { ids: body.data.map((d) => d.id).sort(), body };
}

/** List, totals, series (by month and by day) and the CSV export must all name exactly `expected`. */
async function expectEverywhere(agent: Agent, query: string, expected: Doc[]) {
  const { ids, body } = await listed(agent, query);
  expect(ids).toEqual(expected.map((d) => d.id).sort());
  expect(body.total).toBe(expected.length);
  expect(body.totals.byCurrency).toEqual(expected.length ? [{ currency: 'IDR', documents: expected.length, amount: sumOf(expected) }] : []);
  expect(new Set(body.totals.byDistributor.map((b) => b.id))).toEqual(new Set(expected.map((d) => d.org)));
  for (const granularity of ['month', 'day']) {
    const series = await agent.request('GET', `/api/documents/series?${query}&granularity=${granularity}`);
    expect(series.status).toBe(200);
    const points = (series.body as DocumentSeries).data;
    expect(points.reduce((n, p) => n + p.documents, 0)).toBe(expected.length);
    expect(money(points.reduce((s, p) => s + cents(p.amount), 0n))).toBe(expected.length ? sumOf(expected) : '0.00');
  }
  const csv = await t.app.inject({ method: 'GET', url: `/api/documents/export?format=csv&${query}`, headers: { cookie: agent.cookie } });
  expect(csv.statusCode).toBe(200);
  const numbers = new Set(
    csv.body
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[2]),
  );
  expect(numbers.size).toBe(expected.length);
}

beforeAll(async () => {
  t = await startTestApp('api_documents_drill');
  owner = createPrismaClient(t.ownerUrl, { poolMax: 2 });
  [distA, distB, principal] = [await register(t.app, 'DISTRIBUTOR'), await register(t.app, 'DISTRIBUTOR'), await register(t.app, 'PRINCIPAL')];
  const intA = await external(distA.agent);
  const intB = await external(distB.agent);
  docsA.push(
    ...(await store(distA.orgId, intA, [
      { type: 'SALES_INVOICE', date: '2024-03-02', party: 'C1', salesman: 'S1', total: '100.00', products: ['P1', 'P2'] },
      { type: 'SALES_INVOICE', date: '2024-03-09', party: 'C2', salesman: 'S2', total: '250.50', products: ['P2'] },
      { type: 'SALES_RETURN', date: '2024-03-15', party: 'C1', salesman: 'S1', total: '30.00', products: ['P1'] },
      { type: 'SALES_ORDER', date: '2024-03-16', party: 'C1', salesman: 'S1', total: '75.00', products: ['P1'] },
      { type: 'PURCHASE_INVOICE', date: '2024-04-01', party: 'SUP1', salesman: null, total: '900.00', products: ['P1', 'P3'] },
      { type: 'SALES_INVOICE', date: '2024-04-03', party: 'C3', salesman: 'S2', total: '42.25', products: ['P3'] },
      // A customer code only distributor B names in Bandung: a city is the distributor's own customer's.
      { type: 'SALES_INVOICE', date: '2024-04-05', party: 'C4', salesman: 'S1', total: '12.00', products: ['P1'] },
    ])),
  );
  docsB.push(
    ...(await store(distB.orgId, intB, [
      { type: 'SALES_INVOICE', date: '2024-03-05', party: 'C1', salesman: 'S1', total: '555.00', products: ['P1'] },
      { type: 'SALES_RETURN', date: '2024-03-06', party: 'C4', salesman: 'S1', total: '5.00', products: ['P1'] },
    ])),
  );
  await customer(distA.orgId, intA, 'C1', 'Bandung');
  await customer(distA.orgId, intA, 'C2', 'BANDUNG');
  await customer(distA.orgId, intA, 'C3', 'Jakarta');
  await customer(distB.orgId, intB, 'C1', 'Bandung');
  await customer(distB.orgId, intB, 'C4', 'Bandung');

  skuX = await sku(principal.orgId, 'NB-X');
  skuY = await sku(principal.orgId, 'NB-Y');
  await mapping(principal.orgId, distA.orgId, 'P1', skuX);
  await mapping(principal.orgId, distA.orgId, 'P2', skuY);
  // A mapping of a distributor the principal is not connected to (e.g. made before a revoke): its documents stay out of sight.
  await mapping(principal.orgId, distB.orgId, 'P1', skuX);

  const invite = await principal.agent.request('POST', '/api/connections/invites');
  expect(invite.status).toBe(201);
  const token = new URL(invite.body.url).pathname.split('/').pop()!;
  expect((await distA.agent.request('POST', `/api/invites/${token}/accept`, {})).status).toBe(200);
});

afterAll(async () => {
  await owner?.$disconnect();
  await t?.close();
});

const sellOut = (d: Doc) => d.type === 'SALES_INVOICE' || d.type === 'SALES_RETURN';

describe('GET /api/documents drill-down filters', () => {
  it('takes several types at once', async () => {
    await expectEverywhere(distA.agent, 'types=SALES_INVOICE,SALES_RETURN', docsA.filter(sellOut));
    await expectEverywhere(
      distA.agent,
      'types=PURCHASE_INVOICE',
      docsA.filter((d) => d.type === 'PURCHASE_INVOICE'),
    );
    await expectEverywhere(
      distA.agent,
      'types=SALES_INVOICE,SALES_RETURN&from=2024-03-01&to=2024-03-31',
      docsA.filter((d) => sellOut(d) && d.date <= '2024-03-31'),
    );
  });

  it('takes a salesman code', async () => {
    await expectEverywhere(
      distA.agent,
      'salesman=S2',
      docsA.filter((d) => d.salesman === 'S2'),
    );
    await expectEverywhere(
      distA.agent,
      'salesman=S1&types=SALES_INVOICE,SALES_RETURN',
      docsA.filter((d) => d.salesman === 'S1' && sellOut(d)),
    );
  });

  it("takes a city, any case, through the distributor's own customers", async () => {
    const bandung = docsA.filter((d) => d.party === 'C1' || d.party === 'C2');
    await expectEverywhere(distA.agent, 'city=bandung', bandung);
    await expectEverywhere(
      distA.agent,
      'city=BANDUNG&types=SALES_INVOICE',
      bandung.filter((d) => d.type === 'SALES_INVOICE'),
    );
    await expectEverywhere(
      distA.agent,
      'city=Jakarta',
      docsA.filter((d) => d.party === 'C3'),
    );
    await expectEverywhere(distA.agent, 'city=Surabaya', []);
    // The principal reads the connected distributor's customers (a sales type is consented) and nobody else's.
    await expectEverywhere(principal.agent, 'city=Bandung', bandung);
  });

  it("takes a principal's SKU through its product mappings, never reaching an unconnected distributor", async () => {
    await expectEverywhere(
      principal.agent,
      `skuId=${skuX}`,
      docsA.filter((d) => d.products.includes('P1')),
    );
    await expectEverywhere(
      principal.agent,
      `skuId=${skuY}&types=SALES_INVOICE,SALES_RETURN`,
      docsA.filter((d) => d.products.includes('P2') && sellOut(d)),
    );
    await expectEverywhere(
      principal.agent,
      `skuId=${skuX}&city=bandung&salesman=S1&from=2024-03-01&to=2024-03-31`,
      docsA.filter((d) => d.products.includes('P1') && ['C1', 'C2'].includes(d.party) && d.salesman === 'S1' && d.date <= '2024-03-31'),
    );
    // Naming the unconnected distributor finds nothing, though a mapping of its product exists.
    await expectEverywhere(principal.agent, `skuId=${skuX}&distributorId=${distB.orgId}`, []);
    // A SKU the caller does not own (another principal's, or a distributor asking) matches nothing.
    await expectEverywhere(distA.agent, `skuId=${skuX}`, []);
    await expectEverywhere(principal.agent, `skuId=${crypto.randomUUID()}`, []);
    expect(docsB.length).toBeGreaterThan(0);
  });

  it('stops showing the SKU drill-down once the connection is revoked', async () => {
    const other = await register(t.app, 'PRINCIPAL');
    const otherSku = await sku(other.orgId, 'OT-1');
    await mapping(other.orgId, distA.orgId, 'P1', otherSku);
    const invite = await other.agent.request('POST', '/api/connections/invites');
    const token = new URL(invite.body.url).pathname.split('/').pop()!;
    expect((await distA.agent.request('POST', `/api/invites/${token}/accept`, {})).status).toBe(200);
    const withP1 = docsA.filter((d) => d.products.includes('P1'));
    await expectEverywhere(other.agent, `skuId=${otherSku}`, withP1);
    const connections = await other.agent.request('GET', '/api/connections');
    const connection = (connections.body.data as { id: string; kind: string; status: string }[]).find(
      (c) => c.kind === 'connection' && c.status === 'CONNECTED',
    )!;
    expect((await other.agent.request('POST', `/api/connections/${connection.id}/revoke`, {})).status).toBe(204);
    await expectEverywhere(other.agent, `skuId=${otherSku}`, []);
  });

  it('refuses an unknown type among several with 400', async () => {
    expect((await distA.agent.request('GET', '/api/documents?types=SALES_INVOICE,NOPE')).status).toBe(400);
    expect((await distA.agent.request('GET', '/api/documents?skuId=not-a-uuid')).status).toBe(400);
  });
});
