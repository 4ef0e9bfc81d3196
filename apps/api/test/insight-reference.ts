import type { DocumentType, InsightDimension, InsightFilters, InsightSummary, InsightTop, InsightTrend, InsightTrendQuery } from '@portal/contracts';
import type { PrismaClient } from '@portal/db';

// The insight figures computed the slow, obvious way (issue 13 Deliver 7):
// every visible line read as the database owner (no row-level security, no
// sums, no unit_factor()), the caller's scope applied by hand, each figure
// summed line by line in exact integer arithmetic. Written apart from the API
// on purpose; it only has to agree with docs/product/master-data.md.

export interface Viewer {
  id: string;
  kind: 'PRINCIPAL' | 'DISTRIBUTOR';
  /** The distributors it may read and, per distributor, the document types (the connection's consent; a distributor: all of its own). */
  visible: Map<string, Set<DocumentType>>;
  /** Distributor id → name (the distributor dimension's labels). */
  names: Map<string, string>;
}

export interface RefLine {
  org: string;
  type: DocumentType;
  date: string;
  currency: string;
  party: string;
  salesman: string;
  code: string;
  productName: string | null;
  /** Quantity × 10^4 and amount × 100, exact. */
  quantity: bigint;
  amount: bigint;
  mapped: boolean;
  /** Base units per unit (integer factors in these tests), null: not convertible. */
  factor: bigint | null;
  skuId: string | null;
  skuLabel: string | null;
  brand: string | null;
  category: string | null;
  masterName: string | null;
  customerName: string | null;
  city: string | null;
}

const SIGNS: Record<'sell_out' | 'sell_in', Partial<Record<DocumentType, 1n | -1n>>> = {
  sell_out: { SALES_INVOICE: 1n, SALES_RETURN: -1n },
  sell_in: { PURCHASE_INVOICE: 1n },
};

type Conversions = { unit: string; factor: string }[];
const norm = (u: string) => u.replace(/^ +| +$/g, '').toUpperCase();
function unitFactor(conversions: Conversions | null, base: string | null, unit: string): bigint | null {
  if (base === null) return null;
  if (norm(base) === norm(unit)) return 1n;
  const c = (conversions ?? []).find((x) => norm(x.unit) === norm(unit));
  return c ? BigInt(c.factor) : null;
}

const scaled = (v: string, places: number) => {
  const [i, f = ''] = v.split('.');
  const neg = i!.startsWith('-');
  const digits = BigInt(`${i!.replace('-', '')}${f.padEnd(places, '0').slice(0, places)}`);
  return neg ? -digits : digits;
};
export const fmt = (v: bigint, places: number) => {
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(places + 1, '0');
  return `${neg ? '-' : ''}${s.slice(0, -places)}.${s.slice(-places)}`;
};
/** round(n / d, places), half away from zero, as Postgres rounds numerics. */
function ratio(n: bigint, d: bigint, places: number): string {
  const neg = n < 0n !== d < 0n && n !== 0n;
  const [an, ad] = [n < 0n ? -n : n, d < 0n ? -d : d];
  const scaledN = an * 10n ** BigInt(places) * 2n;
  const q = (scaledN / ad + 1n) / 2n;
  return fmt(neg ? -q : q, places);
}

/** Every line of the visible distributors and types, with its product, SKU and customer resolved. */
export async function referenceLines(owner: PrismaClient, viewer: Viewer): Promise<RefLine[]> {
  const orgs = [...viewer.visible.keys()];
  const rows = await owner.$queryRawUnsafe<Record<string, unknown>[]>(
    `select l.organization_id::text as org, d.type::text as type, d.date::text as date, d.currency, coalesce(d.party_code, '') as party,
            coalesce(d.salesman_code, '') as salesman, l.product_code as code, l.product_name, l.unit, l.quantity::text as quantity, l.amount::text as amount,
            sk.id::text as sku_id, sk.code as sku_code, sk.name as sku_name, sk.brand as sku_brand, sk.category as sku_category,
            sk.base_unit as sku_base, sk.conversions as sku_conversions,
            p.name as p_name, p.brand as p_brand, p.category as p_category, p.base_unit as p_base, p.conversions as p_conversions,
            c.name as c_name, c.city as c_city
       from document_lines l join documents d on d.id = l.document_id
       left join product_mappings m on m.organization_id = $1::uuid and m.distributor_id = l.organization_id and m.product_code = l.product_code
       left join principal_skus sk on sk.id = m.sku_id
       left join lateral (select * from products p where p.organization_id = l.organization_id and p.code = l.product_code
                           order by p.source_updated_at desc, p.id limit 1) p on true
       left join lateral (select * from customers c where c.organization_id = l.organization_id and c.code = d.party_code
                           order by c.source_updated_at desc, c.id limit 1) c on true
      where l.organization_id = any($2::uuid[])`,
    viewer.id,
    orgs,
  );
  return rows
    .filter((r) => viewer.visible.get(r.org as string)!.has(r.type as DocumentType))
    .map((r) => {
      const s = (k: string) => (r[k] ?? null) as string | null;
      const unit = r.unit as string;
      const principal = viewer.kind === 'PRINCIPAL';
      const skuConv = r.sku_conversions as Conversions | null;
      const pConv = r.p_conversions as Conversions | null;
      let factor: bigint | null;
      if (principal) {
        const direct = r.sku_id ? unitFactor(skuConv, s('sku_base'), unit) : null;
        const viaProduct = unitFactor(pConv, s('p_base'), unit);
        const productBase = s('p_base') === null ? null : unitFactor(skuConv, s('sku_base'), s('p_base')!);
        factor = r.sku_id ? (direct ?? (viaProduct !== null && productBase !== null ? viaProduct * productBase : null)) : null;
      } else {
        factor = unitFactor(pConv, s('p_base'), unit);
      }
      return {
        org: r.org as string,
        type: r.type as DocumentType,
        date: r.date as string,
        currency: r.currency as string,
        party: r.party as string,
        salesman: r.salesman as string,
        code: r.code as string,
        productName: s('product_name'),
        quantity: scaled(r.quantity as string, 4),
        amount: scaled(r.amount as string, 2),
        mapped: principal ? r.sku_id !== null : true,
        factor,
        skuId: principal ? s('sku_id') : null,
        skuLabel: r.sku_id ? `${s('sku_code')} - ${s('sku_name')}` : null,
        brand: principal ? s('sku_brand') : s('p_brand'),
        category: principal ? s('sku_category') : s('p_category'),
        masterName: s('p_name'),
        customerName: s('c_name'),
        city: s('c_city'),
      };
    });
}

const day = (s: string) => new Date(`${s}T00:00:00.000Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const monthStart = (s: string) => `${s.slice(0, 7)}-01`;
const monthEnd = (s: string) => {
  const d = day(s);
  return iso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)));
};
const addMonths = (s: string, n: number) => {
  const d = day(s);
  return iso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)));
};
const mondayOf = (s: string) => {
  const d = day(s);
  return iso(new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000));
};

/** The lines a query counts, with their sign, before the date range. */
function matching(lines: RefLine[], viewer: Viewer, q: InsightFilters): (RefLine & { sign: bigint })[] {
  const signs = SIGNS[q.measure];
  const principal = viewer.kind === 'PRINCIPAL';
  return lines.flatMap((l) => {
    const sign = signs[l.type];
    if (!sign) return [];
    if (q.distributorId && l.org !== q.distributorId) return [];
    if (q.currency && l.currency !== q.currency) return [];
    if (q.productCode && l.code !== q.productCode) return [];
    if (q.skuId && l.skuId !== q.skuId) return [];
    if (q.brand && l.brand !== q.brand) return [];
    if (q.category && l.category !== q.category) return [];
    if (principal && q.measure === 'sell_in' && q.principalGoodsOnly && !l.mapped) return [];
    if (q.city && l.city !== q.city) return [];
    if (q.customer && l.party !== q.customer) return [];
    if (q.salesman && l.salesman !== q.salesman) return [];
    return [{ ...l, sign }];
  });
}

const within = (l: RefLine, from: string, to: string) => l.date >= from && l.date <= to;
const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
const quantityOf = (ls: (RefLine & { sign: bigint })[]) => sum(ls.filter((l) => l.mapped && l.factor !== null).map((l) => l.sign * l.quantity * l.factor!));
const currenciesOf = (ls: RefLine[]) =>
  [...new Set(ls.map((l) => l.currency))].sort((a, b) => (a === b ? 0 : a === 'IDR' ? -1 : b === 'IDR' ? 1 : a < b ? -1 : 1));

export function refSummary(lines: RefLine[], viewer: Viewer, q: InsightFilters): InsightSummary {
  const from = monthStart(q.from);
  const to = monthEnd(q.to);
  const months = (day(q.to).getUTCFullYear() - day(q.from).getUTCFullYear()) * 12 + day(q.to).getUTCMonth() - day(q.from).getUTCMonth() + 1;
  const previousFrom = addMonths(from, -months);
  const previousTo = iso(new Date(day(from).getTime() - 86_400_000));
  const m = matching(lines, viewer, q);
  const cur = m.filter((l) => within(l, from, to));
  const prev = m.filter((l) => within(l, previousFrom, previousTo));
  const outlets = (ls: typeof m) => new Set(ls.filter((l) => l.sign > 0n && l.party !== '').map((l) => `${l.org}|${l.party}`)).size;
  const skus = (ls: typeof m) =>
    new Set(
      ls.filter((l) => l.sign > 0n && (viewer.kind === 'PRINCIPAL' ? l.skuId !== null : true)).map((l) => (viewer.kind === 'PRINCIPAL' ? l.skuId : l.code)),
    ).size;
  return {
    from,
    to,
    previousFrom,
    previousTo,
    currencies: currenciesOf([...cur, ...prev]).map((currency) => {
      const c = cur.filter((l) => l.currency === currency);
      const p = prev.filter((l) => l.currency === currency);
      const value = sum(c.map((l) => l.sign * l.amount));
      const previousValue = sum(p.map((l) => l.sign * l.amount));
      return {
        currency,
        value: fmt(value, 2),
        quantity: fmt(quantityOf(c), 4),
        unconvertibleLines: c.filter((l) => l.mapped && l.factor === null).length,
        unmappedLines: c.filter((l) => !l.mapped).length,
        activeOutlets: outlets(c),
        skusSold: skus(c),
        previous: { value: fmt(previousValue, 2), quantity: fmt(quantityOf(p), 4), activeOutlets: outlets(p), skusSold: skus(p) },
        growth: previousValue === 0n ? null : ratio(value - previousValue, previousValue, 4),
      };
    }),
  };
}

export function refTrend(lines: RefLine[], viewer: Viewer, q: InsightTrendQuery): InsightTrend {
  const g = q.granularity;
  const from = g === 'month' ? monthStart(q.from) : q.from;
  const to = g === 'month' ? monthEnd(q.to) : q.to;
  const periodOf = (d: string) => (g === 'month' ? monthStart(d) : g === 'week' ? mondayOf(d) : d);
  const periods: string[] = [];
  for (let p = periodOf(from); p <= to;) {
    periods.push(p);
    p = g === 'month' ? addMonths(p, 1) : iso(new Date(day(p).getTime() + (g === 'week' ? 7 : 1) * 86_400_000));
  }
  const m = matching(lines, viewer, q).filter((l) => within(l, from, to));
  const currencies = currenciesOf([...m, ...(q.currency ? [{ currency: q.currency } as RefLine] : [])]);
  return {
    granularity: g,
    points: periods.flatMap((period) =>
      currencies.map((currency) => {
        const ls = m.filter((l) => l.currency === currency && periodOf(l.date) === period);
        return { period, currency, value: fmt(sum(ls.map((l) => l.sign * l.amount)), 2), quantity: g === 'month' ? fmt(quantityOf(ls), 4) : null };
      }),
    ),
  };
}

const PRODUCT_DIMENSIONS = new Set<InsightDimension>(['sku', 'product', 'brand', 'category', 'distributor']);
/** A distributor's own codes: the same code at two distributors is two rows of a principal's ranking. */
const OWN_CODES = new Set<InsightDimension>(['product', 'customer', 'salesman']);

export function refTop(lines: RefLine[], viewer: Viewer, q: InsightFilters & { by: InsightDimension; limit: number }): InsightTop {
  const m = matching(lines, viewer, q).filter((l) => within(l, monthStart(q.from), monthEnd(q.to)));
  const keyOf = (l: RefLine): string | null =>
    ({
      sku: l.skuId,
      product: l.code,
      brand: l.brand,
      category: l.category,
      distributor: l.org,
      city: l.city,
      customer: l.party || null,
      salesman: l.salesman || null,
    })[q.by];
  const labelOf = (key: string | null, ls: RefLine[]): string | null => {
    const min = (xs: (string | null)[]) => xs.filter((x): x is string => x !== null).sort()[0] ?? null;
    switch (q.by) {
      case 'sku':
        return min(ls.map((l) => l.skuLabel));
      case 'product':
        return min(ls.map((l) => l.masterName)) ?? min(ls.map((l) => l.productName));
      case 'distributor':
        return key ? (viewer.names.get(key) ?? null) : null;
      case 'customer':
        return min(ls.map((l) => l.customerName));
      default:
        return key;
    }
  };
  const rows: InsightTop['rows'] = [];
  for (const currency of currenciesOf(m)) {
    const ofCurrency = m.filter((l) => l.currency === currency);
    const total = sum(ofCurrency.map((l) => l.sign * l.amount));
    const orgOf = (l: RefLine) => (OWN_CODES.has(q.by) && keyOf(l) !== null ? l.org : null);
    const groups = new Map<string, { key: string | null; org: string | null; ls: typeof m }>();
    for (const l of ofCurrency) {
      const id = JSON.stringify([keyOf(l), orgOf(l)]);
      const g = groups.get(id) ?? { key: keyOf(l), org: orgOf(l), ls: [] };
      g.ls.push(l);
      groups.set(id, g);
    }
    const order = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
    const ranked = [...groups.values()]
      .map((g) => ({ ...g, value: sum(g.ls.map((l) => l.sign * l.amount)) }))
      .sort((a, b) => (a.value !== b.value ? (a.value > b.value ? -1 : 1) : order(a.key, b.key) || order(a.org, b.org)))
      .slice(0, q.limit);
    for (const r of ranked) {
      const distributorId = viewer.kind === 'PRINCIPAL' ? r.org : null;
      rows.push({
        key: r.key,
        label: labelOf(r.key, r.ls),
        currency,
        value: fmt(r.value, 2),
        quantity: PRODUCT_DIMENSIONS.has(q.by) ? fmt(quantityOf(r.ls), 4) : null,
        share: total === 0n ? '0.0000' : ratio(r.value, total, 4),
        distributorId,
        distributorName: distributorId ? (viewer.names.get(distributorId) ?? null) : null,
      });
    }
  }
  return { by: q.by, rows };
}
