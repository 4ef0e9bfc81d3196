import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, type Party, randomIp, register } from '@portal/testing';
import { startTestApp, type TestApp } from './test-app';

// The master-data read API and who sees what (docs/product/master-data.md): a distributor its
// own customers and products; a principal its connected distributors' as far as the connection
// grants (customers need a sales type, products any type; only the integrations it names).

let t: TestApp;
let distA: Party;
let distB: Party;
let extA1: { id: string; apiKey: string };
let extA2: { id: string; apiKey: string };
let extB: { id: string; apiKey: string };

async function connectExternal(agent: Agent, name: string) {
  const res = await agent.request('POST', '/api/integrations', { kind: 'EXTERNAL', name });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, apiKey: res.body.apiKey as string };
}

async function push(kind: 'customers' | 'products', apiKey: string, records: unknown[]) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/ingest/${kind}`,
    remoteAddress: '10.9.9.9',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    payload: JSON.stringify({ records }),
  });
  expect(res.json()).toMatchObject({ rejected: [] });
}

const customers = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ sourceId: `${prefix}${i}`, code: `${prefix}-${String(i).padStart(3, '0')}`, name: `Toko ${prefix} ${i}` }));
const products = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    sourceId: `${prefix}${i}`,
    code: `${prefix}-${String(i).padStart(3, '0')}`,
    name: `Produk ${prefix} ${i}`,
    baseUnit: 'PCS',
    conversions: [{ unit: 'KRT', factor: '48' }],
  }));

/** Every code a list answers, following its pages. */
async function codes(agent: Agent, kind: 'customers' | 'products', query = '') {
  const all: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await agent.request('GET', `/api/master-data/${kind}?limit=7${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    all.push(...res.body.data.map((r: { code: string }) => r.code));
    cursor = res.body.nextCursor;
  } while (cursor);
  return all;
}

/** A new principal connected to `d` with these types and integrations, and the connection's id. */
async function connectedPrincipal(d: Party, body: { documentTypes?: string[]; integrationIds?: string[] }) {
  const p = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
  const invite = await p.agent.request('POST', '/api/connections/invites');
  const token = new URL(invite.body.url).pathname.split('/').pop()!;
  const accepted = await d.agent.request('POST', `/api/invites/${token}/accept`, body);
  expect(accepted.status).toBe(200);
  return { principal: p, connectionId: accepted.body.id as string };
}

beforeAll(async () => {
  t = await startTestApp('api_md_read');
  [distA, distB] = [await register(t.app, 'DISTRIBUTOR'), await register(t.app, 'DISTRIBUTOR')];
  extA1 = await connectExternal(distA.agent, 'ERP Gudang');
  extA2 = await connectExternal(distA.agent, 'Excel Cabang');
  extB = await connectExternal(distB.agent, 'ERP B');
  await push('customers', extA1.apiKey, customers('A1', 12));
  await push('customers', extA2.apiKey, customers('A2', 3));
  await push('products', extA1.apiKey, products('A1', 4));
  await push('products', extA2.apiKey, products('A2', 2));
  await push('customers', extB.apiKey, customers('B', 5));
  await push('products', extB.apiKey, products('B', 5));
});

afterAll(async () => {
  await t?.close();
});

describe('GET /api/master-data/customers and /products (a distributor)', () => {
  it('pages its own rows by code, with the integration’s name, and never another distributor’s', async () => {
    const all = await codes(distA.agent, 'customers');
    expect(all).toHaveLength(15);
    expect(all).toEqual([...all].sort());
    expect(all.some((c) => c.startsWith('B-'))).toBe(false);
    const first = await distA.agent.request('GET', '/api/master-data/products?limit=1');
    expect(first.body.data[0]).toMatchObject({
      code: 'A1-000',
      integration: { id: extA1.id, name: 'ERP Gudang' },
      distributor: { id: distA.orgId, name: distA.orgName },
      baseUnit: 'PCS',
      conversions: [{ unit: 'KRT', factor: '48' }],
    });
    expect(await codes(distB.agent, 'products')).toEqual(['B-000', 'B-001', 'B-002', 'B-003', 'B-004']);
  });

  it('filters by integration and by code or name text; a distributorId of another organisation shows nothing', async () => {
    expect(await codes(distA.agent, 'customers', `&integrationId=${extA2.id}`)).toEqual(['A2-000', 'A2-001', 'A2-002']);
    expect(await codes(distA.agent, 'customers', '&q=a1-01')).toEqual(['A1-010', 'A1-011']);
    expect(await codes(distA.agent, 'customers', `&q=${encodeURIComponent('toko a2 1')}`)).toEqual(['A2-001']);
    expect(await codes(distA.agent, 'customers', `&integrationId=${extB.id}`)).toEqual([]);
    expect(await codes(distA.agent, 'customers', `&distributorId=${distB.orgId}`)).toEqual([]);
  });

  it('refuses a forged cursor with 400 INVALID_CURSOR', async () => {
    const res = await distA.agent.request('GET', '/api/master-data/customers?cursor=bm90LW91cnM');
    expect([res.status, res.body.error.code]).toEqual([400, 'INVALID_CURSOR']);
  });

  it('sums each integration’s customers and products', async () => {
    const res = await distA.agent.request('GET', '/api/master-data/summary');
    expect(res.status).toBe(200);
    expect(
      res.body.data.map((r: { integration: { name: string; kind: string }; customers: number; products: number }) => [
        r.integration.name,
        r.integration.kind,
        r.customers,
        r.products,
      ]),
    ).toEqual([
      ['ERP Gudang', 'EXTERNAL', 12, 4],
      ['Excel Cabang', 'EXTERNAL', 3, 2],
    ]);
    expect(res.body.data[0].lastUpdatedAt).toEqual(expect.any(String));
  });
});

describe('a principal’s scope', () => {
  it('connected for purchase types only: the distributor’s products, no customers', async () => {
    const { principal } = await connectedPrincipal(distA, { documentTypes: ['PURCHASE_INVOICE', 'PURCHASE_ORDER'] });
    expect(await codes(principal.agent, 'customers')).toEqual([]);
    const products = await codes(principal.agent, 'products');
    expect(products).toEqual(['A1-000', 'A1-001', 'A1-002', 'A1-003', 'A2-000', 'A2-001']);
    const row = (await principal.agent.request('GET', '/api/master-data/products?limit=1')).body.data[0];
    expect(row).toMatchObject({ distributor: { id: distA.orgId, name: distA.orgName }, integration: { name: 'ERP Gudang' } });
    const summary = await principal.agent.request('GET', '/api/master-data/summary');
    expect(
      summary.body.data.map((r: { distributor: { id: string }; customers: number; products: number }) => [r.distributor.id, r.customers, r.products]),
    ).toEqual([
      [distA.orgId, 0, 4],
      [distA.orgId, 0, 2],
    ]);
  });

  it('a connection naming one integration shows only that integration’s master data', async () => {
    const { principal } = await connectedPrincipal(distA, { documentTypes: ['SALES_INVOICE'], integrationIds: [extA2.id] });
    expect(await codes(principal.agent, 'customers')).toEqual(['A2-000', 'A2-001', 'A2-002']);
    expect(await codes(principal.agent, 'products')).toEqual(['A2-000', 'A2-001']);
    expect(await codes(principal.agent, 'customers', `&integrationId=${extA1.id}`)).toEqual([]);
    const summary = await principal.agent.request('GET', '/api/master-data/summary');
    expect(summary.body.data.map((r: { integration: { id: string } }) => r.integration.id)).toEqual([extA2.id]);
  });

  it('never sees an unconnected distributor’s rows, even when it names it, and nothing once revoked', async () => {
    const { principal, connectionId } = await connectedPrincipal(distA, { documentTypes: ['SALES_ORDER'] });
    expect(await codes(principal.agent, 'customers', `&distributorId=${distB.orgId}`)).toEqual([]);
    expect(await codes(principal.agent, 'products', `&integrationId=${extB.id}`)).toEqual([]);
    const all = await codes(principal.agent, 'customers');
    expect(all).toHaveLength(15);
    expect(all.some((c) => c.startsWith('B-'))).toBe(false);

    expect((await principal.agent.request('POST', `/api/connections/${connectionId}/revoke`)).status).toBe(204);
    expect(await codes(principal.agent, 'customers')).toEqual([]);
    expect(await codes(principal.agent, 'products')).toEqual([]);
    expect((await principal.agent.request('GET', '/api/master-data/summary')).body.data).toEqual([]);
  });

  it('an unconnected principal sees nothing at all', async () => {
    const loner = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
    expect(await codes(loner.agent, 'customers')).toEqual([]);
    expect(await codes(loner.agent, 'products')).toEqual([]);
    expect((await loner.agent.request('GET', '/api/master-data/summary')).body.data).toEqual([]);
  });
});
