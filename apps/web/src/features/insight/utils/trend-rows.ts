import { compareCurrencies, type InsightTrend } from '@portal/contracts';

export interface TrendRow {
  period: string;
  /** `value:<currency>` and `quantity:<currency>` per currency (quantity null where the API has none). */
  [series: string]: string | number | null;
}

/**
 * The trend's points as one row per period with a value (and quantity)
 * column per currency, for a chart with one line per currency: currencies
 * are never added together. Quantity is charted only when some point has one
 * (the API gives none for day and week periods read from the day sums).
 */
export function trendRows(trend: InsightTrend): { rows: TrendRow[]; currencies: string[]; hasQuantity: boolean } {
  const currencies = [...new Set(trend.points.map((p) => p.currency))].sort(compareCurrencies);
  const byPeriod = new Map<string, TrendRow>();
  for (const p of trend.points) {
    const row = byPeriod.get(p.period) ?? { period: p.period };
    row[`value:${p.currency}`] = Number(p.value);
    row[`quantity:${p.currency}`] = p.quantity === null ? null : Number(p.quantity);
    byPeriod.set(p.period, row);
  }
  const rows = [...byPeriod.values()].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  return { rows, currencies, hasQuantity: trend.points.some((p) => p.quantity !== null) };
}
