import {
  baseUnitRefusal,
  type CreateSkuBody,
  hasNul,
  parseConversions,
  SKU_IMPORT_HEADERS,
  SKU_IMPORT_REQUIRED,
  type SkuImportColumn,
  type SkuImportErrorCode,
  type SkuImportRowError,
  skuImportColumn,
  unitKey,
} from '@portal/contracts';
import type { Cell, ColumnSpec, ImportRow } from '../../common/import-file/read-rows';

// A SKU import file (docs/product/master-data.md): headers in Bahasa
// Indonesia or English, one SKU per row, every problem reported by row,
// column and code. The file is read by common/import-file under SKU_COLUMNS;
// this is pure: the service decides what is written.

/** The SKU file's header: the template's columns, also by their Bahasa Indonesia names and a few other names people use. */
export const SKU_COLUMNS: ColumnSpec<SkuImportColumn> = {
  columns: skuImportColumn.options,
  required: SKU_IMPORT_REQUIRED,
  aliases: {
    ...Object.fromEntries(Object.entries(SKU_IMPORT_HEADERS).map(([c, id]) => [id, c as SkuImportColumn])),
    kode_sku: 'code',
    nama_sku: 'name',
    nama_produk: 'name',
    unit: 'base_unit',
    satuan: 'base_unit',
  },
  // A missing column is named as the template's (Bahasa Indonesia) header names it.
  labels: SKU_IMPORT_HEADERS,
};

export interface ParsedSku {
  row: number;
  sku: CreateSkuBody;
}

const LIMITS: Record<Exclude<SkuImportColumn, 'conversions'>, number> = { code: 64, name: 300, brand: 120, category: 120, base_unit: 20, barcode: 64 };

/** A cell as trimmed text; a number an XLSX file stored (a barcode, a numeric code) in plain digits. */
const text = (v: Cell | undefined): string =>
  v === undefined ? '' : typeof v === 'number' ? (Number.isInteger(v) ? BigInt(v).toString() : String(v)) : v.trim();

/** Each row → a SKU or its errors (one per column at fault); a code repeated in the file is an error on the later row. */
export function parseSkuRows(rows: readonly ImportRow<SkuImportColumn>[]): { skus: ParsedSku[]; errors: SkuImportRowError[] } {
  const skus: ParsedSku[] = [];
  const errors: SkuImportRowError[] = [];
  const seen = new Map<string, number>();
  for (const { row, values } of rows) {
    const code = text(values.code);
    const rowErrors: SkuImportRowError[] = [];
    const fail = (column: SkuImportColumn | null, errorCode: SkuImportErrorCode, message: string) =>
      rowErrors.push({ row, skuCode: code === '' ? null : code.slice(0, 64), column, code: errorCode, message });
    const field = (column: Exclude<SkuImportColumn, 'conversions'>): string | null => {
      const v = text(values[column]);
      if (v === '') {
        if (SKU_IMPORT_REQUIRED.includes(column)) fail(column, 'REQUIRED', `${SKU_IMPORT_HEADERS[column]} is required`);
        return null;
      }
      if (hasNul(v)) fail(column, 'INVALID_TEXT', `${SKU_IMPORT_HEADERS[column]} must not contain NUL characters`);
      else if (v.length > LIMITS[column]) fail(column, 'TOO_LONG', `${SKU_IMPORT_HEADERS[column]} is longer than ${LIMITS[column]} characters`);
      return v;
    };
    const fields = {
      code: field('code'),
      name: field('name'),
      brand: field('brand'),
      category: field('category'),
      baseUnit: field('base_unit'),
      barcode: field('barcode'),
    };
    const conversions = parseConversions(values.conversions);
    if (!conversions.ok) fail('conversions', 'INVALID_CONVERSIONS', conversions.message);
    else if (fields.baseUnit !== null && baseUnitRefusal(fields.baseUnit, conversions.conversions)) {
      fail('conversions', 'BASE_UNIT_IN_CONVERSIONS', baseUnitRefusal(fields.baseUnit, conversions.conversions)!);
    }
    if (code !== '' && seen.has(code)) fail('code', 'DUPLICATE_CODE', `the code ${code} is already on row ${seen.get(code)}`);
    if (code !== '' && !seen.has(code)) seen.set(code, row);
    if (rowErrors.length || !conversions.ok) {
      errors.push(...rowErrors);
      continue;
    }
    skus.push({
      row,
      sku: {
        code: fields.code!,
        name: fields.name!,
        brand: fields.brand,
        category: fields.category,
        baseUnit: unitKey(fields.baseUnit!),
        conversions: conversions.conversions,
        barcode: fields.barcode,
      },
    });
  }
  return { skus, errors };
}
