import { compareCurrencies, type DocumentSeries, type DocumentType } from '@portal/contracts';

/** One bar group per month: the month (yyyy-MM-01) and an amount per document type, 0 where nothing happened. */
export type ChartRow = { period: string } & Partial<Record<DocumentType, number>>;

const monthOf = (isoDay: string) => `${isoDay.slice(0, 7)}-01`;
function nextMonth(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** The currencies of a series, in the order screens list them (IDR first): the chart shows one at a time. */
export function seriesCurrencies(series: DocumentSeries): string[] {
  return [...new Set(series.data.map((p) => p.currency))].sort(compareCurrencies);
}

/**
 * Every month of the range (the filter's from/to, else the first and last
 * month with documents in any currency, so switching currency keeps the same
 * months), so a month without documents shows as 0 instead of disappearing,
 * and each type of that one currency as its own value: sales and purchases,
 * like rupiah and dollars, are never added into one bar.
 */
export function monthlyRows(
  series: DocumentSeries,
  range: { from?: string | undefined; to?: string | undefined },
  currency: string,
): { rows: ChartRow[]; types: DocumentType[] } {
  const periods = series.data.map((p) => monthOf(p.period)).sort();
  const first = range.from ? monthOf(range.from) : periods[0];
  const last = range.to ? monthOf(range.to) : periods.at(-1);
  if (!first || !last || first > last) return { rows: [], types: [] };
  const points = series.data.filter((p) => p.currency === currency);
  const types = [...new Set(points.map((p) => p.type))].sort();
  const byMonth = new Map<string, ChartRow>();
  for (let m = first; m <= last; m = nextMonth(m)) byMonth.set(m, { period: m, ...Object.fromEntries(types.map((t) => [t, 0])) });
  for (const p of points) {
    const row = byMonth.get(monthOf(p.period));
    if (row) row[p.type] = (row[p.type] ?? 0) + Number(p.amount);
  }
  return { rows: [...byMonth.values()], types };
}
