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

/** Count and amount of one document type: sales and purchases are different money, so screens show them apart. */
const typeTotal = z.object({ type: documentType, documents: z.number().int(), amount: decimal });

export const documentTotals = z.object({
  documents: z.number().int(),
  /** Every listed document's total added up: meaningful when one type is listed; `byType` otherwise. */
  amount: decimal,
  byType: z.array(typeTotal),
  byDistributor: z.array(z.object({ id: z.uuid(), name: z.string(), documents: z.number().int(), amount: decimal, byType: z.array(typeTotal) })),
});

export const documentList = z.object({
  data: z.array(documentSummary),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
  totals: documentTotals,
});
export type DocumentList = z.infer<typeof documentList>;

export const documentSeriesQuery = documentFilters.extend({ granularity: z.enum(['day', 'month']).default('month') });
export const documentSeries = z.object({
  data: z.array(z.object({ period: calendarDate, type: documentType, documents: z.number().int(), amount: decimal })),
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
