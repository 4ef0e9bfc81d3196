import { parseDate, parseDecimal, ValueError } from '@portal/consolidation';
import {
  type DocumentType,
  IMPORT_REQUIRED_COLUMNS,
  type ImportColumn,
  importColumns,
  type ImportRowError,
  type IngestDocument,
  type IngestRejectCode,
  ingestDocument,
  documentType as documentTypeEnum,
  documentTypeOfSlug,
} from '@portal/contracts';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { checkXlsxLimits, IMPORT_MAX_ROWS, XlsxLimitError } from './xlsx-limits';

/** A cell as read from the file: text, or a number an XLSX file stored as a number. */
export type Cell = string | number;
export interface ImportRow<C extends string = ImportColumn> {
  /** Row number as a spreadsheet shows it (header = 1). */
  row: number;
  values: Partial<Record<C, Cell>>;
}

/** What a file's header row may name: the columns, those it must name, and other names taken for a column (Bahasa Indonesia). */
export interface ColumnSpec<C extends string> {
  columns: readonly C[];
  required: readonly C[];
  aliases?: Readonly<Record<string, C>>;
}

/** The documents import (one row per document line). */
const DOCUMENT_COLUMNS: ColumnSpec<ImportColumn> = { columns: importColumns, required: IMPORT_REQUIRED_COLUMNS };

export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
    /** Over a size or row limit (413) rather than unreadable (400). */
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

function checkRowCount(rows: number): void {
  if (rows > IMPORT_MAX_ROWS) throw new ImportFileError(`The file has ${rows} rows; at most ${IMPORT_MAX_ROWS} are imported at once`, {}, true);
}

const normaliseHeader = (h: unknown) =>
  String(h ?? '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** The header cells as the spec's column names (an alias becomes its column; unknown names stay as written). */
function headerNames<C extends string>(cells: unknown[], spec: ColumnSpec<C>): string[] {
  return cells.map((c) => {
    const h = normaliseHeader(c);
    return spec.aliases?.[h] ?? h;
  });
}

function checkHeader<C extends string>(headers: string[], spec: ColumnSpec<C>): void {
  const known = new Set<string>(spec.columns);
  const unknown = headers.filter((h) => h && !known.has(h));
  const missing = spec.required.filter((c) => !headers.includes(c));
  if (missing.length || unknown.length) {
    throw new ImportFileError(
      `The header row must name the template's columns${missing.length ? `; missing: ${missing.join(', ')}` : ''}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`,
      { missing, unknown },
    );
  }
}

/**
 * CSV: comma or semicolon separated (spreadsheets with Indonesian settings
 * write semicolons), UTF-8 with or without BOM. Every cell stays text: a
 * value such as `=HYPERLINK(…)` is data, never a formula.
 */
export function readCsv<C extends string = ImportColumn>(buffer: Buffer, spec: ColumnSpec<C> = DOCUMENT_COLUMNS as unknown as ColumnSpec<C>): ImportRow<C>[] {
  let records: string[][];
  try {
    records = parseCsv(buffer, { bom: true, delimiter: [',', ';'], skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    throw new ImportFileError(`The file is not valid CSV: ${(err as Error).message}`);
  }
  const [header, ...body] = records;
  if (!header) throw new ImportFileError('The file is empty');
  const headers = headerNames(header, spec);
  checkHeader(headers, spec);
  checkRowCount(body.length);
  return body.map((cells, i) => ({ row: i + 2, values: toValues(headers, cells, spec) }));
}

/**
 * XLSX: the first worksheet, header in row 1. A formula cell is read as its
 * formula text (`=…`), never as the result the file claims for it, so it is
 * stored as text (and rejected where a number or date is expected).
 */
export async function readXlsx<C extends string = ImportColumn>(
  buffer: Buffer,
  spec: ColumnSpec<C> = DOCUMENT_COLUMNS as unknown as ColumnSpec<C>,
): Promise<ImportRow<C>[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // Bounded before exceljs expands anything: a zip bomb is refused, not inflated into memory.
    await checkXlsxLimits(buffer);
  } catch (err) {
    if (err instanceof XlsxLimitError) throw new ImportFileError(err.message, {}, err.kind === 'too-large');
    throw err;
  }
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (err) {
    throw new ImportFileError(`The file is not a valid XLSX workbook: ${(err as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) throw new ImportFileError('The file is empty');
  const headerRow = sheet.getRow(1);
  const headerCells: Cell[] = [];
  for (let c = 1; c <= headerRow.cellCount; c++) headerCells.push(cellValue(headerRow.getCell(c).value));
  const headers = headerNames(headerCells, spec);
  checkHeader(headers, spec);
  const rows: ImportRow<C>[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells = headers.map((_, i) => cellValue(row.getCell(i + 1).value));
    if (cells.every((c) => c === '')) return;
    rows.push({ row: rowNumber, values: toValues(headers, cells, spec) });
  });
  checkRowCount(rows.length);
  return rows;
}

/** A cell as text (a number stays a number, a formula is its text `=…`, never its claimed result). */
export function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('formula' in v || 'sharedFormula' in v) {
    const f = 'formula' in v ? v.formula : v.sharedFormula;
    return `=${f}`;
  }
  if ('richText' in v)
    return v.richText
      .map((t) => t.text)
      .join('')
      .trim();
  if ('text' in v) return String(v.text).trim();
  if ('error' in v) return String(v.error);
  return '';
}

function toValues<C extends string>(headers: string[], cells: Cell[], spec: ColumnSpec<C>): ImportRow<C>['values'] {
  const values: ImportRow<C>['values'] = {};
  headers.forEach((h, i) => {
    if ((spec.columns as readonly string[]).includes(h)) values[h as C] = cells[i] ?? '';
  });
  return values;
}

/** The consolidation parser's value, or null where it refuses the cell. */
function refusedAsNull<T>(parse: () => T): T | null {
  try {
    return parse();
  } catch (err) {
    if (err instanceof ValueError) return null;
    throw err;
  }
}

/**
 * Numbers as people type them in Indonesia, as a DMS template reads them
 * (`1.234.567,89`, `12.500` is twelve thousand five hundred), else plain
 * (`1234567.89`); spaces grouping digits are dropped. A number an XLSX file
 * stores as a number is a binary float: taken to the 4 decimals the tables
 * keep. Null when the cell is not a number.
 */
export function parseImportNumber(v: Cell): string | null {
  if (typeof v === 'number') return refusedAsNull(() => parseDecimal(v, 'plain').round(4).toFixed());
  const s = v.replace(/\s/g, '');
  return refusedAsNull(() => parseDecimal(s, 'id-ID').toFixed()) ?? refusedAsNull(() => parseDecimal(s, 'plain').toFixed());
}

/**
 * dd/MM/yyyy as the template shows it (one-digit day and month too, as
 * spreadsheets write them), or yyyy-MM-dd, which is how an XLSX date cell is
 * read; null when not a real date.
 */
export function parseImportDate(v: Cell): string | null {
  if (typeof v !== 'string') return null;
  return refusedAsNull(() => parseDate(v, 'd/M/yyyy')) ?? refusedAsNull(() => parseDate(v, 'yyyy-MM-dd'));
}

/** The type's enum name (`SALES_INVOICE`, `sales invoice`) or its slug (`sales-invoices`). */
export function parseImportType(v: Cell): DocumentType | null {
  const s = String(v).trim();
  const upper = s.toUpperCase().replace(/[\s-]+/g, '_');
  if (documentTypeEnum.safeParse(upper).success) return upper as DocumentType;
  return documentTypeOfSlug(s.toLowerCase()) ?? null;
}

export interface ParsedImport {
  documents: { type: DocumentType; document: IngestDocument }[];
  errors: ImportRowError[];
}

const HEADER_COLUMNS = ['number', 'date', 'party_code', 'party_name', 'salesman_code', 'status'] as const;
const LINE_FIELD_COLUMN: Record<string, ImportColumn> = {
  productCode: 'product_code',
  productName: 'product_name',
  quantity: 'qty',
  unit: 'unit',
  unitPrice: 'price',
  discount: 'discount',
  tax: 'tax',
  amount: 'amount',
};
const DOC_FIELD_COLUMN: Record<string, ImportColumn> = {
  sourceId: 'source_id',
  number: 'number',
  date: 'date',
  partyCode: 'party_code',
  partyName: 'party_name',
  salesmanCode: 'salesman_code',
  status: 'status',
};

/**
 * Rows (one per document line) to documents: rows of the same type and
 * source id form one document, whose header columns must agree. A document
 * with any bad row is refused as a whole (with each bad row named), so a
 * document is never stored with some of its lines missing. Header amounts
 * are the sums of the lines: discount and tax add up, total is the sum of
 * the line amounts, subtotal = total + discount − tax.
 */
export function rowsToDocuments(rows: ImportRow[]): ParsedImport {
  const errors: ImportRowError[] = [];
  const groups = new Map<string, { type: DocumentType; sourceId: string; rows: ImportRow[]; bad: boolean }>();
  const fail = (row: number, sourceId: string | null, code: IngestRejectCode, column: ImportColumn | null, message: string) =>
    errors.push({ row, sourceId, code, column, message });

  for (const r of rows) {
    const text = (c: ImportColumn) => String(r.values[c] ?? '').trim();
    const sourceId = text('source_id');
    const type = parseImportType(r.values.type ?? '');
    const before = errors.length;
    if (text('type') && !type) fail(r.row, sourceId || null, 'UNKNOWN_TYPE', 'type', `"${text('type')}" is not a document type`);
    for (const c of IMPORT_REQUIRED_COLUMNS) {
      if (!text(c)) fail(r.row, sourceId || null, 'MISSING_VALUE', c, `${c} is required`);
    }
    const ok = errors.length === before;
    if (!type || !sourceId) continue;
    const key = `${type}\u0000${sourceId}`;
    const group = groups.get(key) ?? { type, sourceId, rows: [], bad: false };
    group.rows.push(r);
    group.bad ||= !ok;
    groups.set(key, group);
  }

  const documents: ParsedImport['documents'] = [];
  for (const g of groups.values()) {
    const first = g.rows[0]!;
    const text = (r: ImportRow, c: ImportColumn) => String(r.values[c] ?? '').trim();
    for (const r of g.rows.slice(1)) {
      const differs = HEADER_COLUMNS.find((c) => text(r, c) !== text(first, c));
      if (differs) {
        g.bad = true;
        fail(r.row, g.sourceId, 'INCONSISTENT_DOCUMENT', differs, `${differs} differs from row ${first.row} of the same document`);
      }
    }
    const date = parseImportDate(first.values.date ?? '');
    if (text(first, 'date') && !date) {
      g.bad = true;
      fail(first.row, g.sourceId, 'INVALID_DATE', 'date', `"${text(first, 'date')}" is not a date (dd/MM/yyyy)`);
    }
    const lines = g.rows.map((r, i) => {
      const num = (c: ImportColumn, optional: boolean) => {
        const raw = r.values[c] ?? '';
        if (optional && String(raw).trim() === '') return '0';
        const n = parseImportNumber(raw);
        if (n === null) {
          g.bad = true;
          if (String(raw).trim() !== '') fail(r.row, g.sourceId, 'INVALID_NUMBER', c, `"${String(raw)}" is not a number`);
          return '0';
        }
        return n;
      };
      return {
        lineNo: i + 1,
        productCode: text(r, 'product_code'),
        productName: text(r, 'product_name') || null,
        quantity: num('qty', false),
        unit: text(r, 'unit'),
        unitPrice: num('price', false),
        discount: num('discount', true),
        tax: num('tax', true),
        amount: num('amount', false),
      };
    });
    if (g.bad) continue;
    const discount = sumMoney(lines.map((l) => l.discount));
    const tax = sumMoney(lines.map((l) => l.tax));
    const total = sumMoney(lines.map((l) => l.amount));
    const candidate = {
      sourceId: g.sourceId,
      number: text(first, 'number'),
      date,
      partyCode: text(first, 'party_code') || null,
      partyName: text(first, 'party_name') || null,
      salesmanCode: text(first, 'salesman_code') || null,
      status: text(first, 'status') || null,
      subtotal: total && discount && tax ? addMoney(addMoney(total, discount), negate(tax)) : undefined,
      discount,
      tax,
      total,
      lines,
    };
    const parsed = ingestDocument.safeParse(candidate);
    if (!parsed.success) {
      const lineIssue = parsed.error.issues.some((i) => i.path[0] === 'lines');
      for (const issue of parsed.error.issues) {
        // Header amounts are sums of the lines: a bad line is the one to name.
        if (lineIssue && ['subtotal', 'discount', 'tax', 'total'].includes(String(issue.path[0]))) continue;
        const [head, index, field] = issue.path;
        const isLine = head === 'lines' && typeof index === 'number';
        const row = isLine ? g.rows[index]!.row : first.row;
        const column = isLine ? (LINE_FIELD_COLUMN[String(field)] ?? null) : (DOC_FIELD_COLUMN[String(head)] ?? null);
        const numeric = column === 'qty' || column === 'price' || column === 'discount' || column === 'tax' || column === 'amount';
        fail(row, g.sourceId, numeric ? 'INVALID_NUMBER' : 'INVALID_FIELD', column, `${column ?? String(head)}: ${issue.message}`);
      }
      continue;
    }
    documents.push({ type: g.type, document: parsed.data });
  }
  errors.sort((a, b) => a.row - b.row);
  return { documents, errors };
}

// Exact decimal sums (2 decimals) through integer cents: never floats.
const toCents = (v: string): bigint | null => {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(v);
  if (!m) return null;
  const cents = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] ? -cents : cents;
};
const fromCents = (c: bigint): string => {
  const neg = c < 0n;
  const abs = (neg ? -c : c).toString().padStart(3, '0');
  return `${neg ? '-' : ''}${abs.slice(0, -2)}.${abs.slice(-2)}`;
};
/** Sum of money strings; '' when one of them is not a 2-decimal amount (validation then names it). */
export function sumMoney(values: string[]): string {
  let sum = 0n;
  for (const v of values) {
    const c = toCents(v);
    if (c === null) return '';
    sum += c;
  }
  return fromCents(sum);
}
const addMoney = (a: string, b: string) => sumMoney([a, b]);
const negate = (a: string) => (a.startsWith('-') ? a.slice(1) : `-${a}`);
