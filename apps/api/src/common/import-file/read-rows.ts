import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { checkXlsxLimits, IMPORT_MAX_ROWS, XlsxLimitError } from './xlsx-limits';

// Reading an import file (CSV or XLSX) into rows under a column spec: the one
// reader of every import (documents, master data, the SKU catalogue). What a
// row means is the importing module's business; this file only reads.

/** A cell as read from the file: text, or a number an XLSX file stored as a number. */
export type Cell = string | number;
export interface ImportRow<C extends string> {
  /** Row number as a spreadsheet shows it (header = 1). */
  row: number;
  values: Partial<Record<C, Cell>>;
}

/** What a file's header row may name: the columns, those it must name, and other names taken for a column (Bahasa Indonesia). */
export interface ColumnSpec<C extends string> {
  columns: readonly C[];
  required: readonly C[];
  /** Other header names (normalised: lower case, spaces and dashes as `_`) → their column. */
  aliases?: Readonly<Record<string, C>>;
  /** How the "missing" message and details name a required column (the template's header); the column name otherwise. */
  labels?: Readonly<Partial<Record<C, string>>>;
}

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

const normaliseHeader = (h: Cell) =>
  String(h)
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/**
 * The header cells as the spec's columns (null for an empty header cell),
 * refusing a header that misses a required column, names an unknown one or
 * names one twice (two cells would say two things about one value).
 */
function columnsOf<C extends string>(header: Cell[], spec: ColumnSpec<C>): (C | null)[] {
  const known = new Set<string>(spec.columns);
  const names = header.map(normaliseHeader);
  // hasOwn: a header such as `constructor` is an unknown name, not Object's.
  const asColumn = (n: string): string => (spec.aliases && Object.hasOwn(spec.aliases, n) ? spec.aliases[n]! : n);
  const columns = names.map((n) => (known.has(asColumn(n)) ? (asColumn(n) as C) : null));
  const unknown = names.filter((n, i) => n !== '' && columns[i] === null);
  const missing = spec.required.filter((c) => !columns.includes(c)).map((c) => spec.labels?.[c] ?? c);
  const twice = columns.filter((c, i): c is C => c !== null && columns.indexOf(c) !== i);
  if (missing.length || unknown.length || twice.length) {
    throw new ImportFileError(
      `The header row must name the template's columns${missing.length ? `; missing: ${missing.join(', ')}` : ''}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}${twice.length ? `; named twice: ${twice.join(', ')}` : ''}`,
      { missing, unknown, twice },
    );
  }
  return columns;
}

function toRow<C extends string>(row: number, columns: (C | null)[], cells: Cell[]): ImportRow<C> {
  const values: ImportRow<C>['values'] = {};
  columns.forEach((c, i) => {
    if (c) values[c] = cells[i] ?? '';
  });
  return { row, values };
}

/**
 * CSV, UTF-8 with or without BOM, comma or semicolon separated (spreadsheets
 * with Indonesian settings write semicolons): the header line decides which,
 * so a cell such as `DUS=12;KRT=48` in a comma file is one cell even
 * unquoted. Every cell stays text: `=HYPERLINK(…)` is data, never a formula.
 * Rows with every cell empty are skipped.
 */
export function readCsv<C extends string>(buffer: Buffer, spec: ColumnSpec<C>): ImportRow<C>[] {
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
  const columns = columnsOf(header, spec);
  checkRowCount(body.length);
  return body.flatMap((cells, i) => (cells.every((c) => c === '') ? [] : [toRow(i + 2, columns, cells)]));
}

/**
 * XLSX: the first worksheet, header in row 1, bounded before exceljs expands
 * it (xlsx-limits.ts: a zip bomb is refused, not inflated into memory). A
 * formula cell is read as its formula text (`=…`), never as the result the
 * file claims for it, so it is stored as text (and rejected where a number or
 * date is expected). Empty rows are skipped.
 */
export async function readXlsx<C extends string>(buffer: Buffer, spec: ColumnSpec<C>): Promise<ImportRow<C>[]> {
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
  const columns = columnsOf(header, spec);
  const rows: ImportRow<C>[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells = columns.map((_, i) => cellValue(row.getCell(i + 1).value));
    if (cells.every((c) => c === '')) return;
    rows.push(toRow(rowNumber, columns, cells));
  });
  checkRowCount(rows.length);
  return rows;
}

/** A cell as text (a number stays a number, a formula is its text `=…`, never its claimed result). */
function cellValue(v: ExcelJS.CellValue): Cell {
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
