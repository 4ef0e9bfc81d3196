import { Injectable } from '@nestjs/common';
import type { DocumentType, InsightDimension, InsightGranularity } from '@portal/contracts';
import { type OrgTx, Prisma } from '@portal/db';
import { convertedQuantity, facts, type InsightScope, type InsightSource, masterData, RESOLVED, resolvedCodes } from './insight-sql';

/** A range and the same number of months just before it (yyyy-MM-dd, inclusive). */
export interface InsightRanges {
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
}

export interface ProductFigures {
  currency: string;
  value: string;
  previousValue: string;
  quantity: string;
  previousQuantity: string;
  unconvertibleLines: number;
  unmappedLines: number;
  skusSold: number;
  previousSkusSold: number;
  growth: string | null;
}

export interface OutletFigures {
  currency: string;
  activeOutlets: number;
  previousActiveOutlets: number;
}

export interface TrendRow {
  period: string;
  currency: string;
  value: string;
  quantity: string | null;
}

/** A trend's periods: rows of [from, to], period starts from `start` to `end`; `withQuantity` when the source carries products. */
export interface TrendPlan {
  granularity: InsightGranularity;
  from: string;
  to: string;
  start: string;
  end: string;
  withQuantity: boolean;
}

export interface TopRow {
  key: string | null;
  label: string | null;
  currency: string;
  value: string;
  quantity: string | null;
  share: string;
  /** The distributor whose own code the key is (a principal's product, customer and salesman rows); named by the service. */
  distributorId: string | null;
}

/**
 * What a top-N row groups by and how it is labelled; `k` are the grouped
 * facts, `r` their product, `cm` their customer. `own`: the key is a
 * distributor's own code, so rows are per distributor (the same code at two
 * distributors is two products, outlets or salesmen). A customer is labelled
 * after ranking (`cl`, ten lookups instead of joining every customer).
 */
const DIMENSIONS: Record<InsightDimension, { key: string; label: string; products: boolean; own?: true }> = {
  sku: { key: 'r.sku_key', label: 'r.sku_label', products: true },
  product: { key: 'k.product_code', label: 'r.product_name', products: true, own: true },
  brand: { key: 'r.brand', label: 'r.brand', products: true },
  category: { key: 'r.category', label: 'r.category', products: true },
  distributor: { key: 'k.organization_id::text', label: 'null::text', products: true },
  city: { key: 'cm.city', label: 'cm.city', products: false },
  customer: { key: "nullif(k.party_code, '')", label: 'null::text', products: false, own: true },
  salesman: { key: "nullif(k.salesman_code, '')", label: "nullif(k.salesman_code, '')", products: false, own: true },
};

/** The same dimensions over a principal's SKU sums `f` (its SKU `sk`); the others read other sums. */
const SKU_DIMENSIONS: Partial<Record<InsightDimension, { key: string; label: string }>> = {
  sku: { key: 'f.sku_id::text', label: "sk.code || ' - ' || sk.name" },
  brand: { key: 'sk.brand', label: 'sk.brand' },
  category: { key: 'sk.category', label: 'sk.category' },
  distributor: { key: 'f.organization_id::text', label: 'null::text' },
};

export const dimensionReadsProducts = (by: InsightDimension) => DIMENSIONS[by].products;
/** Whether the principal's SKU sums can rank by `by` (not by the distributors' own product codes). */
export const dimensionReadsSkus = (by: InsightDimension) => SKU_DIMENSIONS[by] !== undefined;

/**
 * The insight figures, one SQL statement per figure group, all under the
 * caller's row-level security (the sums' policies give a principal only its
 * connected distributors' consented types). This module reads
 * `product_mappings`, `principal_skus`, `products` and `customers` directly,
 * read-only, as a read model (ARCHITECTURE.md): a figure is one join, not a
 * call per module. Sums are first grouped by what the product or customer
 * join needs, so each code is resolved once, not once per month and type.
 */
@Injectable()
export class InsightRepository {
  /** Value, quantity, unconvertible and unmapped lines, SKUs sold: the range and the previous one, per currency. */
  async productFigures(tx: OrgTx, s: InsightScope, source: InsightSource, r: InsightRanges): Promise<ProductFigures[]> {
    // The SKU sums carry what the join below resolves: sku_id, base-unit quantity, unconvertible lines. Summed per
    // SKU and range first (hashed), then counted: a distinct count sorted every row (a principal's 24 months: 39 ms).
    // A SKU is sold in a range when its invoice lines there do not net to none (a key's lines never net below zero).
    const bySku = source === 'sku_months' || source === 'principal_months';
    const totals = bySku
      ? Prisma.sql`
      k as (select currency, sku_id, day >= ${r.from}::date as cur, sum(sign * amount) as value, sum(sign * quantity) as quantity,
                   sum(unconvertible_lines) as unconvertible_lines, sum(lines) as lines, coalesce(sum(lines) filter (where sign > 0), 0) as sold_lines
              from f group by 1, 2, 3),
      t as (select currency,
                   coalesce(sum(value) filter (where cur), 0) as value,
                   coalesce(sum(value) filter (where not cur), 0) as previous_value,
                   coalesce(sum(quantity) filter (where cur), 0) as quantity,
                   coalesce(sum(quantity) filter (where not cur), 0) as previous_quantity,
                   coalesce(sum(unconvertible_lines) filter (where cur), 0)::int as unconvertible_lines,
                   coalesce(sum(lines) filter (where cur and sku_id is null), 0)::int as unmapped_lines,
                   (count(*) filter (where cur and sku_id is not null and sold_lines <> 0))::int as skus_sold,
                   (count(*) filter (where not cur and sku_id is not null and sold_lines <> 0))::int as previous_skus_sold
              from k group by currency)`
      : Prisma.sql`
      k as (select organization_id, product_code, unit, currency, day >= ${r.from}::date as cur,
                   sum(sign * amount) as value, sum(sign * quantity) as quantity, sum(lines) as lines,
                   coalesce(sum(lines) filter (where sign > 0), 0) <> 0 as sold
              from f group by 1, 2, 3, 4, 5),
      ${resolvedCodes(s, 'k')},
      t as (select k.currency,
                   coalesce(sum(k.value) filter (where k.cur), 0) as value,
                   coalesce(sum(k.value) filter (where not k.cur), 0) as previous_value,
                   ${convertedQuantity(Prisma.sql`k.cur`)} as quantity,
                   ${convertedQuantity(Prisma.sql`not k.cur`)} as previous_quantity,
                   coalesce(sum(k.lines) filter (where k.cur and r.mapped and r.factor is null), 0)::int as unconvertible_lines,
                   coalesce(sum(k.lines) filter (where k.cur and not r.mapped), 0)::int as unmapped_lines,
                   count(distinct r.sold_key) filter (where k.cur and k.sold)::int as skus_sold,
                   count(distinct r.sold_key) filter (where not k.cur and k.sold)::int as previous_skus_sold
              from k ${RESOLVED}
             group by k.currency)`;
    const rows = await tx.$queryRaw<ProductFigures[]>`
      with ${masterData(s)},
      f as (${facts(s, source, r.previousFrom, r.to, { sumsOnly: bySku })}),
      ${totals}
      select currency, round(value, 2)::text as "value", round(previous_value, 2)::text as "previousValue",
             round(quantity, 4)::text as quantity, round(previous_quantity, 4)::text as "previousQuantity",
             unconvertible_lines as "unconvertibleLines", unmapped_lines as "unmappedLines",
             skus_sold as "skusSold", previous_skus_sold as "previousSkusSold",
             case when previous_value = 0 then null else round(value / previous_value - 1, 4)::text end as growth
        from t`;
    return rows;
  }

  /** Active outlets: distinct (distributor, customer) with a line of a positive type (an invoice), the range and the previous one. */
  async outletFigures(tx: OrgTx, s: InsightScope, source: InsightSource, r: InsightRanges): Promise<OutletFigures[]> {
    // Each outlet once (hashed), then counted: a distinct count over text keys sorted every row of a principal's 100 distributors.
    // Only the positive types (invoices) are read at all: returns never make an outlet active. An outlet is active in a
    // range when its lines there do not net to none: the sums' rows and the lines appended since the last fold are
    // separate rows, and a deleted document's lines arrive as negative ones. (A key's lines never net below zero,
    // so a range's net is above zero exactly when one of its keys has lines.)
    const buying = { ...s, types: s.types.filter((t) => t.sign > 0) };
    return tx.$queryRaw<OutletFigures[]>`
      with ${masterData(s)},
      f as (${facts(buying, source, r.previousFrom, r.to)}),
      o as (select currency, organization_id, party_code,
                   coalesce(sum(lines) filter (where day >= ${r.from}::date), 0) <> 0 as cur,
                   coalesce(sum(lines) filter (where day < ${r.from}::date), 0) <> 0 as prev
              from f where party_code <> '' group by 1, 2, 3)
      select currency, (count(*) filter (where cur))::int as "activeOutlets", (count(*) filter (where prev))::int as "previousActiveOutlets"
        from o group by currency`;
  }

  /**
   * Active outlets from the kept outlet ranges (migration `*_insight_outlet_ranges`),
   * the range and the previous one, for an invoice type kept there
   * (`OUTLET_RANGE_TYPES`) and no customer-side filter. `recount`: the
   * distributors the ranges cannot answer for now, left out of `figures` —
   * a key of theirs not computed again since its last lines, lines not folded
   * yet, two integrations in one currency (a customer may be in both), or a
   * range longer than the 48 months kept. Their outlets come from
   * `outletFigures` over them alone; distinct distributors' outlets add up.
   */
  async keptOutletFigures(tx: OrgTx, s: InsightScope, type: DocumentType, r: InsightRanges): Promise<{ figures: OutletFigures[]; recount: string[] }> {
    const currency = s.filters.currency ? Prisma.sql`and x.currency = ${s.filters.currency}` : Prisma.empty;
    const keys = Prisma.sql`
      k as (select x.organization_id, x.integration_id, x.currency, x.first_month, x.stale from insight_outlet_keys x
             where x.organization_id = any(${s.orgIds}::uuid[]) and x.type = ${type}::"DocumentType" ${currency})`;
    const recount = await tx.$queryRaw<{ id: string }[]>`
      with ${keys}
      select organization_id::text as id from k
       where stale or ${r.to}::date >= greatest(${r.from}::date, first_month) + interval '48 months'
          or ${r.previousTo}::date >= greatest(${r.previousFrom}::date, first_month) + interval '48 months'
      union select organization_id::text from k group by organization_id, currency having count(*) > 1
      union select d.organization_id::text from insight_line_deltas d
             where d.organization_id = any(${s.orgIds}::uuid[]) and d.type = ${type}::"DocumentType"`;
    const ids = recount.map((x) => x.id);
    // The customers active in [from, to]: the row of the range starting then (or at the key's first month) with the greatest month up to `to`.
    const active = (from: string, to: string) => Prisma.sql`
      coalesce((select o.outlets from insight_outlet_ranges o
                 where o.organization_id = k.organization_id and o.type = ${type}::"DocumentType" and o.integration_id = k.integration_id
                   and o.currency = k.currency and o.range_start = greatest(${from}::date, k.first_month) and o.month <= ${to}::date
                 order by o.month desc limit 1), 0)`;
    const figures = await tx.$queryRaw<OutletFigures[]>`
      with ${keys}
      select currency, sum(${active(r.from, r.to)})::int as "activeOutlets", sum(${active(r.previousFrom, r.previousTo)})::int as "previousActiveOutlets"
        from k where not (organization_id = any(${ids}::uuid[]))
       group by currency`;
    return { figures, recount: ids };
  }

  /**
   * One row per period start and currency, every period of [start, end]
   * present (zero when empty). `withQuantity`: the source carries products,
   * so the base-unit quantity is resolved too.
   */
  async trend(tx: OrgTx, s: InsightScope, source: InsightSource, q: TrendPlan): Promise<TrendRow[]> {
    const period = Prisma.raw(q.granularity === 'day' ? 'day' : `date_trunc('${q.granularity}', day)::date`);
    const step = `1 ${q.granularity}`;
    const grouped = !q.withQuantity
      ? Prisma.sql`g as (select ${period} as period, currency, sum(sign * amount) as value, null::numeric as quantity from f group by 1, 2)`
      : source === 'sku_months' || source === 'principal_months'
        ? Prisma.sql`g as (select ${period} as period, currency, sum(sign * amount) as value, sum(sign * quantity) as quantity from f group by 1, 2)`
        : // The rows joined to each code's resolution as they are and summed once per period: resolving per
          // period and currency had evaluated the unit conversion twelve times over for a year, and grouping
          // per code and period first cost a second aggregation (a distributor's 12-month trend, one user: 55 to 38 ms).
          Prisma.sql`
          ${resolvedCodes(s, 'f')},
          g as (select ${period} as period, k.currency, sum(k.sign * k.amount) as value,
                       coalesce(sum(k.sign * k.quantity * r.factor) filter (where r.mapped and r.factor is not null), 0) as quantity
                  from f k ${RESOLVED}
                 group by 1, 2)`;
    const extraCurrency = s.filters.currency ? Prisma.sql`union select ${s.filters.currency}::text` : Prisma.empty;
    return tx.$queryRaw<TrendRow[]>`
      with ${masterData(s)},
      f as (${facts(s, source, q.from, q.to, { sumsOnly: true })}),
      ${grouped},
      periods as (select generate_series(${q.start}::date, ${q.end}::date, ${step}::interval)::date as period),
      currencies as (select distinct currency from g ${extraCurrency})
      select p.period::text as period, c.currency, round(coalesce(g.value, 0), 2)::text as value,
             ${q.withQuantity ? Prisma.sql`round(coalesce(g.quantity, 0), 4)::text` : Prisma.sql`null::text`} as quantity
        from periods p cross join currencies c
        left join g on g.period = p.period and g.currency = c.currency
       order by 1, 2`;
  }

  /** The `limit` largest rows per currency by value, each with its share of the currency's total. */
  async top(tx: OrgTx, s: InsightScope, source: InsightSource, q: { by: InsightDimension; from: string; to: string; limit: number }): Promise<TopRow[]> {
    const d = DIMENSIONS[q.by];
    const bySku = source === 'sku_months' || source === 'principal_months';
    const skuKeys = bySku ? SKU_DIMENSIONS[q.by] : undefined;
    if (bySku && (!skuKeys || (source === 'principal_months' && q.by === 'distributor'))) throw new Error(`${source} do not rank by ${q.by}`);
    const key = Prisma.raw(d.key);
    const label = Prisma.raw(d.label);
    // Rows without a key (no customer, no salesman) stay one row, not one per distributor.
    const org = d.own ? Prisma.sql`case when ${key} is null then null else k.organization_id end` : Prisma.sql`null::uuid`;
    const grouped = skuKeys
      ? Prisma.sql`
          g as (select f.currency, ${Prisma.raw(skuKeys.key)} as key, null::uuid as org, min(${Prisma.raw(skuKeys.label)}) as label,
                       sum(f.sign * f.amount) as value, sum(f.sign * f.quantity) as quantity
                  from f left join principal_skus sk on sk.id = f.sku_id group by 1, 2)`
      : d.products
        ? Prisma.sql`
          k as (select organization_id, product_code, unit, currency, sum(sign * amount) as value, sum(sign * quantity) as quantity
                  from f group by 1, 2, 3, 4),
          ${resolvedCodes(s, 'k')},
          g as (select k.currency, ${key} as key, ${org} as org, min(${label}) as label, sum(k.value) as value, ${convertedQuantity()} as quantity
                  from k ${RESOLVED} group by 1, 2, 3)`
        : source === 'city_months'
          ? Prisma.sql`
          g as (select k.currency, nullif(k.city, '') as key, null::uuid as org, min(nullif(k.city, '')) as label, sum(k.sign * k.amount) as value,
                       null::numeric as quantity
                  from f k group by 1, 2, 3)`
          : q.by === 'city'
            ? Prisma.sql`
          k as (select organization_id, party_code, currency, sum(sign * amount) as value from f group by 1, 2, 3),
          g as (select k.currency, ${key} as key, ${org} as org, min(${label}) as label, sum(k.value) as value, null::numeric as quantity
                  from k left join cm on cm.organization_id = k.organization_id and cm.code = k.party_code group by 1, 2, 3)`
            : Prisma.sql`
          g as (select k.currency, ${key} as key, ${org} as org, min(${label}) as label, sum(k.sign * k.amount) as value, null::numeric as quantity
                  from f k group by 1, 2, 3)`;
    const customerLabel =
      q.by === 'customer'
        ? Prisma.sql`left join lateral (select c.name from customers c where c.organization_id = t.org and c.code = t.key
                                          order by c.source_updated_at desc, c.id limit 1) cl on true`
        : Prisma.empty;
    return tx.$queryRaw<TopRow[]>`
      with ${masterData(s)},
      f as (${facts(s, source, q.from, q.to)}),
      ${grouped},
      c as (select currency, sum(value) as total from g group by 1),
      -- The largest rows per currency by ORDER BY … LIMIT (a bounded heap), not by numbering every row (a full sort of ~70,000 outlets).
      t as (select c.currency, c.total, x.* from c cross join lateral (
              select g.key, g.org, g.label, g.value, g.quantity from g where g.currency = c.currency
               order by g.value desc, g.key asc nulls last, g.org asc nulls last limit ${q.limit}) x)
      select key, ${q.by === 'customer' ? Prisma.sql`cl.name` : Prisma.sql`label`} as label, currency, round(value, 2)::text as value,
             ${d.products ? Prisma.sql`round(quantity, 4)::text` : Prisma.sql`null::text`} as quantity,
             round(case when total = 0 then 0 else value / total end, 4)::text as share,
             ${s.viewer.kind === 'PRINCIPAL' ? Prisma.sql`org::text` : Prisma.sql`null::text`} as "distributorId"
        from t ${customerLabel}
       order by t.currency, t.value desc, t.key asc nulls last, t.org asc nulls last`;
  }

  /**
   * A principal's distributors ranked by value with no SKU filter: every line
   * of a distributor counts, mapped or not, so the value is its day sums'
   * (about 18,000 rows a quarter for 100 distributors, not the 127,000 SKU
   * rows), and only the ranked distributors' SKU sums are read for the
   * base-unit quantity. The same rows as `top` by distributor over the SKU sums.
   */
  async topDistributors(tx: OrgTx, s: InsightScope, q: { from: string; to: string; limit: number }): Promise<TopRow[]> {
    const ranked = await tx.$queryRaw<(Omit<TopRow, 'quantity'> & { organizationId: string })[]>`
      with f as (${facts(s, 'days', q.from, q.to)}),
      d as (select organization_id, currency, sum(sign * amount) as value from f group by 1, 2),
      c as (select currency, sum(value) as total from d group by 1),
      t as (select c.currency, c.total, x.organization_id, x.value from c cross join lateral (
              select d.organization_id, d.value from d where d.currency = c.currency
               order by d.value desc, d.organization_id::text asc limit ${q.limit}) x)
      select t.organization_id::text as key, t.organization_id::text as "organizationId", null::text as label, t.currency,
             round(t.value, 2)::text as value, round(case when t.total = 0 then 0 else t.value / t.total end, 4)::text as share,
             null::text as "distributorId"
        from t order by t.currency, t.value desc, t.organization_id::text asc`;
    if (ranked.length === 0) return [];
    // A second statement, so the ranked distributors bound the SKU sums' index scan (a join read all of them).
    const ranks = { ...s, orgIds: [...new Set(ranked.map((r) => r.organizationId))] };
    const quantities = await tx.$queryRaw<{ organizationId: string; currency: string; quantity: string }[]>`
      select f.organization_id::text as "organizationId", f.currency, round(sum(f.sign * f.quantity), 4)::text as quantity
        from (${facts(ranks, 'sku_months', q.from, q.to)}) f group by 1, 2`;
    const quantityOf = new Map(quantities.map((r) => [`${r.organizationId}|${r.currency}`, r.quantity]));
    return ranked.map(({ organizationId, ...r }) => ({ ...r, quantity: quantityOf.get(`${organizationId}|${r.currency}`) ?? '0.0000' }));
  }

  /** The newest line's product name of each code without master data (the product dimension's labels). */
  async lineProductNames(tx: OrgTx, orgIds: string[], codes: string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await tx.$queryRaw<{ code: string; name: string }[]>`
      select distinct on (l.product_code) l.product_code as code, l.product_name as name
        from document_lines l
       where l.organization_id = any(${orgIds}::uuid[]) and l.product_code = any(${codes}::text[]) and l.product_name is not null
       order by l.product_code, l.date desc, l.document_id, l.line_no`;
    return new Map(rows.map((r) => [r.code, r.name]));
  }
}
