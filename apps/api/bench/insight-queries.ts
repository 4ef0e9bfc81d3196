import { INSIGHT_MEASURE_TYPES, type InsightDimension, type InsightMeasure } from '@portal/contracts';

// The insight requests `pnpm bench:insight` measures, each twice: over HTTP
// against the real API (the contracts in packages/contracts/src/insight.ts),
// and as the baseline: the same figures computed by scanning the lines
// (document_lines joined to documents) under row-level security.

export type InsightWho = 'principal' | 'distributor';

/** What a session may ask for: values of its own scope, read from the database beforehand. */
export interface InsightScope {
  who: InsightWho;
  /** The organisation whose scope the baseline runs in. */
  organizationId: string;
  /** Principal: connected distributors. */
  distributorIds: string[];
  /** Principal: its SKUs with sales (the best sellers first). */
  skuIds: string[];
  /** Principal: its brands; distributor: its products' brands. */
  brands: string[];
  /** Distributor: its own product codes with sales. */
  productCodes: string[];
}

interface Filters {
  measure: InsightMeasure;
  from: string;
  to: string;
  distributorId?: string;
  skuId?: string;
  brand?: string;
  productCode?: string;
  principalGoodsOnly?: boolean;
}

type Request =
  { kind: 'summary'; f: Filters } | { kind: 'trend'; f: Filters; granularity: 'day' | 'month' } | { kind: 'top'; f: Filters; by: InsightDimension };

export interface InsightQuery {
  name: string;
  who: InsightWho;
  /** The `i`-th request of a session: values rotate through its scope. */
  request(s: InsightScope, i: number): Request;
}

export const INSIGHT_P95_TARGET_MS = 150;
export const SEARCH_P95_TARGET_MS = 30;

const iso = (d: Date) => d.toISOString().slice(0, 10);
const monthStart = (today: Date, back: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - back, 1));
const monthEnd = (today: Date, back: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - back + 1, 0));

/** The ranges the screens ask for: last month, the last three full months, the last 12 months (this one included). */
export function ranges(today = new Date()) {
  return {
    lastMonth: { from: iso(monthStart(today, 1)), to: iso(monthEnd(today, 1)) },
    lastQuarter: { from: iso(monthStart(today, 3)), to: iso(monthEnd(today, 1)) },
    year: { from: iso(monthStart(today, 11)), to: iso(monthEnd(today, 0)) },
  };
}

const pick = <T>(values: T[], i: number, what: string): T => {
  if (values.length === 0) throw new Error(`the session's scope has no ${what}`);
  return values[i % values.length]!;
};

export function insightQueries(today = new Date()): InsightQuery[] {
  const r = ranges(today);
  const out = (f: Omit<Filters, 'measure'>): Filters => ({ measure: 'sell_out', ...f });
  const P = 'principal' as const;
  const D = 'distributor' as const;
  const top = (who: InsightWho, by: InsightDimension, extra: (s: InsightScope, i: number) => Partial<Filters> = () => ({}), label = '') => ({
    name: `top by ${by}${label}`,
    who,
    request: (s: InsightScope, i: number): Request => ({ kind: 'top', by, f: out({ ...r.lastQuarter, ...extra(s, i) }) }),
  });
  return [
    { name: 'summary: last month', who: P, request: () => ({ kind: 'summary', f: out(r.lastMonth) }) },
    // The screen opens on the twelve months up to the newest document (the `latest` period).
    { name: 'summary: 12 months', who: P, request: () => ({ kind: 'summary', f: out(r.year) }) },
    {
      name: 'summary: + distributorId',
      who: P,
      request: (s, i) => ({ kind: 'summary', f: out({ ...r.lastMonth, distributorId: pick(s.distributorIds, i, 'distributor') }) }),
    },
    { name: 'summary: + skuId', who: P, request: (s, i) => ({ kind: 'summary', f: out({ ...r.lastMonth, skuId: pick(s.skuIds, i, 'SKU') }) }) },
    { name: 'summary: + brand', who: P, request: (s, i) => ({ kind: 'summary', f: out({ ...r.lastMonth, brand: pick(s.brands, i, 'brand') }) }) },
    {
      name: 'summary: sell-in, own goods',
      who: P,
      request: () => ({ kind: 'summary', f: { measure: 'sell_in', ...r.lastMonth, principalGoodsOnly: true } }),
    },
    { name: 'trend: month, 12 months', who: P, request: () => ({ kind: 'trend', granularity: 'month', f: out(r.year) }) },
    { name: 'trend: day, one month', who: P, request: () => ({ kind: 'trend', granularity: 'day', f: out(r.lastMonth) }) },
    {
      name: 'trend: month, + skuId',
      who: P,
      request: (s, i) => ({ kind: 'trend', granularity: 'month', f: out({ ...r.year, skuId: pick(s.skuIds, i, 'SKU') }) }),
    },
    top(P, 'sku'),
    top(P, 'brand'),
    top(P, 'distributor'),
    top(P, 'city'),
    top(P, 'customer'),
    top(P, 'salesman'),
    top(P, 'sku', (s, i) => ({ distributorId: pick(s.distributorIds, i, 'distributor') }), ', + distributorId'),
    top(P, 'customer', (s, i) => ({ brand: pick(s.brands, i, 'brand') }), ', + brand'),
    { name: 'summary: last month', who: D, request: () => ({ kind: 'summary', f: out(r.lastMonth) }) },
    { name: 'summary: 12 months', who: D, request: () => ({ kind: 'summary', f: out(r.year) }) },
    {
      name: 'summary: + productCode',
      who: D,
      request: (s, i) => ({ kind: 'summary', f: out({ ...r.lastMonth, productCode: pick(s.productCodes, i, 'product') }) }),
    },
    { name: 'trend: month, 12 months', who: D, request: () => ({ kind: 'trend', granularity: 'month', f: out(r.year) }) },
    { name: 'trend: day, one month', who: D, request: () => ({ kind: 'trend', granularity: 'day', f: out(r.lastMonth) }) },
    // A distributor ranks its own product codes (`product`): SKUs are the principal's.
    top(D, 'product'),
    top(D, 'brand'),
    top(D, 'city'),
    top(D, 'customer'),
    top(D, 'salesman'),
  ];
}

/** The request as the API takes it (contracts `insightFilters` and the endpoint's own fields). */
export function insightPath(req: Request): string {
  const { f } = req;
  const params = new URLSearchParams({ measure: f.measure, from: f.from, to: f.to });
  for (const key of ['distributorId', 'skuId', 'brand', 'productCode'] as const) if (f[key]) params.set(key, f[key]);
  if (f.principalGoodsOnly) params.set('principalGoodsOnly', 'true');
  if (req.kind === 'trend') params.set('granularity', req.granularity);
  if (req.kind === 'top') {
    params.set('by', req.by);
    params.set('limit', '10');
  }
  return `/api/insight/${req.kind}?${params.toString()}`;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const addDays = (d: string, n: number) => iso(new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000));
const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;

/**
 * The lines a request reads, scanned: every line of the range joined to its
 * document (date, currency, customer, salesman come from the header, as
 * before the lines carried them), to the principal's mapping and SKU, and
 * to the distributor's product, with the base-unit factor per line exactly
 * as the design defines it. Row-level security scopes every table to the
 * caller (connected distributors and consented types for a principal).
 */
function scannedLines(who: InsightWho, f: Filters, from: string): string {
  const signs = INSIGHT_MEASURE_TYPES[f.measure] as Record<string, number>;
  const types = Object.keys(signs);
  const sign = `case l.type ${types.map((t) => `when ${lit(t)} then ${signs[t]}`).join(' ')} end`;
  const where = [`l.type in (${types.map(lit).join(', ')})`, `d.date between ${lit(from)} and ${lit(f.to)}`];
  if (f.distributorId) where.push(`l.organization_id = ${lit(f.distributorId)}`);
  if (f.productCode) where.push(`l.product_code = ${lit(f.productCode)}`);
  if (who === 'principal') {
    if (f.skuId) where.push(`s.id = ${lit(f.skuId)}`);
    if (f.brand) where.push(`s.brand = ${lit(f.brand)}`);
    if (f.principalGoodsOnly) where.push('s.id is not null');
    return `select l.organization_id as dist, d.date, d.currency, coalesce(d.party_code, '') as party_code, coalesce(d.salesman_code, '') as salesman_code,
                   l.product_code, l.type, ${sign} as sign, l.amount, l.quantity, s.id as sku, s.brand,
                   coalesce(unit_factor(s.conversions, s.base_unit, l.unit),
                            unit_factor(p.conversions, p.base_unit, l.unit) * unit_factor(s.conversions, s.base_unit, p.base_unit)) as factor
              from document_lines l
              join documents d on d.id = l.document_id
              left join product_mappings m on m.distributor_id = l.organization_id and m.product_code = l.product_code
              left join principal_skus s on s.id = m.sku_id
              left join products p on p.organization_id = l.organization_id and p.code = l.product_code
             where ${where.join(' and ')}`;
  }
  if (f.brand) where.push(`p.brand = ${lit(f.brand)}`);
  return `select l.organization_id as dist, d.date, d.currency, coalesce(d.party_code, '') as party_code, coalesce(d.salesman_code, '') as salesman_code,
                 l.product_code, l.type, ${sign} as sign, l.amount, l.quantity, l.product_code as sku, p.brand,
                 unit_factor(p.conversions, p.base_unit, l.unit) as factor
            from document_lines l
            join documents d on d.id = l.document_id
            left join products p on p.organization_id = l.organization_id and p.code = l.product_code
           where ${where.join(' and ')}`;
}

const SELL_OUT_TYPES = Object.keys(INSIGHT_MEASURE_TYPES.sell_out).map(lit).join(', ');

/** The baseline's SQL for one request: the same figures, from the lines. */
export function baselineSql(who: InsightWho, req: Request): string {
  const { f } = req;
  const quantity = 'sum(sign * quantity * factor) filter (where sku is not null)';
  if (req.kind === 'summary') {
    // Same length just before (the API rounds to whole months; the ranges asked here are whole months already).
    const previousFrom = addDays(f.from, -days(f.from, f.to));
    return `with x as (${scannedLines(who, f, previousFrom)})
      select currency, date >= ${lit(f.from)} as current, sum(sign * amount)::text as value, ${quantity}::text as quantity,
             count(*) filter (where sku is not null and factor is null)::int as unconvertible,
             count(*) filter (where sku is null)::int as unmapped,
             count(distinct (dist, party_code)) filter (where type in (${SELL_OUT_TYPES}) and party_code <> '')::int as outlets,
             count(distinct sku)::int as skus
        from x group by 1, 2 order by 1, 2`;
  }
  if (req.kind === 'trend') {
    return `with x as (${scannedLines(who, f, f.from)})
      select date_trunc(${lit(req.granularity)}, date)::date as period, currency, sum(sign * amount)::text as value,
             ${req.granularity === 'month' ? `${quantity}::text` : 'null'} as quantity
        from x group by 1, 2 order by 1, 2`;
  }
  const key: Record<InsightDimension, string> = {
    sku: 'x.sku::text',
    product: 'x.product_code',
    brand: 'x.brand',
    category: 'null',
    distributor: 'x.dist::text',
    city: 'c.city',
    // Codes are a distributor's own: across distributors, the same code is another outlet.
    customer: `x.dist || ':' || x.party_code`,
    salesman: `x.dist || ':' || x.salesman_code`,
  };
  const customers = req.by === 'city' ? 'left join customers c on c.organization_id = x.dist and c.code = x.party_code' : '';
  return `with x as (${scannedLines(who, f, f.from)})
    select key, currency, value::text, quantity::text, share::text from (
      select key, currency, value, quantity, round(value / nullif(sum(value) over (partition by currency), 0), 4) as share,
             row_number() over (partition by currency order by value desc) as rank
        from (select ${key[req.by]} as key, x.currency, sum(x.sign * x.amount) as value,
                     sum(x.sign * x.quantity * x.factor) filter (where x.sku is not null) as quantity
                from x ${customers} group by 1, 2) g) t
     where rank <= 10 order by currency, value desc`;
}
