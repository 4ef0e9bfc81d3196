import {
  type CanonicalCustomer,
  type CanonicalProduct,
  type ImportRowError,
  ingestCustomer,
  ingestProduct,
  type IngestRejectCode,
  type IngestResult,
  MASTER_DATA_COLUMNS,
  type MasterDataKind,
  type MasterDataSlug,
  parseConversions,
} from '@portal/contracts';
import type { z } from 'zod';
import type { ColumnSpec, ImportRow } from '../../common/import-file/read-rows';

export type MasterDataRecord = CanonicalCustomer | CanonicalProduct;
type Rejection = IngestResult['rejected'][number];

/**
 * Pushed records (ingestion's items, or an import's rows made into records)
 * checked one by one against the contract: the valid ones as canonical
 * records (`at` standing in for a missing `sourceUpdatedAt`), the others
 * rejected with a stable code and the field at fault. A source id seen
 * earlier in the same batch is refused, so one batch never says two things
 * about one record.
 */
export function checkRecords(kind: MasterDataKind, items: unknown[], at: Date): { valid: MasterDataRecord[]; rejected: Rejection[] } {
  const schema: z.ZodType = kind === 'CUSTOMER' ? ingestCustomer : ingestProduct;
  const valid: MasterDataRecord[] = [];
  const rejected: Rejection[] = [];
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const sourceId = sourceIdOf(item);
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || null;
      const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
      const code: IngestRejectCode = missing ? 'MISSING_VALUE' : issue.path.at(-1) === 'factor' ? 'INVALID_NUMBER' : 'INVALID_FIELD';
      rejected.push({ index, sourceId, code, field, reason: `${field ?? 'record'}: ${issue.message}` });
      return;
    }
    const record = parsed.data as { sourceId: string; sourceUpdatedAt?: string | undefined };
    if (seen.has(record.sourceId)) {
      rejected.push({ index, sourceId, code: 'DUPLICATE_SOURCE_ID', field: 'sourceId', reason: 'The same sourceId appears earlier in this batch' });
      return;
    }
    seen.add(record.sourceId);
    valid.push(toCanonical(kind, parsed.data, at));
  });
  return { valid, rejected };
}

/** What the sender may leave out, filled in: null for absent optional text, `at` for a missing version. */
function toCanonical(kind: MasterDataKind, data: unknown, at: Date): MasterDataRecord {
  const version = (v: string | undefined) => (v ? new Date(v).toISOString() : at.toISOString());
  if (kind === 'CUSTOMER') {
    const c = data as z.infer<typeof ingestCustomer>;
    return {
      sourceId: c.sourceId,
      sourceUpdatedAt: version(c.sourceUpdatedAt),
      code: c.code,
      name: c.name,
      address: c.address || null,
      city: c.city || null,
      salesmanCode: c.salesmanCode || null,
      outletType: c.outletType || null,
    };
  }
  const p = data as z.infer<typeof ingestProduct>;
  return {
    sourceId: p.sourceId,
    sourceUpdatedAt: version(p.sourceUpdatedAt),
    code: p.code,
    name: p.name,
    baseUnit: p.baseUnit,
    conversions: p.conversions,
    brand: p.brand || null,
    category: p.category || null,
    barcode: p.barcode || null,
  };
}

function sourceIdOf(item: unknown): string | null {
  const v = typeof item === 'object' && item !== null ? (item as { sourceId?: unknown }).sourceId : undefined;
  return typeof v === 'string' ? v : null;
}

// ---- import files: one row per record ----

type Column = (typeof MASTER_DATA_COLUMNS)[MasterDataSlug][number]['column'];

/** The file header a kind's import reads: its columns, the required ones, the Bahasa Indonesia names. */
export function columnSpecOf(slug: MasterDataSlug): ColumnSpec<Column> {
  const cols = MASTER_DATA_COLUMNS[slug];
  return {
    columns: cols.map((c) => c.column),
    required: cols.filter((c) => c.required).map((c) => c.column),
    aliases: Object.fromEntries(cols.flatMap((c) => c.aliases.map((a) => [a, c.column]))),
  };
}

const camelToColumn = (field: string) => field.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);

/**
 * Import rows to records: required cells must be filled, `conversions` is
 * written `DUS=12;KRT=48`, the rest as the contract checks it. A bad row is
 * named with its row number, column and code; the valid rows are kept.
 */
export function rowsToRecords(slug: MasterDataSlug, rows: ImportRow<Column>[], at: Date): { records: MasterDataRecord[]; errors: ImportRowError[] } {
  const kind: MasterDataKind = slug === 'customers' ? 'CUSTOMER' : 'PRODUCT';
  const spec = columnSpecOf(slug);
  const errors: ImportRowError[] = [];
  const candidates: { row: number; item: Record<string, unknown> }[] = [];
  for (const r of rows) {
    const text = (c: Column) => String(r.values[c] ?? '').trim();
    const sourceId = text('source_id') || null;
    const missing = spec.required.filter((c) => !text(c));
    if (missing.length) {
      for (const c of missing) errors.push({ row: r.row, sourceId, code: 'MISSING_VALUE', column: c, message: `${c} is required` });
      continue;
    }
    const item: Record<string, unknown> = {};
    for (const c of spec.columns) {
      if (c === 'conversions') continue;
      const field = c.replace(/_(\w)/g, (_, l: string) => l.toUpperCase());
      item[field] = text(c) || null;
    }
    if (kind === 'PRODUCT') {
      const conversions = parseConversions(r.values.conversions);
      if (!conversions.ok) {
        errors.push({ row: r.row, sourceId, code: 'INVALID_FIELD', column: 'conversions', message: `conversions: ${conversions.message}` });
        continue;
      }
      item.conversions = conversions.conversions;
    }
    candidates.push({ row: r.row, item });
  }
  const checked = checkRecords(
    kind,
    candidates.map((c) => c.item),
    at,
  );
  for (const rej of checked.rejected) {
    const head = rej.field?.split('.')[0];
    errors.push({
      row: candidates[rej.index]!.row,
      sourceId: rej.sourceId,
      code: rej.code,
      column: head ? camelToColumn(head) : null,
      message: rej.reason,
    });
  }
  errors.sort((a, b) => a.row - b.row);
  return { records: checked.valid, errors };
}
