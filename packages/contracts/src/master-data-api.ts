import { z } from 'zod';
import { integrationKind } from './integrations';
import { isoInstant, plainText, queryInt, uuidParam } from './common';
import { importRowError } from './ingest';
import { conversionFactor, masterDataSlug, type UnitConversion, unitConversions, unitKey, unitName } from './master-data';

// Master data through the API (docs/product/master-data.md): an External
// integration's customers and products pushed with its ingestion key or
// imported from a file, and the read API over every integration's master data.

// ---- External ingestion: POST /api/ingest/customers, POST /api/ingest/products ----

/** Largest batch one request may carry, as for documents; larger loads are split by the sender. */
export const INGEST_MAX_RECORDS = 1000;

const optionalText = (max: number) => plainText(max, 0).nullable().optional();

/**
 * A customer (outlet) as an External system sends it: the canonical customer
 * with the optional fields optional. `sourceUpdatedAt` is the sender's own
 * change time; when given, an older version than the stored one is ignored.
 */
export const ingestCustomer = z.strictObject({
  sourceId: plainText(200),
  sourceUpdatedAt: isoInstant.optional(),
  code: plainText(100),
  name: plainText(300),
  address: optionalText(500),
  city: optionalText(120),
  salesmanCode: optionalText(100),
  outletType: optionalText(120),
});
export type IngestCustomer = z.infer<typeof ingestCustomer>;

/** A product with its base unit and the other units it is sold in (`[{ unit: 'KRT', factor: '48' }]`: 1 KRT = 48 base units). */
export const ingestProduct = z
  .strictObject({
    sourceId: plainText(200),
    sourceUpdatedAt: isoInstant.optional(),
    code: plainText(100),
    name: plainText(300),
    baseUnit: unitName,
    conversions: unitConversions.default([]),
    brand: optionalText(120),
    category: optionalText(120),
    barcode: optionalText(64),
  })
  .refine((p) => !p.conversions.some((c) => unitKey(c.unit) === unitKey(p.baseUnit)), {
    message: 'the base unit is not listed among the conversions',
    path: ['conversions'],
  });
export type IngestProduct = z.infer<typeof ingestProduct>;

/**
 * The batch envelope. Records are checked one by one (an invalid record is
 * rejected with its reason while the valid ones are stored), so the envelope
 * only requires an array; the documented forms describe the records for the
 * OpenAPI document. The answer is `ingestResult`, as for documents.
 */
export const ingestMasterDataBody = z.strictObject({ records: z.array(z.unknown()).min(1).max(INGEST_MAX_RECORDS) });
export const ingestCustomersBodyDocumented = z.strictObject({ records: z.array(ingestCustomer).min(1).max(INGEST_MAX_RECORDS) });
export const ingestProductsBodyDocumented = z.strictObject({ records: z.array(ingestProduct).min(1).max(INGEST_MAX_RECORDS) });

// ---- CSV/XLSX import through the screen ----

/**
 * Each file column: its English name (the template's) and the Bahasa
 * Indonesia names also accepted, compared lower-cased with spaces and dashes
 * as underscores. Products' `conversions` are written `DUS=12;KRT=48`.
 */
export const MASTER_DATA_COLUMNS = {
  customers: [
    { column: 'source_id', aliases: ['id_sumber'], required: true },
    { column: 'code', aliases: ['kode', 'kode_pelanggan'], required: true },
    { column: 'name', aliases: ['nama', 'nama_pelanggan'], required: true },
    { column: 'address', aliases: ['alamat'], required: false },
    { column: 'city', aliases: ['kota'], required: false },
    { column: 'salesman_code', aliases: ['kode_salesman'], required: false },
    { column: 'outlet_type', aliases: ['tipe_outlet'], required: false },
  ],
  products: [
    { column: 'source_id', aliases: ['id_sumber'], required: true },
    { column: 'code', aliases: ['kode', 'kode_barang'], required: true },
    { column: 'name', aliases: ['nama', 'nama_barang'], required: true },
    { column: 'base_unit', aliases: ['satuan_dasar'], required: true },
    { column: 'conversions', aliases: ['konversi'], required: false },
    { column: 'brand', aliases: ['merek'], required: false },
    { column: 'category', aliases: ['kategori'], required: false },
    { column: 'barcode', aliases: [], required: false },
  ],
} as const satisfies Record<z.infer<typeof masterDataSlug>, readonly { column: string; aliases: readonly string[]; required: boolean }[]>;

export const masterDataImportParams = uuidParam.extend({ kind: masterDataSlug });
export const masterDataKindParams = z.strictObject({ kind: masterDataSlug });
export const masterDataTemplateQuery = z.strictObject({ format: z.enum(['csv', 'xlsx']).default('csv') });

export const masterDataImportResult = z.strictObject({
  rows: z.number().int(),
  /** Valid rows (written or already stored as sent). */
  records: z.number().int(),
  written: z.number().int(),
  unchanged: z.number().int(),
  /** Rows refused, each with its row number, column and code; the valid rows are stored. */
  errors: z.array(importRowError),
});
export type MasterDataImportResult = z.infer<typeof masterDataImportResult>;

// ---- read API: GET /api/master-data/customers, /products, /summary ----

export const masterDataQuery = z.strictObject({
  integrationId: z.uuid().optional(),
  /** A principal: one connected distributor. */
  distributorId: z.uuid().optional(),
  /** Code or name contains (case-insensitive). */
  q: plainText(100).optional(),
  limit: queryInt(1, 200, 50),
  cursor: z.string().max(1200).optional(),
});
export type MasterDataQuery = z.infer<typeof masterDataQuery>;

const masterDataRow = {
  id: z.uuid(),
  distributor: z.object({ id: z.uuid(), name: z.string() }),
  /** Null name: an integration the caller may no longer see (e.g. after a connection was narrowed). */
  integration: z.object({ id: z.uuid(), name: z.string().nullable() }),
  sourceId: z.string(),
  code: z.string(),
  name: z.string(),
  sourceUpdatedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};

export const customerItem = z.object({
  ...masterDataRow,
  address: z.string().nullable(),
  city: z.string().nullable(),
  salesmanCode: z.string().nullable(),
  outletType: z.string().nullable(),
});
export type CustomerItem = z.infer<typeof customerItem>;

export const productItem = z.object({
  ...masterDataRow,
  baseUnit: z.string(),
  conversions: z.array(z.object({ unit: z.string(), factor: z.string() })),
  brand: z.string().nullable(),
  category: z.string().nullable(),
  barcode: z.string().nullable(),
});
export type ProductItem = z.infer<typeof productItem>;

export const customerList = z.object({ data: z.array(customerItem), nextCursor: z.string().nullable() });
export const productList = z.object({ data: z.array(productItem), nextCursor: z.string().nullable() });

/** Per visible integration: how much master data it holds and when it last changed. */
export const masterDataSummary = z.object({
  data: z.array(
    z.object({
      integration: z.object({ id: z.uuid(), name: z.string(), kind: integrationKind }),
      distributor: z.object({ id: z.uuid(), name: z.string() }),
      customers: z.number().int(),
      products: z.number().int(),
      lastUpdatedAt: z.iso.datetime().nullable(),
    }),
  ),
});
export type MasterDataSummary = z.infer<typeof masterDataSummary>;

/**
 * An import file's conversions cell, `DUS=12;KRT=48` (also `|` between units,
 * `:` for `=`, a decimal comma `0,5`; unit names upper-cased as `unitKey`
 * compares them) → conversions, or why not in words. An empty cell is no
 * conversions; a cell a spreadsheet stored as a number is no such text. Used
 * by every import that reads conversions (master-data products, the SKU catalogue).
 */
export function parseConversions(cell: string | number | undefined): { ok: true; conversions: UnitConversion[] } | { ok: false; message: string } {
  if (typeof cell === 'number') return { ok: false, message: 'write the conversions as UNIT=factor;UNIT=factor, e.g. DUS=12;KRT=48' };
  const raw = (cell ?? '').trim();
  if (raw === '') return { ok: true, conversions: [] };
  const conversions: UnitConversion[] = [];
  for (const part of raw.split(/[;|]/)) {
    if (part.trim() === '') continue;
    const m = /^\s*([^=:]+?)\s*[=:]\s*(\S+)\s*$/.exec(part);
    if (!m) return { ok: false, message: `"${part.trim()}" is not UNIT=factor (e.g. DUS=12)` };
    const factor = /^\d+,\d+$/.test(m[2]!) ? m[2]!.replace(',', '.') : m[2]!;
    if (!conversionFactor.safeParse(factor).success)
      return { ok: false, message: `the factor of ${unitKey(m[1]!)} must be a positive decimal such as 12 or 0.5` };
    conversions.push({ unit: unitKey(m[1]!), factor });
  }
  const checked = unitConversions.safeParse(conversions);
  if (!checked.success) return { ok: false, message: checked.error.issues[0]?.message ?? 'invalid conversions' };
  return { ok: true, conversions: checked.data };
}

/** Conversions as the import file writes them: `DUS=12;KRT=48`. */
export const formatConversions = (list: readonly { unit: string; factor: string }[]): string => list.map((c) => `${c.unit}=${c.factor}`).join(';');
