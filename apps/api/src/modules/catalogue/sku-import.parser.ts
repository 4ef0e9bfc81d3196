import {
  type CreateSkuBody,
  hasNul,
  SKU_IMPORT_HEADERS,
  SKU_IMPORT_REQUIRED,
  type SkuImportColumn,
  type SkuImportErrorCode,
  type SkuImportRowError,
  skuImportColumn,
  unitConversions,
  conversionFactor,
  baseUnitRefusal,
  unitKey,
} from '@portal/contracts';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { type Cell, cellValue, ImportFileError } from '../ingest/import-file.parser';
import { checkXlsxLimits, IMPORT_MAX_ROWS, XlsxLimitError } from '../ingest/xlsx-limits';

// Reading a SKU import file (docs/product/master-data.md): headers in Bahasa
// Indonesia or English, one SKU per row, every problem reported by row,
// column and code. Pure: the service decides what is written.

export interface SkuFileRow {
  /** Row number as a spreadsheet shows it (header = 1). */
  row: number;
  values: Partial<Record<SkuImportColumn, Cell>>;
}

/** Every header a file may use, normalised (lower case, spaces and dashes as `_`) → its column. */
const HEADER_ALIASES: ReadonlyMap<string, SkuImportColumn> = new Map([
  ...skuImportColumn.options.map((c) => [c, c] as const),
  ...Object.entries(SKU_IMPORT_HEADERS).map(([c, id]) => [id, c as SkuImportColumn] as const),
  ['kode_sku', 'code'],
  ['nama_sku', 'name'],
  ['nama_produk', 'name'],
  ['unit', 'base_unit'],
  ['satuan', 'base_unit'],
]);

const normaliseHeader = (h: Cell) =>
  String(h)
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

function columnsOf(header: Cell[]): (SkuImportColumn | null)[] {
  const names = header.map(normaliseHeader);
  const columns = names.map((n) => HEADER_ALIASES.get(n) ?? null);
  const unknown = names.filter((n, i) => n !== '' && columns[i] === null);
  const missing = SKU_IMPORT_REQUIRED.filter((c) => !columns.includes(c)).map((c) => SKU_IMPORT_HEADERS[c]);
  const twice = columns.filter((c, i): c is SkuImportColumn => c !== null && columns.indexOf(c) !== i);
  if (missing.length || unknown.length || twice.length) {
    throw new ImportFileError(
      `The header row must name the template's columns${missing.length ? `; missing: ${missing.join(', ')}` : ''}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}${twice.length ? `; named twice: ${twice.join(', ')}` : ''}`,
      { missing, unknown, twice },
    );
  }
  return columns;
}

function toRow(row: number, columns: (SkuImportColumn | null)[], cells: Cell[]): SkuFileRow {
  const values: SkuFileRow['values'] = {};
  columns.forEach((c, i) => {
    if (c) values[c] = cells[i] ?? '';
  });
  return { row, values };
}

function checkRowCount(rows: number): void {
  if (rows > IMPORT_MAX_ROWS) throw new ImportFileError(`The file has ${rows} rows; at most ${IMPORT_MAX_ROWS} are imported at once`, {}, true);
}

/**
 * CSV, UTF-8 with or without BOM, comma or semicolon separated: the header
 * line decides which, so a `konversi` cell such as `DUS=12;KRT=48` in a
 * comma file is one cell even unquoted. Every cell stays text.
 */
export function readSkuCsv(buffer: Buffer): SkuFileRow[] {
  const text = buffer.toString('utf8').replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = !firstLine.includes(',') && firstLine.includes(';') ? ';' : ',';
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    throw new ImportFileError(`The file is not valid CSV: ${(err as Error).message}`);
  }
  const [header, ...body] = records;
  if (!header) throw new ImportFileError('The file is empty');
  const columns = columnsOf(header);
  checkRowCount(body.length);
  return body.flatMap((cells, i) => (cells.every((c) => c === '') ? [] : [toRow(i + 2, columns, cells)]));
}

/** XLSX: the first worksheet, header in row 1, bounded before exceljs expands it (xlsx-limits.ts). */
export async function readSkuXlsx(buffer: Buffer): Promise<SkuFileRow[]> {
  try {
    await checkXlsxLimits(buffer);
  } catch (err) {
    if (err instanceof XlsxLimitError) throw new ImportFileError(err.message, {}, err.kind === 'too-large');
    throw err;
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (err) {
    throw new ImportFileError(`The file is not a valid XLSX workbook: ${(err as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) throw new ImportFileError('The file is empty');
  const headerRow = sheet.getRow(1);
  const header: Cell[] = [];
  for (let c = 1; c <= headerRow.cellCount; c++) header.push(cellValue(headerRow.getCell(c).value));
  const columns = columnsOf(header);
  const rows: SkuFileRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells = columns.map((_, i) => cellValue(row.getCell(i + 1).value));
    if (cells.every((c) => c === '')) return;
    rows.push(toRow(rowNumber, columns, cells));
  });
  checkRowCount(rows.length);
  return rows;
}

export interface ParsedSku {
  row: number;
  sku: CreateSkuBody;
}

const LIMITS: Record<Exclude<SkuImportColumn, 'conversions'>, number> = { code: 64, name: 300, brand: 120, category: 120, base_unit: 20, barcode: 64 };

/** A cell as trimmed text; a number an XLSX file stored (a barcode, a numeric code) in plain digits. */
const text = (v: Cell | undefined): string =>
  v === undefined ? '' : typeof v === 'number' ? (Number.isInteger(v) ? BigInt(v).toString() : String(v)) : v.trim();

/**
 * `DUS=12;KRT=48` (also `|` between units, `:` for `=`, a decimal comma `0,5`)
 * → conversions, or why not. An empty cell is no conversions.
 */
export function parseConversions(cell: Cell | undefined): { ok: true; conversions: CreateSkuBody['conversions'] } | { ok: false; message: string } {
  if (typeof cell === 'number') return { ok: false, message: 'write the conversions as UNIT=factor;UNIT=factor, e.g. DUS=12;KRT=48' };
  const raw = text(cell);
  if (raw === '') return { ok: true, conversions: [] };
  const conversions: CreateSkuBody['conversions'] = [];
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

/** Each row → a SKU or its errors (one per column at fault); a code repeated in the file is an error on the later row. */
export function parseSkuRows(rows: readonly SkuFileRow[]): { skus: ParsedSku[]; errors: SkuImportRowError[] } {
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
