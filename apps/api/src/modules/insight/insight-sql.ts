import type { DocumentType, InsightFilters } from '@portal/contracts';
import { Prisma } from '@portal/db';

// SQL fragments the insight queries share (docs/product/master-data.md,
// "Insight (built)"). No rules here beyond how a filter reads as SQL: which
// source a figure reads is decided by the services.

/** Who reads and what they may read, with the filters as the caller gave them. */
export interface InsightScope {
  viewer: { id: string; kind: 'PRINCIPAL' | 'DISTRIBUTOR' };
  /** The distributors read: the caller itself, or a principal's connected ones (narrowed by `distributorId`). */
  orgIds: string[];
  /** The measure's document types and the sign each carries. */
  types: { type: DocumentType; sign: 1 | -1 }[];
  filters: InsightFilters;
  /** Sell-in of a principal's own goods only (lines of products mapped to its SKUs). */
  goodsOnly: boolean;
}

/**
 * Where figures come from: the kept sums, or the lines themselves when a
 * filter and a figure live in different sums (slower, documented).
 * `sku_months` are a principal's product sums already resolved to its SKUs
 * and base units, per distributor, and `principal_months` the same rolled up
 * over its distributors (migration `*_insight_skus`): what a principal's
 * product figures read unless they name a distributor's own product code
 * (`principal_months` unless they name or rank distributors).
 */
export type InsightSource = 'principal_months' | 'sku_months' | 'product_months' | 'customer_months' | 'salesman_months' | 'city_months' | 'days' | 'lines';
type LineSource = Exclude<InsightSource, 'principal_months' | 'sku_months'>;

/**
 * The sums are read through their `*_live` views (migration `*_insight_fold`):
 * the kept rows plus the lines appended since the last fold, so a figure is
 * exact the moment its documents are written.
 */
const TABLES: Record<LineSource, string> = {
  product_months: 'insight_product_months_live',
  customer_months: 'insight_customer_months_live',
  salesman_months: 'insight_salesman_months_live',
  city_months: 'insight_city_months_live',
  days: 'insight_days_live',
  lines: 'document_lines',
};

/**
 * A key whose lines all left stays in the sums at zero: skipped. (An appended
 * row may change an amount without changing the line count.)
 */
const LIVE = Prisma.sql`(x.lines <> 0 or x.amount <> 0)`;

/**
 * Each source's rows in one shape: day (the month's first day for month
 * sums), product, unit, party, salesman, city (only the city sums carry it:
 * the others' is their customer's, joined when asked), lines, quantity, amount.
 */
const COLUMNS: Record<LineSource, string> = {
  product_months: `x.month as day, x.product_code, x.unit, ''::text as party_code, ''::text as salesman_code, null::text as city, x.lines, x.quantity, x.amount`,
  customer_months: `x.month as day, null::text as product_code, null::text as unit, x.party_code, x.salesman_code, null::text as city, x.lines, 0::numeric as quantity, x.amount`,
  salesman_months: `x.month as day, null::text as product_code, null::text as unit, ''::text as party_code, x.salesman_code, null::text as city, x.lines, 0::numeric as quantity, x.amount`,
  city_months: `x.month as day, null::text as product_code, null::text as unit, ''::text as party_code, ''::text as salesman_code, x.city, x.lines, 0::numeric as quantity, x.amount`,
  days: `x.date as day, null::text as product_code, null::text as unit, ''::text as party_code, ''::text as salesman_code, null::text as city, x.lines, 0::numeric as quantity, x.amount`,
  lines: `x.date as day, x.product_code, upper(btrim(x.unit)) as unit, coalesce(x.party_code, '') as party_code, coalesce(x.salesman_code, '') as salesman_code, null::text as city, 1 as lines, x.quantity, x.amount`,
};

export const hasProducts = (source: InsightSource) => source === 'product_months' || source === 'lines';
export const hasParties = (source: InsightSource) => source === 'customer_months' || source === 'lines';

/**
 * The CTEs every query may use (Postgres skips the ones a query does not
 * name): `pm`, one product of master data per distributor and code, and `cm`,
 * one customer per distributor and code — the most recently changed when
 * several integrations send the same code. Row-level security leaves a
 * principal the connected distributors' granted ones.
 */
export function masterData(s: InsightScope): Prisma.Sql {
  return Prisma.sql`
    pm as (select distinct on (p.organization_id, p.code) p.organization_id, p.code, p.name, p.base_unit, p.conversions, p.brand, p.category
             from products p where p.organization_id = any(${s.orgIds}::uuid[])
            order by p.organization_id, p.code, p.source_updated_at desc, p.id),
    cm as (select distinct on (c.organization_id, c.code) c.organization_id, c.code, c.name, c.city
             from customers c where c.organization_id = any(${s.orgIds}::uuid[])
            order by c.organization_id, c.code, c.source_updated_at desc, c.id)`;
}

/**
 * One source's rows of the range that match the filters, with `sign` (+1/-1
 * per the measure's types). The leading columns of each sum's primary key
 * (organization, month or date, type) bound the scan; every other filter is
 * pushed down here as a set of (distributor, product code) or (distributor,
 * customer code), so the later joins only label what is left.
 */
export function facts(s: InsightScope, source: InsightSource, from: string, to: string, opts: { sumsOnly?: boolean } = {}): Prisma.Sql {
  if (source === 'sku_months') return skuFacts(s, from, to);
  if (source === 'principal_months') return principalFacts(s, from, to, opts.sumsOnly ?? false);
  const f = s.filters;
  const dayColumn = source === 'days' || source === 'lines' ? 'date' : 'month';
  const conditions: Prisma.Sql[] = [
    Prisma.sql`x.organization_id = any(${s.orgIds}::uuid[])`,
    Prisma.sql`x.type = any(${s.types.map((t) => t.type)}::"DocumentType"[])`,
    Prisma.sql`x.${Prisma.raw(dayColumn)} between ${from}::date and ${to}::date`,
  ];
  if (source !== 'lines') conditions.push(LIVE);
  if (f.currency) conditions.push(Prisma.sql`x.currency = ${f.currency}`);
  let products: Prisma.Sql | null = null;
  let probe = false;
  if (hasProducts(source)) {
    if (f.productCode) conditions.push(Prisma.sql`x.product_code = ${f.productCode}`);
    products = productSet(s);
    // A SKU, brand or category names a few products; a principal's own goods alone, nearly all of them.
    probe = products !== null && source === 'lines' && Boolean(f.skuId || f.brand || f.category);
    if (products && !probe) conditions.push(Prisma.sql`(x.organization_id, x.product_code) in (${products})`);
  }
  if (hasParties(source)) {
    if (f.customer) conditions.push(Prisma.sql`coalesce(x.party_code, '') = ${f.customer}`);
    if (f.salesman) conditions.push(Prisma.sql`coalesce(x.salesman_code, '') = ${f.salesman}`);
    if (f.city) conditions.push(Prisma.sql`(x.organization_id, x.party_code) in (select cm.organization_id, cm.code from cm where cm.city = ${f.city})`);
  }
  // The coarser sums answer only their own filter (`sourceFor` picks them only then).
  if (source === 'salesman_months' && f.salesman) conditions.push(Prisma.sql`x.salesman_code = ${f.salesman}`);
  if (source === 'city_months' && f.city) conditions.push(Prisma.sql`x.city = ${f.city}`);
  const where = Prisma.join(conditions, ' and ');
  // A few products' lines are read per (distributor, product code), each one range of the lines'
  // (organisation, product, date) index, read alone (migration `*_lines_product_date_index`). As a join
  // or `in (…)` the planner, pricing every probe at the policy check's start-up cost, scanned every
  // visible organisation's lines of the range instead (a principal's brand with outlets: 700 to 50 ms).
  // The lateral subquery (`offset 0` keeps it one) makes the probes the only plan. For a principal's
  // own goods (27,500 pairs at 5 million lines) probing cost as much as that scan, which stays.
  if (products && probe)
    return Prisma.sql`
    select x.organization_id, x.type, x.currency, ${sign(s)} as sign, ${Prisma.raw(COLUMNS[source])}
      from (${products}) as p(organization_id, product_code)
     cross join lateral (select x.* from document_lines x
                          where x.organization_id = p.organization_id and x.product_code = p.product_code and ${where} offset 0) x`;
  return Prisma.sql`
    select x.organization_id, x.type, x.currency, ${sign(s)} as sign, ${Prisma.raw(COLUMNS[source])}
      from ${Prisma.raw(TABLES[source])} x
     where ${where}`;
}

/** +1 or -1 by the row's type, as the measure says (sales invoices minus returns). */
const sign = (s: InsightScope) => Prisma.raw(`case x.type ${s.types.map((t) => `when '${t.type}' then ${t.sign}`).join(' ')} end`);

/** The SKU filters, on a SKU sums' alias `x`: a principal's own SKUs, so no mapping is needed. */
function skuConditions(s: InsightScope): Prisma.Sql[] {
  const f = s.filters;
  const conditions: Prisma.Sql[] = [];
  if (f.currency) conditions.push(Prisma.sql`x.currency = ${f.currency}`);
  if (f.skuId) conditions.push(Prisma.sql`x.sku_id = ${f.skuId}::uuid`);
  if (f.brand || f.category) {
    const sku = [Prisma.sql`sk.organization_id = ${s.viewer.id}::uuid`];
    if (f.brand) sku.push(Prisma.sql`sk.brand = ${f.brand}`);
    if (f.category) sku.push(Prisma.sql`sk.category = ${f.category}`);
    conditions.push(Prisma.sql`x.sku_id in (select sk.id from principal_skus sk where ${Prisma.join(sku, ' and ')})`);
  }
  if (s.goodsOnly) conditions.push(Prisma.sql`x.sku_id is not null`);
  return conditions;
}

/**
 * A principal's roll-up over all its connected distributors, in the shape of
 * `skuFacts` without the distributor: the folded rows, the deltas not yet
 * folded and the lines not yet folded, summed per key first (they may cancel
 * out, and a key counted or listed must have lines). `sumsOnly`: the caller
 * only adds values and quantities up, which the rows give as they are, so the
 * per-key sum (a third of a 12-month trend's time) is skipped.
 */
function principalFacts(s: InsightScope, from: string, to: string, sumsOnly: boolean): Prisma.Sql {
  const conditions: Prisma.Sql[] = [
    Prisma.sql`x.organization_id = ${s.viewer.id}::uuid`,
    Prisma.sql`x.month between ${from}::date and ${to}::date`,
    Prisma.sql`x.type = any(${s.types.map((t) => t.type)}::"DocumentType"[])`,
    ...skuConditions(s),
  ];
  const where = Prisma.join(conditions, ' and ');
  if (sumsOnly)
    return Prisma.sql`
    select x.month as day, null::uuid as organization_id, x.type, x.currency, ${sign(s)} as sign,
           x.sku_id, x.lines, x.unconvertible_lines, x.quantity, x.amount
      from insight_principal_months_live x
     where ${where} and ${LIVE}`;
  return Prisma.sql`
    select x.month as day, null::uuid as organization_id, x.type, x.currency, ${sign(s)} as sign,
           x.sku_id, sum(x.lines) as lines, sum(x.unconvertible_lines) as unconvertible_lines, sum(x.quantity) as quantity, sum(x.amount) as amount
      from insight_principal_months_live x
     where ${where}
     group by x.month, x.type, x.currency, x.sku_id
    having sum(x.lines) <> 0 or sum(x.amount) <> 0`;
}

/**
 * A principal's SKU sums of the range that match the filters: day (the
 * month), organization_id (the distributor), type, currency, sign, sku_id
 * (NULL: unmapped), lines, unconvertible_lines, quantity (base units) and
 * amount. The SKU filters name its own SKUs, so they need no mapping here.
 */
function skuFacts(s: InsightScope, from: string, to: string): Prisma.Sql {
  const conditions: Prisma.Sql[] = [
    Prisma.sql`x.organization_id = ${s.viewer.id}::uuid`,
    Prisma.sql`x.month between ${from}::date and ${to}::date`,
    Prisma.sql`x.type = any(${s.types.map((t) => t.type)}::"DocumentType"[])`,
    Prisma.sql`x.distributor_id = any(${s.orgIds}::uuid[])`,
    LIVE,
    ...skuConditions(s),
  ];
  return Prisma.sql`
    select x.month as day, x.distributor_id as organization_id, x.type, x.currency, ${sign(s)} as sign,
           x.sku_id, x.lines, x.unconvertible_lines, x.quantity, x.amount
      from insight_sku_months_live x
     where ${Prisma.join(conditions, ' and ')}`;
}

/**
 * The invoice types whose active outlets the fold keeps per range of months
 * (migration `*_insight_outlet_ranges` names the same two): the positive
 * types of the measures (`INSIGHT_MEASURE_TYPES`), the only ones that make an
 * outlet active.
 */
export const OUTLET_RANGE_TYPES: readonly DocumentType[] = ['SALES_INVOICE', 'PURCHASE_INVOICE'];

/** A filter on a principal's SKUs (one, a brand, a category, its own goods): only the SKU sums or its mappings answer it. */
export const filtersSkus = (s: InsightScope) => Boolean(s.filters.skuId || s.filters.brand || s.filters.category || s.goodsOnly);

/** The (distributor, product code) pairs the product filters allow; null when none is set. */
function productSet(s: InsightScope): Prisma.Sql | null {
  const f = s.filters;
  if (s.viewer.kind === 'PRINCIPAL') {
    if (!filtersSkus(s)) return null;
    const conditions = [Prisma.sql`m.organization_id = ${s.viewer.id}::uuid`];
    if (f.skuId) conditions.push(Prisma.sql`m.sku_id = ${f.skuId}::uuid`);
    if (f.brand) conditions.push(Prisma.sql`sk.brand = ${f.brand}`);
    if (f.category) conditions.push(Prisma.sql`sk.category = ${f.category}`);
    return Prisma.sql`select m.distributor_id, m.product_code from product_mappings m join principal_skus sk on sk.id = m.sku_id
                       where ${Prisma.join(conditions, ' and ')}`;
  }
  if (!f.brand && !f.category) return null;
  const conditions: Prisma.Sql[] = [];
  if (f.brand) conditions.push(Prisma.sql`pm.brand = ${f.brand}`);
  if (f.category) conditions.push(Prisma.sql`pm.category = ${f.category}`);
  return Prisma.sql`select pm.organization_id, pm.code from pm where ${Prisma.join(conditions, ' and ')}`;
}

/**
 * `ru`: what each (distributor, product code, unit) of the rows `rows` means,
 * resolved once: `mapped` (a principal's mapping to one of
 * its SKUs; always true for a distributor), `factor` (base units per unit, NULL
 * when not convertible: never counted as 1), the SKU's id and label, brand,
 * category, the product's name, and `sold_key` (what "SKUs sold" counts).
 * Mappings and conversions are read now, so a change shows at once.
 * Materialized: inlined, Postgres evaluates the unit conversion once per use
 * of `r.factor` in every row (a distributor's month summary, one user alone:
 * 33 ms, nearly all of it that). Rows join it with `RESOLVED`.
 */
export function resolvedCodes(s: InsightScope, rows: string): Prisma.Sql {
  return Prisma.sql`ru as materialized (select k.organization_id, k.product_code, k.unit, r.*
                   from (select distinct organization_id, product_code, unit from ${Prisma.raw(rows)}) k ${resolution(s)})`;
}

/** Joins rows `k` (organization_id, product_code, unit) to their resolution `ru`, as `r`. */
export const RESOLVED = Prisma.sql`join ru r on r.organization_id = k.organization_id and r.product_code = k.product_code and r.unit = k.unit`;

/** The lateral `r` of `resolvedCodes` for the distinct codes `k`. */
function resolution(s: InsightScope): Prisma.Sql {
  if (s.viewer.kind === 'PRINCIPAL') {
    // What a code means to a principal has one home, the SQL function its SKU sums are kept with.
    return Prisma.sql`
      cross join lateral insight_sku_of(${s.viewer.id}::uuid, k.organization_id, k.product_code, k.unit) o
      left join principal_skus sk on sk.id = o.sku_id
      left join pm on pm.organization_id = k.organization_id and pm.code = k.product_code
      cross join lateral (
        select sk.id is not null as mapped, o.factor as factor,
               sk.id::text as sku_key, sk.code || ' - ' || sk.name as sku_label, sk.brand, sk.category, pm.name as product_name,
               sk.id::text as sold_key) r`;
  }
  return Prisma.sql`
    left join pm on pm.organization_id = k.organization_id and pm.code = k.product_code
    cross join lateral (
      select true as mapped, unit_factor(pm.conversions, pm.base_unit, k.unit) as factor,
             null::text as sku_key, null::text as sku_label, pm.brand, pm.category, pm.name as product_name,
             k.product_code as sold_key) r`;
}

/** Base-unit quantity of resolved rows: convertible, mapped lines only. */
export const convertedQuantity = (where = Prisma.sql`true`) =>
  Prisma.sql`coalesce(sum(k.quantity * r.factor) filter (where r.mapped and r.factor is not null and ${where}), 0)`;
