import { z } from 'zod';
import { calendarDate, documentType, plainText, queryInt } from './common';

/** Decimals travel as strings: never through floating point. */
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/);

/** Columns the list sorts by; each pages by keyset on (column, id), so the cursor carries the column's value. */
export const documentSortColumn = z.enum(['date', 'number', 'party', 'total']);
export type DocumentSortColumn = z.infer<typeof documentSortColumn>;
export const documentSort = z.enum(['date_desc', 'date_asc', 'number_desc', 'number_asc', 'party_desc', 'party_asc', 'total_desc', 'total_asc']);
export type DocumentSort = z.infer<typeof documentSort>;

export const documentFilters = z.strictObject({
  type: documentType.optional(),
  /** Part of the document number, any case. */
  number: plainText(100).optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  /** Customer or supplier code, or part of its name. */
  party: plainText(100).optional(),
  /** Product code on any line. */
  product: plainText(100).optional(),
  /** Principals: one connected distributor. */
  distributorId: z.uuid().optional(),
  integrationId: z.uuid().optional(),
  /** Several types at once, comma-separated (`SALES_INVOICE,SALES_RETURN`: an insight figure's sell-out drill-down). */
  types: z
    .union([
      z.array(documentType),
      z
        .string()
        .max(200)
        .transform((v) => v.split(',').map((t) => t.trim())),
    ])
    .pipe(z.array(documentType).min(1).max(5))
    .optional(),
  /** Principals: documents with a line of a product mapped to this SKU (insight drill-down). */
  skuId: z.uuid().optional(),
  /** Salesman code on the document. */
  salesman: plainText(100).optional(),
  /** Customers in this city (from master data). */
  city: plainText(120).optional(),
});
export type DocumentFilters = z.infer<typeof documentFilters>;

export const documentsQuery = documentFilters.extend({
  sort: documentSort.default('date_desc'),
  limit: queryInt(1, 200, 50),
  cursor: z.string().max(1200).optional(),
});
export type DocumentsQuery = z.infer<typeof documentsQuery>;

/**
 * The `templateVersion` of documents an External integration pushed (API or
 * file import): they went through no model template. Template versions start at 1.
 */
export const EXTERNAL_TEMPLATE_VERSION = 0;

export const documentSummary = z.object({
  id: z.uuid(),
  distributor: z.object({ id: z.uuid(), name: z.string() }),
  integrationId: z.uuid(),
  type: documentType,
  sourceId: z.string(),
  number: z.string(),
  date: calendarDate,
  partyCode: z.string().nullable(),
  partyName: z.string().nullable(),
  salesmanCode: z.string().nullable(),
  currency: z.string(),
  subtotal: decimal,
  discount: decimal,
  tax: decimal,
  total: decimal,
  status: z.string().nullable(),
  sourceUpdatedAt: z.iso.datetime(),
  templateVersion: z.number().int(),
  lineCount: z.number().int(),
});
export type DocumentSummary = z.infer<typeof documentSummary>;

export const documentLine = z.object({
  lineNo: z.number().int(),
  productCode: z.string(),
  productName: z.string().nullable(),
  quantity: decimal,
  unit: z.string(),
  quantityBase: decimal,
  unitPrice: decimal,
  discount: decimal,
  tax: decimal,
  amount: decimal,
});

export const documentDetail = documentSummary.extend({ lines: z.array(documentLine) });
export type DocumentDetail = z.infer<typeof documentDetail>;

/**
 * Amounts are per currency: documents keep the currency their source sent
 * (SPEC 6) and are never converted, so no total adds different currencies.
 */
const currencyTotal = z.object({ currency: z.string(), documents: z.number().int(), amount: decimal });
/** Count and amount of one document type in one currency: sales and purchases are different money too, so screens show them apart. */
const typeTotal = z.object({ type: documentType, currency: z.string(), documents: z.number().int(), amount: decimal });

/** `byType` in the contracts' type order, then currency order; `byCurrency` in currency order. */
export const documentTotals = z.object({
  documents: z.number().int(),
  byType: z.array(typeTotal),
  byCurrency: z.array(currencyTotal),
  byDistributor: z.array(
    z.object({ id: z.uuid(), name: z.string(), documents: z.number().int(), byType: z.array(typeTotal), byCurrency: z.array(currencyTotal) }),
  ),
});

/** The order currencies are listed in: IDR (the portal's own, and the default of documents without one) first, then alphabetical. */
export function compareCurrencies(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'IDR') return -1;
  if (b === 'IDR') return 1;
  return a < b ? -1 : 1;
}

export const documentList = z.object({
  data: z.array(documentSummary),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
  totals: documentTotals,
});
export type DocumentList = z.infer<typeof documentList>;

export const documentSeriesQuery = documentFilters.extend({ granularity: z.enum(['day', 'month']).default('month') });
export const documentSeries = z.object({
  data: z.array(z.object({ period: calendarDate, type: documentType, currency: z.string(), documents: z.number().int(), amount: decimal })),
});
export type DocumentSeries = z.infer<typeof documentSeries>;

export const documentExportQuery = documentFilters.extend({ format: z.enum(['csv', 'xlsx']).default('csv') });

/**
 * Spreadsheet formula injection: text cells starting with = + - @ (or tab /
 * carriage return) are prefixed with a quote so Excel and LibreOffice show
 * them as text instead of running them.
 */
export function escapeSpreadsheetText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The changes feed (docs/product/api-keys-and-audit.md): `after` is the
 * `nextCursor` of the previous page (absent: from the beginning). Opaque to
 * clients; the API checks it (400 `INVALID_CURSOR`).
 */
export const documentChangesQuery = z.strictObject({
  after: z.string().max(200).optional(),
  limit: queryInt(1, 500, 100),
});
export type DocumentChangesQuery = z.infer<typeof documentChangesQuery>;

/** Why a document left the caller's feed. */
export const documentDeleteReason = z.enum(['DELETED_AT_SOURCE', 'INTEGRATION_DELETED', 'CONNECTION_REVOKED', 'CONNECTION_NARROWED']);
export type DocumentDeleteReason = z.infer<typeof documentDeleteReason>;

export const documentChange = z.discriminatedUnion('changeType', [
  z.object({ changeType: z.literal('UPSERT'), document: documentDetail }),
  z.object({ changeType: z.literal('DELETE'), id: z.uuid(), reason: documentDeleteReason }),
]);
export type DocumentChange = z.infer<typeof documentChange>;

/**
 * One page of changes, each document at most once (at its latest change).
 * `nextCursor` is always given: pass it as `after` next time, also when the
 * page was empty. `hasMore`: more changes are ready now; a page may hold fewer
 * than `limit` entries while `hasMore` is true.
 */
export const documentChanges = z.object({
  data: z.array(documentChange),
  nextCursor: z.string(),
  hasMore: z.boolean(),
});
export type DocumentChanges = z.infer<typeof documentChanges>;
