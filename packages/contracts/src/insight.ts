import { z } from 'zod';
import { calendarDate, plainText, queryInt } from './common';

// Insight (issue 13, SPEC 11, docs/product/master-data.md): sell-out and
// sell-in figures for a principal over its connected distributors (its own
// SKUs, only consented types) and for a distributor over its own data (its
// own product codes). Every figure is per currency; decimals are strings.

/**
 * sell_out: sales invoices minus sales returns. sell_in: purchase invoices
 * (`principalGoodsOnly`: only lines whose product maps to one of the
 * principal's SKUs — the goods it supplied).
 */
export const insightMeasure = z.enum(['sell_out', 'sell_in']);
export type InsightMeasure = z.infer<typeof insightMeasure>;

/** The document types each measure reads and the sign each type carries. */
export const INSIGHT_MEASURE_TYPES = {
  sell_out: { SALES_INVOICE: 1, SALES_RETURN: -1 },
  sell_in: { PURCHASE_INVOICE: 1 },
} as const satisfies Record<InsightMeasure, Partial<Record<string, 1 | -1>>>;

export const insightGranularity = z.enum(['day', 'week', 'month']);
export type InsightGranularity = z.infer<typeof insightGranularity>;
/** The longest range each granularity charts (inclusive days): the chart stays readable and the query bounded. */
export const INSIGHT_MAX_RANGE_DAYS = { day: 92, week: 371, month: 1100 } as const satisfies Record<InsightGranularity, number>;

/**
 * What a top-N table ranks by. A principal ranks its SKUs (and their brand
 * and category from its catalogue); a distributor ranks its own products
 * (brand and category from its product master data). `product` is the
 * distributor's product code (for a principal: including unmapped ones).
 * City comes from the customer's master data.
 */
export const insightDimension = z.enum(['sku', 'product', 'brand', 'category', 'distributor', 'city', 'customer', 'salesman']);
export type InsightDimension = z.infer<typeof insightDimension>;

/** Filters every insight endpoint takes; a figure's drill-down carries the same ones to the documents list. */
export const insightFilters = z.strictObject({
  measure: insightMeasure.default('sell_out'),
  from: calendarDate,
  to: calendarDate,
  /** Principals: one connected distributor. */
  distributorId: z.uuid().optional(),
  /** Principals: one of its SKUs. */
  skuId: z.uuid().optional(),
  /** Distributor product code (a distributor's own, or for a principal with `distributorId`). */
  productCode: plainText(100).optional(),
  brand: plainText(120).optional(),
  category: plainText(120).optional(),
  city: plainText(120).optional(),
  /** Customer (outlet) code. */
  customer: plainText(100).optional(),
  salesman: plainText(100).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  /** sell_in for a principal: only its own goods (mapped lines). */
  principalGoodsOnly: z
    .union([z.boolean(), z.enum(['true', 'false'])])
    .transform((v) => v === true || v === 'true')
    .default(false),
});
export type InsightFilters = z.infer<typeof insightFilters>;

const figure = z.object({
  currency: z.string(),
  /** Signed value (returns subtracted), 2 places. */
  value: z.string(),
  /** In base units (the SKU's for a principal, the product's for a distributor); lines whose unit cannot be converted are left out and counted in `unconvertibleLines`. */
  quantity: z.string(),
  unconvertibleLines: z.number().int(),
  /** Lines of products not mapped to any SKU (principals; always 0 for a distributor): in `value`, not in `quantity`. */
  unmappedLines: z.number().int(),
});

/** KPI tiles: the range and the same-length range just before it, per currency. */
export const insightSummary = z.object({
  from: calendarDate,
  to: calendarDate,
  previousFrom: calendarDate,
  previousTo: calendarDate,
  currencies: z.array(
    figure.extend({
      activeOutlets: z.number().int(),
      /** Distinct SKUs (principal) or products (distributor) with a line. */
      skusSold: z.number().int(),
      previous: z.object({ value: z.string(), quantity: z.string(), activeOutlets: z.number().int(), skusSold: z.number().int() }),
      /** value / previous value - 1, 4 places; null when the previous value is 0. */
      growth: z.string().nullable(),
    }),
  ),
});
export type InsightSummary = z.infer<typeof insightSummary>;

export const insightTrendQuery = insightFilters.extend({ granularity: insightGranularity.default('month') });
export type InsightTrendQuery = z.infer<typeof insightTrendQuery>;
/** One point per period start (yyyy-MM-dd; a week starts on Monday) and currency, every period of the range present (zero when empty). */
export const insightTrend = z.object({
  granularity: insightGranularity,
  points: z.array(z.object({ period: calendarDate, currency: z.string(), value: z.string(), quantity: z.string().nullable() })),
});
export type InsightTrend = z.infer<typeof insightTrend>;

export const insightTopQuery = insightFilters.extend({ by: insightDimension, limit: queryInt(1, 100, 10) });
export type InsightTopQuery = z.infer<typeof insightTopQuery>;
export const insightTopRow = z.object({
  /** The filter value that drills into this row (SKU id, product code, brand, distributor id, city, customer code, salesman code); null: none named. */
  key: z.string().nullable(),
  label: z.string().nullable(),
  currency: z.string(),
  value: z.string(),
  quantity: z.string().nullable(),
  /** Share of the currency's total value in the range, 4 places. */
  share: z.string(),
  /**
   * A principal's product, customer and salesman rows are a distributor's own
   * codes: the same code at two distributors is two products, outlets or
   * salesmen, so each row names its distributor (drilling in narrows to it
   * too). Null on every other row and for a distributor's own figures.
   */
  distributorId: z.uuid().nullable(),
  distributorName: z.string().nullable(),
});
export type InsightTopRow = z.infer<typeof insightTopRow>;
export const insightTop = z.object({ by: insightDimension, rows: z.array(insightTopRow) });
export type InsightTop = z.infer<typeof insightTop>;

export const insightExportQuery = insightTrendQuery;
