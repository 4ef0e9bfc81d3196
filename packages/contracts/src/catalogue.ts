import { z } from 'zod';
import { listOf, plainText, queryInt } from './common';
import { type UnitConversion, unitConversions, unitKey, unitName } from './master-data';

// The principal's own SKU catalogue (issue 13, docs/product/master-data.md):
// what distributors' product codes are later mapped to, and the base unit
// their quantities are converted into.

export const skuCode = plainText(64);

/**
 * Why a base unit and its conversions do not fit together, or null: the base
 * unit is 1 by definition, so listing it again with another factor would give
 * one unit two sizes.
 */
export function baseUnitRefusal(baseUnit: string, conversions: readonly UnitConversion[]): string | null {
  return conversions.some((c) => unitKey(c.unit) === unitKey(baseUnit)) ? `the base unit ${unitKey(baseUnit)} is not listed among the conversions` : null;
}

export const principalSku = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  brand: z.string().nullable(),
  category: z.string().nullable(),
  baseUnit: z.string(),
  conversions: z.array(z.object({ unit: z.string(), factor: z.string() })),
  barcode: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type PrincipalSku = z.infer<typeof principalSku>;
export const principalSkuList = listOf(principalSku);

const skuFields = {
  code: skuCode,
  name: plainText(300),
  brand: plainText(120).nullable(),
  category: plainText(120).nullable(),
  baseUnit: unitName,
  conversions: unitConversions,
  barcode: plainText(64).nullable(),
};

const checkBaseUnit = (sku: { baseUnit?: string | undefined; conversions?: UnitConversion[] | undefined }, ctx: z.RefinementCtx) => {
  if (sku.baseUnit === undefined || sku.conversions === undefined) return;
  const refusal = baseUnitRefusal(sku.baseUnit, sku.conversions);
  if (refusal) ctx.addIssue({ code: 'custom', message: refusal, path: ['conversions'] });
};

export const createSkuBody = z
  .strictObject({
    ...skuFields,
    brand: skuFields.brand.default(null),
    category: skuFields.category.default(null),
    barcode: skuFields.barcode.default(null),
    conversions: skuFields.conversions.default([]),
  })
  .superRefine(checkBaseUnit);
export type CreateSkuBody = z.infer<typeof createSkuBody>;

/** Only the fields given change; the base unit is checked against the conversions the SKU ends up with. */
export const updateSkuBody = z
  .strictObject({
    code: skuFields.code.optional(),
    name: skuFields.name.optional(),
    brand: skuFields.brand.optional(),
    category: skuFields.category.optional(),
    baseUnit: skuFields.baseUnit.optional(),
    conversions: skuFields.conversions.optional(),
    barcode: skuFields.barcode.optional(),
  })
  .superRefine(checkBaseUnit);
export type UpdateSkuBody = z.infer<typeof updateSkuBody>;

/** Ordered by code; `q` matches code or name (any case), brand and category match exactly. */
export const skusQuery = z.strictObject({
  q: plainText(100).optional(),
  brand: plainText(120).optional(),
  category: plainText(120).optional(),
  limit: queryInt(1, 200, 50),
  cursor: z.string().max(1200).optional(),
});
export type SkusQuery = z.infer<typeof skusQuery>;

const facet = z.object({ value: z.string(), count: z.number().int() });
/** The brand and category filters' choices, each with how many SKUs carry it. */
export const skuFacets = z.object({ brands: z.array(facet), categories: z.array(facet) });
export type SkuFacets = z.infer<typeof skuFacets>;

// ---- import (CSV / XLSX), upsert by code ----

export const skuImportColumn = z.enum(['code', 'name', 'brand', 'category', 'base_unit', 'conversions', 'barcode']);
export type SkuImportColumn = z.infer<typeof skuImportColumn>;

/** The template's headers, in Bahasa Indonesia; the English names are read as well. */
export const SKU_IMPORT_HEADERS: Record<SkuImportColumn, string> = {
  code: 'kode',
  name: 'nama',
  brand: 'merek',
  category: 'kategori',
  base_unit: 'satuan_dasar',
  conversions: 'konversi',
  barcode: 'barcode',
};
export const SKU_IMPORT_REQUIRED: readonly SkuImportColumn[] = ['code', 'name', 'base_unit'];

export const skuImportErrorCode = z.enum([
  /** A required cell is empty. */
  'REQUIRED',
  'TOO_LONG',
  /** Text with a NUL byte. */
  'INVALID_TEXT',
  /** `konversi` is not `UNIT=factor;UNIT=factor` with positive decimal factors, or names a unit twice. */
  'INVALID_CONVERSIONS',
  /** `konversi` lists the base unit itself. */
  'BASE_UNIT_IN_CONVERSIONS',
  /** An earlier row of the file has the same code. */
  'DUPLICATE_CODE',
]);
export type SkuImportErrorCode = z.infer<typeof skuImportErrorCode>;

export const skuImportRowError = z.strictObject({
  /** Row number as a spreadsheet shows it (the header is row 1). */
  row: z.number().int(),
  /** The row's SKU code, when it has one. */
  skuCode: z.string().nullable(),
  column: skuImportColumn.nullable(),
  code: skuImportErrorCode,
  message: z.string(),
});
export type SkuImportRowError = z.infer<typeof skuImportRowError>;

/**
 * All or nothing: a file with an invalid row writes nothing. `dryRun` answers
 * the same counts without writing (the screen's preview).
 */
export const skuImportQuery = z.strictObject({ dryRun: z.enum(['true', 'false']).default('false') });
export const skuImportResult = z.strictObject({
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** False on a dry run and whenever a row is invalid. */
  written: z.boolean(),
  errors: z.array(skuImportRowError),
});
export type SkuImportResult = z.infer<typeof skuImportResult>;
