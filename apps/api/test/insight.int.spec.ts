import type { InsightDimension } from '@portal/contracts';
import { appDatabaseUrl, createPrismaClient, type PrismaClient, TenantDb } from '@portal/db';
import { type Party, prng } from '@portal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceLines, refSummary, refTop, refTrend, type Viewer } from './insight-reference';
import { randomWorld, type World } from './insight-world';
import { startTestApp, type TestApp } from './test-app';

// Insight figures (issue 13 Deliver 5-7), property-style: for several seeds a
// random world of documents, products, SKUs, mappings and customers; random
// filters and dimensions; every answer of the API equals the brute-force
// computation over the lines (insight-reference.ts), by a principal over two
// connected distributors (one consenting only some types; a third never
// connected) and by a distributor over its own data.

let t: TestApp;
let owner: PrismaClient;
let app: PrismaClient;
let db: TenantDb;

beforeAll(async () => {
  t = await startTestApp('api_insight');
  owner = createPrismaClient(t.ownerUrl, { poolMax: 2 });
  app = createPrismaClient(appDatabaseUrl(t.ownerUrl), { poolMax: 2 });
  db = new TenantDb(app);
}, 60_000);

afterAll(async () => {
  await owner?.$disconnect();
  await app?.$disconnect();
  await t?.close();
});

const SEEDS = [11, 23, 37, 41, 59];
const DIMENSIONS: InsightDimension[] = ['sku', 'product', 'brand', 'category', 'distributor', 'city', 'customer', 'salesman'];
const QUERIES_PER_SEED = 14;

const qs = (q: Record<string, unknown>) =>
  new URLSearchParams(Object.entries(q).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]]))).toString();

async function get(who: Party, path: string, q: Record<string, unknown>) {
  const res = await who.agent.request('GET', `${path}?${qs(q)}`);
  expect(res.status, `${path}?${qs(q)} → ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

function randomQuery(rand: () => number, w: World, viewer: Viewer) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number) => rand() < p;
  const principal = viewer.kind === 'PRINCIPAL';
  const day = (offset: number) => new Date(Date.UTC(2025, 9, 1) + offset * 86_400_000).toISOString().slice(0, 10);
  const start = Math.floor(rand() * 480);
  const granularity = pick(['day', 'week', 'month'] as const);
  const span = { day: 92, week: 200, month: 480 }[granularity];
  const filters: Record<string, string | undefined> = {
    measure: pick(['sell_out', 'sell_in']),
    from: day(start),
    to: day(start + Math.floor(rand() * span)),
    distributorId: chance(0.2) ? pick([w.d1.orgId, w.d2.orgId, w.d3.orgId]) : undefined,
    skuId: principal && chance(0.15) ? pick(w.skus).id : undefined,
    productCode: chance(0.12) ? pick(w.productCodes) : undefined,
    brand: chance(0.12) ? pick(w.brands) : undefined,
    category: chance(0.1) ? pick(w.categories) : undefined,
    city: chance(0.15) ? pick(w.cities) : undefined,
    customer: chance(0.1) ? pick(w.customers) : undefined,
    salesman: chance(0.12) ? pick(w.salesmen) : undefined,
    currency: chance(0.15) ? pick(['IDR', 'USD']) : undefined,
    principalGoodsOnly: chance(0.3) ? 'true' : undefined,
  };
  const dimensions = principal ? DIMENSIONS : DIMENSIONS.filter((d) => d !== 'sku');
  return { filters, granularity, by: pick(dimensions), limit: 1 + Math.floor(rand() * 8) };
}

/** The contract's parsed filters from the query strings (defaults as the API applies them). */
function parsed(f: Record<string, string | undefined>) {
  return {
    ...(Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as Record<string, string>),
    measure: (f.measure ?? 'sell_out') as 'sell_out' | 'sell_in',
    from: f.from!,
    to: f.to!,
    principalGoodsOnly: f.principalGoodsOnly === 'true',
  };
}

describe.each(SEEDS)('seed %i: every figure equals the brute force over the lines', (seed) => {
  let w: World;
  beforeAll(async () => {
    w = await randomWorld(t, owner, db, seed);
    // Every other world is read folded into the sums (as the worker's fold leaves them), the others
    // while its lines are only appended (readers add what is not folded yet): both must be exact.
    if (SEEDS.indexOf(seed) % 2 === 1) await owner.$queryRawUnsafe('select insight_fold()');
  }, 120_000);

  for (const who of ['principal', 'distributor'] as const) {
    it(`as the ${who}: summary, trend and top for ${QUERIES_PER_SEED} random filter sets`, async () => {
      const viewer = who === 'principal' ? w.principalViewer : w.d1Viewer;
      const caller = who === 'principal' ? w.principal : w.d1;
      const lines = await referenceLines(owner, viewer);
      expect(lines.length).toBeGreaterThan(50);
      const rand = prng(seed * 7 + (who === 'principal' ? 1 : 2));
      let nonEmpty = 0;
      for (let i = 0; i < QUERIES_PER_SEED; i++) {
        const q = randomQuery(rand, w, viewer);
        const f = parsed(q.filters);
        const label = JSON.stringify(q);
        const summary = await get(caller, '/api/insight/summary', q.filters);
        expect(summary, `summary ${label}`).toEqual(refSummary(lines, viewer, f));
        if (summary.currencies.length) nonEmpty++;
        const trend = await get(caller, '/api/insight/trend', { ...q.filters, granularity: q.granularity });
        expect(trend, `trend ${label}`).toEqual(refTrend(lines, viewer, { ...f, granularity: q.granularity }));
        const top = await get(caller, '/api/insight/top', { ...q.filters, by: q.by, limit: q.limit });
        expect(top, `top ${label}`).toEqual(refTop(lines, viewer, { ...f, by: q.by, limit: q.limit }));
      }
      // The random filters must not all miss: the comparison would prove nothing.
      expect(nonEmpty).toBeGreaterThan(2);
    }, 120_000);
  }

  it('the unfiltered figures over the whole period, every dimension, match too (and the unconnected distributor is nowhere)', async () => {
    const viewer = w.principalViewer;
    const lines = await referenceLines(owner, viewer);
    const f = parsed({ measure: 'sell_out', from: '2025-11-01', to: '2026-12-31' });
    const summary = await get(w.principal, '/api/insight/summary', f);
    expect(summary).toEqual(refSummary(lines, viewer, f));
    expect(summary.currencies.length).toBeGreaterThan(0);
    expect(summary.currencies[0].unmappedLines + summary.currencies[0].unconvertibleLines).toBeGreaterThan(0);
    for (const by of DIMENSIONS) {
      const top = await get(w.principal, '/api/insight/top', { ...f, by, limit: 100 });
      expect(top, by).toEqual(refTop(lines, viewer, { ...f, by, limit: 100 }));
      if (by === 'distributor') expect(top.rows.map((r: { key: string }) => r.key)).not.toContain(w.d3.orgId);
    }
  }, 60_000);
});
