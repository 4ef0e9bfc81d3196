import { z } from 'zod';
import { plainText, queryInt } from './common';

// Product mapping (issue 13, docs/product/master-data.md): per principal and
// connected distributor, which of the principal's SKUs a distributor product
// code is. Figures read the mapping when they are asked for, so a change
// shows at once.

export const productMappingMethod = z.enum(['CODE', 'BARCODE', 'NAME', 'MANUAL']);
export type ProductMappingMethod = z.infer<typeof productMappingMethod>;

/** A name-similarity suggestion below this score is not offered (pg_trgm similarity, 0..1). */
export const NAME_SUGGESTION_MIN_SCORE = 0.3;

const skuRef = z.object({ id: z.uuid(), code: z.string(), name: z.string(), baseUnit: z.string() });

/** A suggestion: the best SKU for a distributor product and why (same code 1, same barcode 1, else name similarity). */
export const mappingSuggestion = z.object({
  sku: skuRef,
  method: productMappingMethod.exclude(['MANUAL']),
  /** 0..1 as a decimal string, 3 places. */
  score: z.string(),
});
export type MappingSuggestion = z.infer<typeof mappingSuggestion>;

/**
 * One distributor product as the mapping screen lists it: its code, what the
 * distributor calls it (master data or the newest line), its sales value over
 * the last 12 months per currency (sell-out: invoices minus returns), its
 * mapping if any and the best suggestion when unmapped.
 */
export const mappingRow = z.object({
  distributorId: z.uuid(),
  distributorName: z.string(),
  productCode: z.string(),
  productName: z.string().nullable(),
  barcode: z.string().nullable(),
  baseUnit: z.string().nullable(),
  salesValue: z.array(z.object({ currency: z.string(), amount: z.string() })),
  mapping: z
    .object({
      id: z.uuid(),
      sku: skuRef,
      method: productMappingMethod,
      score: z.string().nullable(),
      updatedAt: z.iso.datetime(),
    })
    .nullable(),
  suggestion: mappingSuggestion.nullable(),
});
export type MappingRow = z.infer<typeof mappingRow>;

export const mappingsQuery = z.strictObject({
  distributorId: z.uuid().optional(),
  /** `unmapped` (default): the biggest gaps first; `mapped`; `all`. */
  status: z.enum(['unmapped', 'mapped', 'all']).default('unmapped'),
  /** Product code or name contains, any case. */
  q: plainText(100).optional(),
  limit: queryInt(1, 200, 50),
  cursor: z.string().max(500).optional(),
});
export type MappingsQuery = z.infer<typeof mappingsQuery>;
export const mappingList = z.object({ data: z.array(mappingRow), nextCursor: z.string().nullable() });
export type MappingList = z.infer<typeof mappingList>;

/** Confirm (or change) one or many mappings; a suggestion confirmed keeps its method and score, a hand choice is MANUAL. */
export const confirmMappingsBody = z.strictObject({
  mappings: z
    .array(
      z.strictObject({
        distributorId: z.uuid(),
        productCode: plainText(100),
        skuId: z.uuid(),
        method: productMappingMethod.default('MANUAL'),
        score: z
          .string()
          .regex(/^(0(\.\d{1,3})?|1(\.0{1,3})?)$/)
          .nullable()
          .default(null),
      }),
    )
    .min(1)
    .max(500),
});
export type ConfirmMappingsBody = z.infer<typeof confirmMappingsBody>;
export const confirmMappingsResult = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });
export type ConfirmMappingsResult = z.infer<typeof confirmMappingsResult>;

/** Accept every current suggestion at or above `minScore` (same code and same barcode score 1). */
export const acceptSuggestionsBody = z.strictObject({
  distributorId: z.uuid().optional(),
  minScore: z
    .string()
    .regex(/^(0(\.\d{1,3})?|1(\.0{1,3})?)$/)
    .default('1'),
});
export type AcceptSuggestionsBody = z.infer<typeof acceptSuggestionsBody>;

export const mappingSummary = z.object({
  distributors: z.array(
    z.object({ distributorId: z.uuid(), distributorName: z.string(), products: z.number().int(), mapped: z.number().int(), suggested: z.number().int() }),
  ),
});
export type MappingSummary = z.infer<typeof mappingSummary>;
