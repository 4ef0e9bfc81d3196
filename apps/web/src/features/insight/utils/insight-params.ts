import {
  INSIGHT_MEASURE_TYPES,
  insightDimension,
  type InsightDimension,
  insightFilters,
  insightGranularity,
  type InsightGranularity,
  insightMeasure,
  type InsightMeasure,
  type OrganizationKind,
} from '@portal/contracts';

// The insight screen's state lives in the address bar (shareable, Back works):
// the measure, a period preset (or a custom range), the granularity, the top
// table's dimension and the narrowing filters. A preset is kept as its name,
// so a shared "bulan ini" link means this month for whoever opens it.

export const PERIODS = ['latest', 'this_month', 'last_month', 'last_3_months', 'last_6_months', 'last_12_months', 'this_year', 'custom'] as const;
export type Period = (typeof PERIODS)[number];
/** The screen opens on the twelve months up to the latest month with documents, so data synced a while ago still shows. */
export const DEFAULT_PERIOD: Period = 'latest';
export const DEFAULT_GRANULARITY: InsightGranularity = 'month';

/** The narrowing filters, each a parameter of the insight API and of the address. */
export const NARROWING = ['distributorId', 'skuId', 'productCode', 'brand', 'category', 'city', 'customer', 'salesman', 'currency'] as const;
export type Narrowing = (typeof NARROWING)[number];

export interface InsightView {
  measure: InsightMeasure;
  period: Period;
  /** Only for `custom`. */
  from?: string | undefined;
  to?: string | undefined;
  granularity: InsightGranularity;
  by: InsightDimension;
  principalGoodsOnly: boolean;
  filters: Partial<Record<Narrowing, string>>;
}

/** What each kind ranks by: a distributor has no SKUs and no distributors, only its own products. */
export function dimensionsFor(kind: OrganizationKind): InsightDimension[] {
  return kind === 'PRINCIPAL' ? insightDimension.options : insightDimension.options.filter((d) => d !== 'sku' && d !== 'distributor');
}

/** The filter a top row's key becomes when the row is clicked. */
export const FILTER_OF_DIMENSION = {
  sku: 'skuId',
  product: 'productCode',
  brand: 'brand',
  category: 'category',
  distributor: 'distributorId',
  city: 'city',
  customer: 'customer',
  salesman: 'salesman',
} as const satisfies Record<InsightDimension, Narrowing>;

/** A parameter that is not valid (a hand-edited link) is left out rather than failing the screen. */
export function viewFromParams(params: URLSearchParams, kind: OrganizationKind): InsightView {
  const pick = <T>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }, key: string): T | undefined => {
    const raw = params.get(key);
    if (raw === null || raw === '') return undefined;
    const parsed = schema.safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  };
  const dims = dimensionsFor(kind);
  const by = pick<InsightDimension>(insightDimension, 'by');
  const period = params.get('period');
  const filters: InsightView['filters'] = {};
  for (const key of NARROWING) {
    if (kind !== 'PRINCIPAL' && (key === 'distributorId' || key === 'skuId')) continue;
    const value = pick<string>(insightFilters.shape[key], key);
    if (value !== undefined) filters[key] = value;
  }
  const from = pick<string>(insightFilters.shape.from, 'from');
  const to = pick<string>(insightFilters.shape.to, 'to');
  return {
    measure: pick<InsightMeasure>(insightMeasure, 'measure') ?? 'sell_out',
    period: (PERIODS as readonly string[]).includes(period ?? '') ? (period as Period) : DEFAULT_PERIOD,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    granularity: pick<InsightGranularity>(insightGranularity, 'granularity') ?? DEFAULT_GRANULARITY,
    by: by && dims.includes(by) ? by : dims[0]!,
    principalGoodsOnly: kind === 'PRINCIPAL' && params.get('principalGoodsOnly') === 'true',
    filters,
  };
}

/** The address of a view: defaults left out, so the plain screen has a plain address. */
export function paramsFromView(view: InsightView, kind: OrganizationKind): URLSearchParams {
  const params = new URLSearchParams();
  if (view.measure !== 'sell_out') params.set('measure', view.measure);
  if (view.period !== DEFAULT_PERIOD) params.set('period', view.period);
  if (view.period === 'custom') {
    if (view.from) params.set('from', view.from);
    if (view.to) params.set('to', view.to);
  }
  if (view.granularity !== DEFAULT_GRANULARITY) params.set('granularity', view.granularity);
  if (view.by !== dimensionsFor(kind)[0]) params.set('by', view.by);
  if (view.principalGoodsOnly && view.measure === 'sell_in') params.set('principalGoodsOnly', 'true');
  for (const key of NARROWING) {
    const value = view.filters[key];
    if (value) params.set(key, value);
  }
  return params;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (day: string) => new Date(`${day}T00:00:00Z`);
const monthStart = (day: string, monthsBack = 0) => {
  const d = utc(`${day.slice(0, 7)}-01`);
  d.setUTCMonth(d.getUTCMonth() - monthsBack);
  return iso(d);
};
const monthEnd = (day: string) => {
  const d = utc(`${day.slice(0, 7)}-01`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  d.setUTCDate(0);
  return iso(d);
};

/** Today as the user's calendar shows it (yyyy-MM-dd). */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/**
 * The dates a preset covers on `today`. "3 bulan terakhir" is this month and
 * the two before it (the API counts whole months for the tiles); `latest` is
 * the twelve months up to the month of `latest` (the newest document of the
 * measure's types), or up to this month when there is none.
 */
export function periodRange(view: Pick<InsightView, 'period' | 'from' | 'to'>, today: string, latest?: string | null): { from: string; to: string } {
  switch (view.period) {
    case 'latest': {
      const base = latest ?? today;
      return { from: monthStart(base, 11), to: monthEnd(base) };
    }
    case 'this_month':
      return { from: monthStart(today), to: today };
    case 'last_month': {
      const previous = monthStart(today, 1);
      return { from: previous, to: monthEnd(previous) };
    }
    case 'last_3_months':
      return { from: monthStart(today, 2), to: today };
    case 'last_6_months':
      return { from: monthStart(today, 5), to: today };
    case 'last_12_months':
      return { from: monthStart(today, 11), to: today };
    case 'this_year':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case 'custom': {
      const from = view.from ?? monthStart(today);
      const to = view.to ?? today;
      return from <= to ? { from, to } : { from: to, to: from };
    }
  }
}

/** The insight API's query for a view over a range (`withCurrency: false` for the tiles, which list every currency). */
export function queryOf(view: InsightView, range: { from: string; to: string }, withCurrency = true) {
  const { currency, ...rest } = view.filters;
  return {
    measure: view.measure,
    from: range.from,
    to: range.to,
    ...rest,
    ...(withCurrency && currency ? { currency } : {}),
    ...(view.principalGoodsOnly && view.measure === 'sell_in' ? { principalGoodsOnly: 'true' as const } : {}),
  };
}

/** The document types a measure reads, as the documents list's `types` parameter. */
export const documentTypesOf = (measure: InsightMeasure) => Object.keys(INSIGHT_MEASURE_TYPES[measure]).join(',');

/**
 * The documents behind a figure: the same range (the months the figure
 * covers), the measure's types and every filter the documents list knows.
 * Brand, category and "only the principal's goods" have no document filter,
 * so a figure narrowed by them has no honest list to open: null.
 */
export function documentsLink(view: InsightView, range: { from: string; to: string }, extra: Partial<Record<Narrowing, string>> = {}): string | null {
  const f = { ...view.filters, ...extra };
  if (f.brand || f.category || (view.principalGoodsOnly && view.measure === 'sell_in')) return null;
  const params = new URLSearchParams({ types: documentTypesOf(view.measure), from: range.from, to: range.to });
  const map: [Narrowing, string][] = [
    ['distributorId', 'distributorId'],
    ['skuId', 'skuId'],
    ['productCode', 'product'],
    ['customer', 'party'],
    ['salesman', 'salesman'],
    ['city', 'city'],
  ];
  for (const [from, to] of map) if (f[from]) params.set(to, f[from]);
  return `/documents?${params.toString()}`;
}
