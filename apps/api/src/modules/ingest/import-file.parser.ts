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
import type { Cell, ColumnSpec, ImportRow } from '../../common/import-file/read-rows';

// The documents import file (one row per document line): common/import-file
// reads the rows, this file makes them documents.

/** The documents import's header: the template's columns, the required ones. */
export const DOCUMENT_COLUMNS: ColumnSpec<ImportColumn> = { columns: importColumns, required: IMPORT_REQUIRED_COLUMNS };

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
export function rowsToDocuments(rows: ImportRow<ImportColumn>[]): ParsedImport {
  const errors: ImportRowError[] = [];
  const groups = new Map<string, { type: DocumentType; sourceId: string; rows: ImportRow<ImportColumn>[]; bad: boolean }>();
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
    const text = (r: ImportRow<ImportColumn>, c: ImportColumn) => String(r.values[c] ?? '').trim();
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
