import { z } from 'zod';
import { calendarDate, documentTypeSlug, isoInstant, plainText, uuidParam } from './common';

// ---- External ingestion (docs/product/integrations.md, http-api.md): POST /api/ingest/:type --

/** The path names the document type by its slug, the way the DMS contract does (docs/product/dms-contract.md). */
export const ingestParams = z.strictObject({ type: documentTypeSlug });

/** Largest batch one request may carry; larger loads are split by the sender. */
export const INGEST_MAX_DOCUMENTS = 1000;
export const INGEST_MAX_LINES = 1000;

// Decimals travel as strings (never floats) with the scale the tables keep,
// so a stored value is exactly the value sent.
const money = z.string().regex(/^-?\d{1,16}(\.\d{1,2})?$/, 'a decimal string with at most 2 decimals, e.g. "12500.50"');
const quantity = z.string().regex(/^-?\d{1,14}(\.\d{1,4})?$/, 'a decimal string with at most 4 decimals, e.g. "12.5"');
const text = (max: number) => plainText(max);
const optionalText = (max: number) => plainText(max, 0).nullable().optional();

export const ingestLine = z.strictObject({
  /** Defaults to the line's position (1-based). */
  lineNo: z.number().int().min(1).max(100_000).optional(),
  productCode: text(100),
  productName: optionalText(300),
  quantity,
  unit: text(20),
  /** Quantity in the product's base unit; defaults to `quantity`. */
  quantityBase: quantity.optional(),
  unitPrice: money,
  discount: money.default('0'),
  tax: money.default('0'),
  amount: money,
});
export type IngestLine = z.infer<typeof ingestLine>;

/**
 * One canonical document (docs/product/canonical-documents.md) as an External system sends it. Stored
 * keyed by (integration, type, sourceId): sending it again changes nothing,
 * a changed version replaces the stored one and its lines. `sourceUpdatedAt`
 * (the sender's own change time) is optional; when given, an older version
 * than the stored one is ignored.
 */
export const ingestDocument = z.strictObject({
  sourceId: text(200),
  sourceUpdatedAt: isoInstant.optional(),
  number: text(100),
  /** yyyy-MM-dd */
  date: calendarDate,
  partyCode: optionalText(100),
  partyName: optionalText(300),
  salesmanCode: optionalText(100),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('IDR'),
  /** Defaults to the sum of the lines' amounts. */
  subtotal: money.optional(),
  discount: money.default('0'),
  tax: money.default('0'),
  total: money,
  status: optionalText(50),
  lines: z.array(ingestLine).min(1).max(INGEST_MAX_LINES),
});
export type IngestDocument = z.infer<typeof ingestDocument>;

/**
 * The batch envelope. Items are checked one by one (an invalid document is
 * rejected with its reason while the valid ones are stored), so the envelope
 * itself only requires an array; `ingestBodyDocumented` describes the items
 * for the OpenAPI document.
 */
export const ingestBody = z.strictObject({ documents: z.array(z.unknown()).min(1).max(INGEST_MAX_DOCUMENTS) });
export const ingestBodyDocumented = z.strictObject({ documents: z.array(ingestDocument).min(1).max(INGEST_MAX_DOCUMENTS) });

/** Why one record was refused; stable, so the SPA can translate it. */
export const ingestRejectCode = z.enum([
  'INVALID_FIELD',
  'MISSING_VALUE',
  'INVALID_NUMBER',
  'INVALID_DATE',
  'UNKNOWN_TYPE',
  'DUPLICATE_SOURCE_ID',
  'INCONSISTENT_DOCUMENT',
]);
export type IngestRejectCode = z.infer<typeof ingestRejectCode>;

export const ingestRejection = z.strictObject({
  /** Position of the document in `documents` (0-based). */
  index: z.number().int(),
  sourceId: z.string().nullable(),
  code: ingestRejectCode,
  /** The offending field, as a dotted path (`lines.0.amount`). */
  field: z.string().nullable(),
  reason: z.string(),
});

export const ingestResult = z.strictObject({
  received: z.number().int(),
  /** Valid documents (written or already stored as sent). */
  accepted: z.number().int(),
  /** Inserted or replaced. */
  written: z.number().int(),
  /** Identical to the stored version, or older than it: nothing changed. */
  unchanged: z.number().int(),
  rejected: z.array(ingestRejection),
});
export type IngestResult = z.infer<typeof ingestResult>;

// ---- CSV/XLSX import through the screen (docs/product/integrations.md) ----

export const importParams = uuidParam;
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

/** A document's header fields as the portal's files name them, in the same order on import and on export. */
export const DOCUMENT_FILE_HEADER_COLUMNS = ['number', 'date', 'party_code', 'party_name', 'salesman_code', 'status'] as const;

/** Columns of the import file, one row per document line, in template order. */
export const importColumns = [
  'type',
  'source_id',
  ...DOCUMENT_FILE_HEADER_COLUMNS,
  'product_code',
  'product_name',
  'qty',
  'unit',
  'price',
  'discount',
  'tax',
  'amount',
] as const;
export type ImportColumn = (typeof importColumns)[number];
export const IMPORT_REQUIRED_COLUMNS: readonly ImportColumn[] = ['type', 'source_id', 'number', 'date', 'product_code', 'qty', 'unit', 'price', 'amount'];

export const importRowError = z.strictObject({
  /** Row number in the file as a spreadsheet shows it (the header is row 1). */
  row: z.number().int(),
  sourceId: z.string().nullable(),
  code: ingestRejectCode,
  /** The file column at fault, when one is. */
  column: z.string().nullable(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof importRowError>;

export const importResult = z.strictObject({
  rows: z.number().int(),
  documents: z.number().int(),
  written: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(importRowError),
});
export type ImportResult = z.infer<typeof importResult>;

export const importTemplateQuery = z.strictObject({ format: z.enum(['csv', 'xlsx']).default('csv') });
