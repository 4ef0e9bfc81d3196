import type { CanonicalCustomer, CanonicalProduct, DocumentType, SearchItem } from '@portal/contracts';
import { appDatabaseUrl, createPrismaClient, type PrismaClient, TenantDb, writeCustomers, writeProducts } from '@portal/db';
import { type Agent, type Party, register } from '@portal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app';

// Search helps (issue 13): ranking, each kind, bounds and scope, through the real API and RLS.

let t: TestApp;
let owner: PrismaClient;
let app: PrismaClient;
let db: TenantDb;
let distA: Party;
let distB: Party;
let principal: Party;
let noSales: Party;
let revoked: Party;
let integrationA: string;

const customer = (code: string, name: string, city: string | null = null): CanonicalCustomer => ({
  sourceId: code,
  sourceUpdatedAt: '2026-01-01T00:00:00.000Z',
  code,
  name,
  address: null,
  city,
  salesmanCode: null,
  outletType: null,
});
const product = (code: string, name: string, brand: string | null): CanonicalProduct => ({
  sourceId: code,
  sourceUpdatedAt: '2026-01-01T00:00:00.000Z',
  code,
  name,
  baseUnit: 'PCS',
  conversions: [],
  brand,
  category: null,
  barcode: null,
});

async function external(agent: Agent): Promise<string> {
  const res = await agent.request('POST', '/api/integrations', { kind: 'EXTERNAL' });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** The principal invites, the distributor accepts with these types (all when omitted); answers the connection's id. */
async function connect(p: Party, d: Party, documentTypes?: DocumentType[]): Promise<string> {
  const invite = await p.agent.request('POST', '/api/connections/invites');
  expect(invite.status).toBe(201);
  const token = new URL(invite.body.url).pathname.split('/').pop()!;
  expect((await d.agent.request('POST', `/api/invites/${token}/accept`, documentTypes ? { documentTypes } : {})).status).toBe(200);
  const list = await p.agent.request('GET', '/api/connections');
  return list.body.data.find((c: { distributor?: { id: string }; status: string }) => c.status === 'CONNECTED')!.id;
}

async function purchase(orgId: string, integrationId: string, type: DocumentType, number: string, partyCode: string | null, partyName: string) {
  await owner.$executeRawUnsafe(
    `insert into documents (id, organization_id, integration_id, type, source_id, number, date, party_code, party_name, currency,
                            subtotal, discount, tax, total, status, source_updated_at, template_version, line_count)
     values (gen_random_uuid(), $1::uuid, $2::uuid, $3::"DocumentType", $4, $4, '2026-01-05', $5, $6, 'IDR', 100, 0, 0, 100, 'POSTED', now(), 1, 0)`,
    orgId,
    integrationId,
    type,
    number,
    partyCode,
    partyName,
  );
}

async function search(who: Party, kind: string, q: string, extra = ''): Promise<SearchItem[]> {
  const res = await who.agent.request('GET', `/api/search/${kind}?q=${encodeURIComponent(q)}${extra}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data;
}
const names = (items: SearchItem[]) => items.map((i) => i.name);

beforeAll(async () => {
  t = await startTestApp('api_search');
  owner = createPrismaClient(t.ownerUrl, { poolMax: 2 });
  app = createPrismaClient(appDatabaseUrl(t.ownerUrl), { poolMax: 2 });
  db = new TenantDb(app);
  [distA, distB, principal, noSales, revoked] = [
    await register(t.app, 'DISTRIBUTOR'),
    await register(t.app, 'DISTRIBUTOR'),
    await register(t.app, 'PRINCIPAL'),
    await register(t.app, 'PRINCIPAL'),
    await register(t.app, 'PRINCIPAL'),
  ];
  integrationA = await external(distA.agent);
  const integrationB = await external(distB.agent);

  // As the owning distributor, through the shared writers (RLS checks the rows are its own).
  await db.runAsOrg(distA.orgId, async (tx) => {
    await writeCustomers(tx, { organizationId: distA.orgId, integrationId: integrationA }, [
      customer('C-100', 'Toko Sinar Jaya', 'Bandung'),
      customer('C-1001', 'Warung Bu Sri', 'Surabaya'),
      customer('C-2000', 'C-100 Mart', 'Depok'), // a name starting with another's code: the code wins
      customer('C-3000', 'Minimarket Sejahtera', 'Jakarta'),
      customer('C-4000', 'Toko Sinar Baru', 'Bogor'),
      customer('SJ-01', 'Sinar Jaya Grosir', 'Bekasi'),
    ]);
    await writeProducts(tx, { organizationId: distA.orgId, integrationId: integrationA }, [
      product('IDM-GRG', 'Indomie Goreng 85g', 'Indomie'),
      product('IDM-SOTO', 'Indomie Soto 70g', 'Indomie'),
      product('AQ-600', 'Aqua 600ml', 'Aqua'),
    ]);
  });
  await db.runAsOrg(distB.orgId, async (tx) => {
    await writeCustomers(tx, { organizationId: distB.orgId, integrationId: integrationB }, [customer('B-1', 'Toko Sinar Rahasia', 'Medan')]);
    await writeProducts(tx, { organizationId: distB.orgId, integrationId: integrationB }, [product('B-IDM', 'Indomie Rahasia', 'Indomie')]);
  });
  await purchase(distA.orgId, integrationA, 'PURCHASE_INVOICE', 'PI-1', 'SUP-01', 'PT Indofood Sukses Makmur');
  await purchase(distA.orgId, integrationA, 'PURCHASE_ORDER', 'PO-1', 'SUP-01', 'PT Indofood Sukses Makmur');
  await purchase(distA.orgId, integrationA, 'PURCHASE_INVOICE', 'PI-2', 'SUP-02', 'PT Tirta Investama');
  await purchase(distA.orgId, integrationA, 'SALES_INVOICE', 'SI-1', 'C-100', 'Toko Sinar Jaya'); // a customer, not a supplier
  await purchase(distB.orgId, integrationB, 'PURCHASE_INVOICE', 'PI-B', 'SUP-B', 'PT Indofood Rahasia');

  await connect(principal, distA);
  await connect(noSales, distA, ['PURCHASE_INVOICE']);
  const revokedConnection = await connect(revoked, distA);
  expect(await search(revoked, 'customers', 'sinar')).not.toEqual([]);
  expect((await revoked.agent.request('POST', `/api/connections/${revokedConnection}/revoke`)).status).toBe(204);
});

afterAll(async () => {
  await owner?.$disconnect();
  await app?.$disconnect();
  await t?.close();
});

describe('ranking', () => {
  it('puts the exact code first, then code prefixes, then names starting with the text, then similar names', async () => {
    const found = await search(distA, 'customers', 'c-100');
    expect(found.map((c) => c.code)).toEqual(['C-100', 'C-1001', 'C-2000']);
    expect(found[0]).toEqual({ id: expect.any(String), code: 'C-100', name: 'Toko Sinar Jaya', detail: 'Bandung', distributorId: distA.orgId });
  });

  it('ranks a name prefix before a name that only contains the word, ties by name', async () => {
    expect(names(await search(distA, 'customers', 'sinar'))).toEqual(['Sinar Jaya Grosir', 'Toko Sinar Baru', 'Toko Sinar Jaya']);
    expect(names(await search(distA, 'customers', 'toko sinar'))).toEqual(['Toko Sinar Baru', 'Toko Sinar Jaya', 'Sinar Jaya Grosir']);
  });

  it('finds names through typos', async () => {
    expect(names(await search(distA, 'products', 'indomei'))).toEqual(['Indomie Goreng 85g', 'Indomie Soto 70g']);
    expect(names(await search(distA, 'products', 'indomie gorng'))[0]).toBe('Indomie Goreng 85g');
    expect(names(await search(distA, 'customers', 'sejahtra'))).toEqual(['Minimarket Sejahtera']);
    expect(await search(distA, 'customers', 'xqzv')).toEqual([]);
  });

  it('treats % and _ as themselves', async () => {
    expect(await search(distA, 'customers', '%')).toEqual([]);
    expect(await search(distA, 'customers', '_')).toEqual([]);
  });
});

describe('each kind', () => {
  it('products show the brand', async () => {
    expect((await search(distA, 'products', 'aqua'))[0]).toEqual({
      id: expect.any(String),
      code: 'AQ-600',
      name: 'Aqua 600ml',
      detail: 'Aqua',
      distributorId: distA.orgId,
    });
  });

  it('suppliers are the distinct parties of purchase documents, by code or name', async () => {
    expect(await search(distA, 'suppliers', 'indofod')).toEqual([{ code: 'SUP-01', name: 'PT Indofood Sukses Makmur' }]);
    expect(await search(distA, 'suppliers', 'sup-02')).toEqual([{ code: 'SUP-02', name: 'PT Tirta Investama' }]);
    expect(await search(distA, 'suppliers', 'sinar')).toEqual([]); // a sales document's party is a customer
  });

  it("a principal's distributors are its connected ones; a distributor finds none", async () => {
    // Both distributors' names start "PT DISTRIBUTOR …": only the connected one is found.
    expect(await search(principal, 'distributors', 'PT DISTRIBUTOR')).toEqual([{ id: distA.orgId, code: '', name: distA.orgName, distributorId: distA.orgId }]);
    expect((await search(principal, 'distributors', distB.orgName)).map((d) => d.id)).not.toContain(distB.orgId);
    expect(await search(distA, 'distributors', 'PT')).toEqual([]);
  });

  it("skus are the principal's own catalogue, for principals only", async () => {
    await db.runAsOrg(principal.orgId, (tx) =>
      tx.principalSku.createMany({
        data: [
          { organizationId: principal.orgId, code: 'SKU-IDM-GRG', name: 'Indomie Goreng', brand: 'Indomie', baseUnit: 'PCS' },
          { organizationId: principal.orgId, code: 'SKU-AQ', name: 'Aqua Botol', brand: 'Aqua', baseUnit: 'PCS' },
        ],
      }),
    );
    expect(await search(principal, 'skus', 'indomei')).toEqual([{ id: expect.any(String), code: 'SKU-IDM-GRG', name: 'Indomie Goreng', detail: 'Indomie' }]);
    expect(await search(noSales, 'skus', 'indomie')).toEqual([]); // another principal's catalogue
    const refused = await distA.agent.request('GET', '/api/search/skus?q=indomie');
    expect(refused.status).toBe(403);
  });
});

describe('input', () => {
  it('answers at most `limit` items (1–50, default 10)', async () => {
    expect(await search(distA, 'customers', 'c', '&limit=2')).toHaveLength(2);
    expect(await search(distA, 'customers', 'c')).toHaveLength(5);
    for (const bad of ['limit=0', 'limit=51', 'limit=abc']) {
      const res = await distA.agent.request('GET', `/api/search/customers?q=c&${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('refuses an unknown kind, an empty or blank q and an over-long q with 400', async () => {
    for (const url of [
      '/api/search/widgets?q=a',
      '/api/search/customers',
      '/api/search/customers?q=',
      '/api/search/customers?q=%20%20',
      `/api/search/customers?q=${'a'.repeat(101)}`,
    ]) {
      const res = await distA.agent.request('GET', url);
      expect(res.status, url).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await distA.agent.request('GET', '/api/docs-json')).body;
    expect(doc.paths['/api/search/{kind}'].get.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'kind', in: 'path' }), expect.objectContaining({ name: 'q', in: 'query' })]),
    );
    expect(doc.paths['/api/search/skus'].get).toBeDefined();
  });
});

describe('scope (row-level security)', () => {
  it("a connected principal finds the distributor's customers and products, with the distributor named", async () => {
    const found = await search(principal, 'customers', 'sinar');
    expect(names(found)).toEqual(['Sinar Jaya Grosir', 'Toko Sinar Baru', 'Toko Sinar Jaya']);
    expect(found[2]).toMatchObject({ detail: `Bandung · ${distA.orgName}`, distributorId: distA.orgId });
    expect(names(await search(principal, 'products', 'indomie'))).toEqual(['Indomie Goreng 85g', 'Indomie Soto 70g']);
    expect(names(await search(principal, 'suppliers', 'indofood'))).toEqual(['PT Indofood Sukses Makmur']);
  });

  it("never shows an unconnected distributor's rows", async () => {
    for (const who of [principal, distA]) {
      expect(names(await search(who, 'customers', 'rahasia'))).toEqual([]);
      expect(names(await search(who, 'products', 'rahasia'))).toEqual([]);
      expect(names(await search(who, 'suppliers', 'rahasia'))).toEqual([]);
    }
    expect(names(await search(distB, 'customers', 'sinar'))).toEqual(['Toko Sinar Rahasia']);
  });

  it('shows no customers when the consent has no sales type, but products and suppliers within it', async () => {
    expect(await search(noSales, 'customers', 'sinar')).toEqual([]);
    expect(names(await search(noSales, 'products', 'indomie'))).toEqual(['Indomie Goreng 85g', 'Indomie Soto 70g']);
    expect(names(await search(noSales, 'suppliers', 'indofood'))).toEqual(['PT Indofood Sukses Makmur']);
  });

  it('shows nothing after a revoke', async () => {
    for (const kind of ['customers', 'products', 'suppliers', 'distributors'])
      expect(await search(revoked, kind, kind === 'distributors' ? 'PT' : 'sinar')).toEqual([]);
  });
});
