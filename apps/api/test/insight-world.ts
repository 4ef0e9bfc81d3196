import type { CanonicalDocument, DocumentType } from '@portal/contracts';
import { type PrismaClient, type TenantDb, writeCustomers, writeDocuments, writeProducts } from '@portal/db';
import { type Agent, type Party, prng, randomIp, register } from '@portal/testing';
import { expect } from 'vitest';
import type { TestApp } from './test-app';
import type { Viewer } from './insight-reference';

// Fixtures for the insight suites: organisations, connections and random data
// written through the same writers consolidation uses, so the sums' triggers run.

export const ALL_TYPES: DocumentType[] = ['SALES_ORDER', 'SALES_INVOICE', 'SALES_RETURN', 'PURCHASE_ORDER', 'PURCHASE_INVOICE'];

export async function externalIntegration(agent: Agent): Promise<string> {
  const res = await agent.request('POST', '/api/integrations', { kind: 'EXTERNAL' });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** The principal invites, the distributor accepts with these types (all when omitted); answers the connection's id. */
export async function connect(p: Party, d: Party, documentTypes?: DocumentType[]): Promise<string> {
  const invite = await p.agent.request('POST', '/api/connections/invites');
  expect(invite.status).toBe(201);
  const token = new URL(invite.body.url).pathname.split('/').pop()!;
  expect((await d.agent.request('POST', `/api/invites/${token}/accept`, documentTypes ? { documentTypes } : {})).status).toBe(200);
  const list = await p.agent.request('GET', '/api/connections');
  return list.body.data.find((c: { distributor?: { id: string }; status: string }) => c.status === 'CONNECTED' && c.distributor?.id === d.orgId)!.id;
}

export interface LineSpec {
  code: string;
  unit: string;
  quantity: string;
  amount: string;
}
export interface DocSpec {
  type: DocumentType;
  date: string;
  currency: string;
  party: string | null;
  salesman: string | null;
  lines: LineSpec[];
}

let docCounter = 0;
/** Writes documents as the distributor through the shared set-based writer (one call per type). */
export async function writeDocs(db: TenantDb, orgId: string, integrationId: string, docs: DocSpec[]): Promise<void> {
  const byType = new Map<DocumentType, CanonicalDocument[]>();
  for (const d of docs) {
    const n = ++docCounter;
    const canonical: CanonicalDocument = {
      sourceId: `doc-${n}`,
      sourceUpdatedAt: '2026-01-01T00:00:00.000Z',
      number: `NO-${n}`,
      date: d.date,
      partyCode: d.party,
      partyName: null,
      salesmanCode: d.salesman,
      currency: d.currency,
      subtotal: '0',
      discount: '0.00',
      tax: '0.00',
      total: '0',
      status: null,
      lines: d.lines.map((l, i) => ({
        lineNo: i + 1,
        productCode: l.code,
        productName: `Produk ${l.code}`,
        quantity: l.quantity,
        unit: l.unit,
        quantityBase: l.quantity,
        unitPrice: l.amount,
        discount: '0.00',
        tax: '0.00',
        amount: l.amount,
      })),
    };
    byType.set(d.type, [...(byType.get(d.type) ?? []), canonical]);
  }
  await db.runAsOrg(orgId, async (tx) => {
    for (const [type, list] of byType) await writeDocuments(tx, { organizationId: orgId, integrationId, type, templateVersion: 1 }, list);
  });
}

export async function insertSku(
  owner: PrismaClient,
  principalId: string,
  sku: { code: string; name: string; brand: string | null; category: string | null; baseUnit: string; conversions: { unit: string; factor: string }[] },
): Promise<string> {
  const [row] = await owner.$queryRawUnsafe<{ id: string }[]>(
    `insert into principal_skus (id, organization_id, code, name, brand, category, base_unit, conversions, updated_at)
     values (gen_random_uuid(), $1::uuid, $2, $3, $4, $5, $6, $7::jsonb, now()) returning id::text`,
    principalId,
    sku.code,
    sku.name,
    sku.brand,
    sku.category,
    sku.baseUnit,
    JSON.stringify(sku.conversions),
  );
  return row!.id;
}

export async function insertMapping(owner: PrismaClient, principalId: string, distributorId: string, productCode: string, skuId: string): Promise<void> {
  await owner.$executeRawUnsafe(
    `insert into product_mappings (id, organization_id, distributor_id, product_code, sku_id, method)
     values (gen_random_uuid(), $1::uuid, $2::uuid, $3, $4::uuid, 'MANUAL')
     on conflict (organization_id, distributor_id, product_code) do update set sku_id = excluded.sku_id, updated_at = now()`,
    principalId,
    distributorId,
    productCode,
    skuId,
  );
}

export interface World {
  principal: Party;
  /** d1: connected with every type; d2: connected with sales invoices and purchase invoices only; d3: not connected. */
  d1: Party;
  d2: Party;
  d3: Party;
  skus: { id: string; code: string }[];
  productCodes: string[];
  customers: string[];
  cities: string[];
  salesmen: string[];
  brands: string[];
  categories: string[];
  principalViewer: Viewer;
  d1Viewer: Viewer;
}

const PRODUCT_CODES = ['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08'];
const CUSTOMERS = ['C01', 'C02', 'C03', 'C04', 'C05', 'C06'];
const CITIES = ['Bandung', 'Jakarta', 'Surabaya'];
const SALESMEN = ['S1', 'S2', 'S3'];
const BRANDS = ['Alpha', 'Beta'];
const CATEGORIES = ['Mie', 'Minuman'];
const UNITS = ['PCS', 'DUS', 'KRT', 'PAK', 'BOX', 'pcs '];

/**
 * One random world per seed: a principal with SKUs (some units convertible,
 * some not), three distributors with products (some without master data,
 * some with conversions the SKU lacks), customers with cities (some codes
 * without master data), mappings (some products unmapped) and documents of
 * every type over fourteen months in two currencies.
 */
export async function randomWorld(t: TestApp, owner: PrismaClient, db: TenantDb, seed: number): Promise<World> {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number) => rand() < p;
  const principal = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
  const [d1, d2, d3] = [
    await register(t.app, 'DISTRIBUTOR', { ip: randomIp() }),
    await register(t.app, 'DISTRIBUTOR', { ip: randomIp() }),
    await register(t.app, 'DISTRIBUTOR', { ip: randomIp() }),
  ];
  await connect(principal, d1!);
  const d2Types: DocumentType[] = ['SALES_INVOICE', 'PURCHASE_INVOICE'];
  await connect(principal, d2!, d2Types);

  const skus: { id: string; code: string }[] = [];
  for (let i = 1; i <= 5; i++) {
    const conversions = [
      ...(chance(0.8) ? [{ unit: 'DUS', factor: '12' }] : []),
      ...(chance(0.6) ? [{ unit: 'KRT', factor: '48' }] : []),
      ...(chance(0.3) ? [{ unit: 'BTL', factor: '2' }] : []),
    ];
    const code = `SKU-${i}`;
    skus.push({
      code,
      id: await insertSku(owner, principal.orgId, {
        code,
        name: `Barang ${i}`,
        brand: chance(0.8) ? pick(BRANDS) : null,
        category: chance(0.8) ? pick(CATEGORIES) : null,
        baseUnit: 'PCS',
        conversions,
      }),
    });
  }

  for (const d of [d1!, d2!, d3!]) {
    const integration = await externalIntegration(d.agent);
    const products = PRODUCT_CODES.filter(() => chance(0.7)).map((code) => ({
      sourceId: code,
      sourceUpdatedAt: '2026-01-01T00:00:00.000Z',
      code,
      name: `Master ${code}`,
      baseUnit: chance(0.8) ? 'PCS' : 'BTL',
      conversions: [...(chance(0.7) ? [{ unit: 'PAK', factor: '6' }] : []), ...(chance(0.5) ? [{ unit: 'DUS', factor: '12' }] : [])],
      brand: chance(0.7) ? pick(BRANDS) : null,
      category: chance(0.7) ? pick(CATEGORIES) : null,
      barcode: null,
    }));
    const customers = CUSTOMERS.filter(() => chance(0.75)).map((code) => ({
      sourceId: code,
      sourceUpdatedAt: '2026-01-01T00:00:00.000Z',
      code,
      name: `Toko ${code}`,
      address: null,
      city: chance(0.85) ? pick(CITIES) : null,
      salesmanCode: null,
      outletType: null,
    }));
    await db.runAsOrg(d.orgId, async (tx) => {
      await writeProducts(tx, { organizationId: d.orgId, integrationId: integration }, products);
      await writeCustomers(tx, { organizationId: d.orgId, integrationId: integration }, customers);
    });
    for (const code of PRODUCT_CODES) if (chance(0.7)) await insertMapping(owner, principal.orgId, d.orgId, code, pick(skus).id);

    const docs: DocSpec[] = [];
    for (let i = 0; i < 45; i++) {
      const start = Date.UTC(2025, 10, 1);
      const date = new Date(start + Math.floor(rand() * 425) * 86_400_000).toISOString().slice(0, 10);
      docs.push({
        type: pick(['SALES_INVOICE', 'SALES_INVOICE', 'SALES_INVOICE', 'SALES_RETURN', 'PURCHASE_INVOICE', 'PURCHASE_INVOICE', 'SALES_ORDER'] as const),
        date,
        currency: chance(0.8) ? 'IDR' : 'USD',
        party: chance(0.9) ? pick([...CUSTOMERS, 'C99']) : null,
        salesman: chance(0.8) ? pick(SALESMEN) : null,
        lines: Array.from({ length: 1 + Math.floor(rand() * 4) }, () => ({
          code: pick([...PRODUCT_CODES, 'P99']),
          unit: pick(UNITS),
          quantity: chance(0.8) ? `${1 + Math.floor(rand() * 20)}.0000` : `${Math.floor(rand() * 10)}.${String(Math.floor(rand() * 10_000)).padStart(4, '0')}`,
          amount: `${Math.floor(rand() * 500_000)}.${String(Math.floor(rand() * 100)).padStart(2, '0')}`,
        })),
      });
    }
    await writeDocs(db, d.orgId, integration, docs);
  }

  const names = new Map([d1!, d2!, d3!].map((d) => [d.orgId, d.orgName]));
  return {
    principal,
    d1: d1!,
    d2: d2!,
    d3: d3!,
    skus,
    productCodes: [...PRODUCT_CODES, 'P99'],
    customers: [...CUSTOMERS, 'C99'],
    cities: CITIES,
    salesmen: SALESMEN,
    brands: BRANDS,
    categories: CATEGORIES,
    principalViewer: {
      id: principal.orgId,
      kind: 'PRINCIPAL',
      visible: new Map([
        [d1!.orgId, new Set(ALL_TYPES)],
        [d2!.orgId, new Set(d2Types)],
      ]),
      names,
    },
    d1Viewer: { id: d1!.orgId, kind: 'DISTRIBUTOR', visible: new Map([[d1!.orgId, new Set(ALL_TYPES)]]), names },
  };
}
