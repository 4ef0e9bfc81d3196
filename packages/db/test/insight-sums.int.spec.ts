import { randomUUID } from 'node:crypto';
import type { CanonicalDocument } from '@portal/contracts';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TenantDb, writeCustomers, writeDocuments } from '../src';
import { type DbFixture, openDbFixture } from './db-fixture';

// The insight sums (migration `*_insight`) follow every write of lines: new
// documents, a changed document (new date, customer, currency and lines),
// raw inserts that leave the header fields out, and deletes. After each step
// every grain as readers see it (the `*_live` views: the sums plus the lines
// appended since the last fold, migration `*_insight_fold`) equals the same
// sums computed over the lines, and so do the sums alone once folded. The
// city sums (migration `*_insight_salesman_city`) also follow the customers:
// a new customer, a city changed, a newer record of the same code.
let fx: DbFixture;
let owner: pg.Client;
let tenants: TenantDb;
const org = randomUUID();
const integration = randomUUID();

const doc = (sourceId: string, version: string, date: string, party: string, currency: string, lines: [string, string, string][]): CanonicalDocument => ({
  sourceId,
  sourceUpdatedAt: version,
  number: `NO-${sourceId}`,
  date,
  partyCode: party,
  partyName: null,
  salesmanCode: 'S1',
  currency,
  subtotal: '0',
  discount: '0.00',
  tax: '0.00',
  total: '0',
  status: null,
  lines: lines.map(([productCode, unit, amount], i) => ({
    lineNo: i + 1,
    productCode,
    productName: null,
    quantity: '2.0000',
    unit,
    quantityBase: '2.0000',
    unitPrice: amount,
    discount: '0.00',
    tax: '0.00',
    amount,
  })),
});

const write = (type: 'SALES_INVOICE' | 'SALES_RETURN', docs: CanonicalDocument[]) =>
  tenants.runAsOrg(org, (tx) => writeDocuments(tx, { organizationId: org, integrationId: integration, type, templateVersion: 1 }, docs));

/** Each grain as text rows, from the sums (`_live`: with what is not folded yet) and from the lines, for a deep comparison. */
async function grains(suffix: '' | '_live') {
  const q = async (sql: string) => (await owner.query<Record<string, string>>(sql)).rows.map((r) => Object.values(r).join('|')).sort();
  return {
    product: {
      kept: await q(
        `select month::text, type, currency, product_code, unit, sum(lines)::text as n, sum(quantity)::text as q, sum(amount)::text as a
           from insight_product_months${suffix} group by 1, 2, 3, 4, 5 having sum(lines) <> 0`,
      ),
      lines:
        await q(`select date_trunc('month', date)::date::text, type, currency, product_code, upper(unit), count(*)::text as n, sum(quantity)::numeric(22,4)::text as q, sum(amount)::numeric(20,2)::text as a
                        from document_lines group by 1, 2, 3, 4, 5`),
    },
    customer: {
      kept: await q(
        `select month::text, type, currency, party_code, salesman_code, sum(lines)::text as n, sum(amount)::text as a
           from insight_customer_months${suffix} group by 1, 2, 3, 4, 5 having sum(lines) <> 0`,
      ),
      lines:
        await q(`select date_trunc('month', date)::date::text, type, currency, coalesce(party_code, '') as p, coalesce(salesman_code, '') as s, count(*)::text as n, sum(amount)::numeric(20,2)::text as a
                        from document_lines group by 1, 2, 3, 4, 5`),
    },
    day: {
      kept: await q(
        `select date::text, type, currency, sum(lines)::text as n, sum(amount)::text as a from insight_days${suffix} group by 1, 2, 3 having sum(lines) <> 0`,
      ),
      lines: await q(`select date::text, type, currency, count(*)::text as n, sum(amount)::numeric(20,2)::text from document_lines group by 1, 2, 3`),
    },
    salesman: {
      kept: await q(
        `select month::text, type, currency, salesman_code, sum(lines)::text as n, sum(amount)::text as a
           from insight_salesman_months${suffix} group by 1, 2, 3, 4 having sum(lines) <> 0`,
      ),
      lines:
        await q(`select date_trunc('month', date)::date::text, type, currency, coalesce(salesman_code, ''), count(*)::text as n, sum(amount)::numeric(20,2)::text as a
                        from document_lines group by 1, 2, 3, 4`),
    },
    // A line's city: its customer code's newest record's, '' without one.
    city: {
      kept: await q(
        `select month::text, type, currency, city, sum(lines)::text as n, sum(amount)::text as a
           from insight_city_months${suffix} group by 1, 2, 3, 4 having sum(lines) <> 0`,
      ),
      lines:
        await q(`select date_trunc('month', l.date)::date::text, l.type, l.currency, coalesce(c.city, ''), count(*)::text as n, sum(l.amount)::numeric(20,2)::text as a
                        from document_lines l
                        left join lateral (select c.city from customers c where c.organization_id = l.organization_id and c.code = l.party_code
                                            order by c.source_updated_at desc, c.id limit 1) c on true
                       group by 1, 2, 3, 4`),
    },
  };
}

const GRAINS = ['product', 'customer', 'day', 'salesman', 'city'] as const;

/** Exact before the fold (what readers read) and after it (the sums alone, nothing left appended). */
async function expectSumsMatchLines() {
  const g = await grains('_live');
  for (const grain of GRAINS) expect(g[grain].kept, grain).toEqual(g[grain].lines);
  await owner.query(`select insight_fold()`);
  expect((await owner.query(`select 1 from insight_line_deltas union all select 1 from insight_city_stale`)).rows).toEqual([]);
  const folded = await grains('');
  for (const grain of GRAINS) expect(folded[grain].kept, grain).toEqual(g[grain].lines);
  await expectOutletRangesMatchLines();
  return g;
}

/**
 * Active outlets of every range of months around the lines' (read as the API
 * reads the kept ranges) against the customers with an invoice line in it.
 */
async function expectOutletRangesMatchLines() {
  expect((await owner.query(`select 1 from insight_outlet_keys where stale`)).rows).toEqual([]);
  const wrong = await owner.query(`
    with m as (select generate_series(date_trunc('month', min(date)) - interval '2 months', date_trunc('month', max(date)) + interval '1 month',
                                      interval '1 month')::date as m from document_lines),
    rng as (select a.m as a, (b.m + interval '1 month' - interval '1 day')::date as b from m a join m b on b.m >= a.m),
    k as (select organization_id, type, integration_id, currency from insight_outlet_keys
          union select organization_id, type, integration_id, currency from document_lines where type in ('SALES_INVOICE', 'PURCHASE_INVOICE')),
    kept as (select k.*, rng.a, rng.b,
                    coalesce((select o.outlets from insight_outlet_ranges o join insight_outlet_keys x using (organization_id, type, integration_id, currency)
                               where o.organization_id = k.organization_id and o.type = k.type and o.integration_id = k.integration_id
                                 and o.currency = k.currency and o.range_start = greatest(rng.a, x.first_month) and o.month <= rng.b
                               order by o.month desc limit 1), 0) as n
               from k cross join rng),
    counted as (select k.*, rng.a, rng.b,
                       (select count(distinct l.party_code) from document_lines l
                         where l.organization_id = k.organization_id and l.type = k.type and l.integration_id = k.integration_id
                           and l.currency = k.currency and coalesce(l.party_code, '') <> '' and l.date between rng.a and rng.b) as n
                  from k cross join rng)
    select kept.type, kept.currency, kept.a::text, kept.b::text, kept.n as kept, counted.n as counted
      from kept join counted using (organization_id, type, integration_id, currency, a, b) where kept.n <> counted.n`);
  expect(wrong.rows).toEqual([]);
}

beforeAll(async () => {
  fx = await openDbFixture('db_insight_sums', { distributors: [[org, integration]] });
  ({ owner, tenants } = fx);
}, 60_000);

afterAll(() => fx?.close());

describe('insight sums', () => {
  it('follow new documents, a changed document, header-less inserts and deletes', async () => {
    await write('SALES_INVOICE', [
      doc('A', '2026-01-01T00:00:00Z', '2026-01-15', 'C1', 'IDR', [
        ['P1', 'pcs', '100.00'],
        ['P2', 'DUS', '250.50'],
      ]),
      doc('B', '2026-01-01T00:00:00Z', '2026-02-03', 'C2', 'IDR', [['P1', 'PCS', '40.00']]),
    ]);
    await write('SALES_RETURN', [doc('R', '2026-01-01T00:00:00Z', '2026-02-04', 'C2', 'IDR', [['P1', 'PCS', '10.00']])]);
    const first = await expectSumsMatchLines();
    expect(first.product.kept).toContain('2026-01-01|SALES_INVOICE|IDR|P1|PCS|1|2.0000|100.00');

    // A new version moves A to March, another customer and currency, with other lines:
    // its old sums must leave January, not March.
    await write('SALES_INVOICE', [doc('A', '2026-01-02T00:00:00Z', '2026-03-01', 'C9', 'USD', [['P3', 'KRT', '7.25']])]);
    const moved = await expectSumsMatchLines();
    expect(moved.product.kept.some((r) => r.startsWith('2026-01-01|'))).toBe(false);
    expect(moved.customer.kept).toContain('2026-03-01|SALES_INVOICE|USD|C9|S1|1|7.25');

    // A path that inserts lines without the header fields gets them from the header.
    const { rows } = await owner.query<{ id: string }>(`select id from documents where source_id = 'B'`);
    await owner.query(
      `insert into document_lines (document_id, line_no, organization_id, type, integration_id, product_code, quantity, unit, quantity_base, unit_price, discount, tax, amount)
       values ($1, 9, $2, 'SALES_INVOICE', $3, 'P4', 1, 'PCS', 1, 5, 0, 0, 5)`,
      [rows[0]!.id, org, integration],
    );
    const raw = await expectSumsMatchLines();
    expect(raw.day.kept).toContain('2026-02-03|SALES_INVOICE|IDR|2|45.00');

    // Deleting documents (as an integration's deletion cascades) takes their lines out of every grain.
    await owner.query(`delete from documents where source_id in ('B', 'R')`);
    const left = await expectSumsMatchLines();
    expect(left.day.kept).toEqual(['2026-03-01|SALES_INVOICE|USD|1|7.25']);
  });

  it('by city follow the customers: a new one, a city changed, a newer record of the same code', async () => {
    const customer = (sourceId: string, code: string, city: string | null, version: string) => ({
      sourceId,
      sourceUpdatedAt: version,
      code,
      name: `Toko ${code}`,
      address: null,
      city,
      salesmanCode: null,
      outletType: null,
    });
    const customers = (list: ReturnType<typeof customer>[]) =>
      tenants.runAsOrg(org, (tx) => writeCustomers(tx, { organizationId: org, integrationId: integration }, list));
    await write('SALES_INVOICE', [
      doc('K1', '2026-01-01T00:00:00Z', '2026-04-02', 'K1', 'IDR', [['P1', 'PCS', '30.00']]),
      doc('K2', '2026-01-01T00:00:00Z', '2026-04-03', 'K2', 'IDR', [['P1', 'PCS', '12.00']]),
    ]);
    const before = await expectSumsMatchLines();
    expect(before.city.kept).toContain('2026-04-01|SALES_INVOICE|IDR||2|42.00');

    // Lines already folded move to the customers' cities: read at once (computed as read), kept after the fold.
    await customers([customer('k1', 'K1', 'Bandung', '2026-01-01T00:00:00Z'), customer('k2', 'K2', 'Medan', '2026-01-01T00:00:00Z')]);
    const known = await expectSumsMatchLines();
    expect(known.city.kept).toContain('2026-04-01|SALES_INVOICE|IDR|Bandung|1|30.00');

    // The city changed; a newer record of K2 (another source id) says another city.
    await customers([customer('k1', 'K1', 'Surabaya', '2026-02-01T00:00:00Z'), customer('k2-new', 'K2', 'Bandung', '2026-03-01T00:00:00Z')]);
    const changed = await expectSumsMatchLines();
    expect(changed.city.kept).toContain('2026-04-01|SALES_INVOICE|IDR|Bandung|1|12.00');
    expect(changed.city.kept).toContain('2026-04-01|SALES_INVOICE|IDR|Surabaya|1|30.00');

    // A customer written again unchanged marks nothing for the fold.
    await customers([customer('k1', 'K1', 'Surabaya', '2026-02-01T00:00:00Z')]);
    expect((await owner.query(`select 1 from insight_city_stale`)).rows).toEqual([]);
  });

  it('cannot be written by the application role', async () => {
    await expect(
      tenants.runAsOrg(org, (tx) =>
        tx.$executeRawUnsafe(
          `insert into insight_days (organization_id, date, type, integration_id, currency, lines, amount) values ('${org}', '2026-01-01', 'SALES_INVOICE', '${integration}', 'IDR', 1, 1)`,
        ),
      ),
    ).rejects.toThrow();
    // Nor append a line delta for the fold to count.
    await expect(
      tenants.runAsOrg(org, (tx) =>
        tx.$executeRawUnsafe(
          `insert into insight_line_deltas (organization_id, date, type, integration_id, currency, product_code, unit, party_code, salesman_code, lines, quantity, amount)
           values ('${org}', '2026-01-01', 'SALES_INVOICE', '${integration}', 'IDR', 'P1', 'PCS', '', '', 1, 1, 1)`,
        ),
      ),
    ).rejects.toThrow();
  });
});
