import type { MappingRow, MappingSuggestion } from '@portal/contracts';
import { z } from 'zod';
import { AppError } from '../../common/app-error';
import { type MappingCandidate, type MappingKeyset, pairKey, type SuggestionRow } from './product-mappings.repository';

/** "Sales value" is the last 12 months: this month and the 11 before it (the sums are monthly). */
export const SALES_MONTHS = 12;

export function salesSince(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (SALES_MONTHS - 1), 1));
}

// The page cursor: the last row's sort value, distributor and code (base64url JSON), checked like every keyset cursor.
const cursorShape = z.tuple([z.string().regex(/^-?\d{1,18}(\.\d{1,2})?$/), z.uuid(), z.string().min(1).max(500)]);

export const encodeMappingCursor = (row: MappingCandidate): string =>
  Buffer.from(JSON.stringify([row.sortValue, row.distributorId, row.productCode])).toString('base64url');

export function decodeMappingCursor(cursor: string): MappingKeyset {
  const invalid = () => new AppError(400, 'INVALID_CURSOR', 'This page link is not valid; start again from the first page');
  if (!/^[A-Za-z0-9_-]{1,500}$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const ok = cursorShape.safeParse(parsed);
  if (!ok.success || ok.data[2].includes('\u0000')) throw invalid();
  return { value: ok.data[0], distributorId: ok.data[1], productCode: ok.data[2] };
}

export function suggestionsByPair(rows: SuggestionRow[]): Map<string, MappingSuggestion> {
  return new Map(
    rows.map((s) => [
      pairKey(s.distributorId, s.productCode),
      { sku: { id: s.skuId, code: s.skuCode, name: s.skuName, baseUnit: s.skuBaseUnit }, method: s.method, score: s.score },
    ]),
  );
}

export function toMappingRow(
  c: MappingCandidate,
  names: { distributors: Map<string, string>; lines: Map<string, string> },
  suggestion: MappingSuggestion | undefined,
): MappingRow {
  return {
    distributorId: c.distributorId,
    distributorName: names.distributors.get(c.distributorId) ?? '',
    productCode: c.productCode,
    productName: c.productName ?? names.lines.get(pairKey(c.distributorId, c.productCode)) ?? null,
    barcode: c.barcode,
    baseUnit: c.baseUnit,
    salesValue: c.salesValue,
    mapping:
      c.mappingId && c.skuId && c.method && c.updatedAt
        ? {
            id: c.mappingId,
            sku: { id: c.skuId, code: c.skuCode ?? '', name: c.skuName ?? '', baseUnit: c.skuBaseUnit ?? '' },
            method: c.method,
            score: c.score,
            updatedAt: c.updatedAt.toISOString(),
          }
        : null,
    suggestion: c.mappingId ? null : (suggestion ?? null),
  };
}
