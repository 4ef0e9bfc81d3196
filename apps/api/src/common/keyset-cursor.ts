import { z } from 'zod';
import { AppError } from './app-error';

/**
 * Opaque keyset cursor: base64url of the last row's sort key and id. Server-only (uses Buffer).
 * A cursor is client input: decoding checks every part, so a crafted one is a 400
 * INVALID_CURSOR on every list, never a query the database refuses (issue 15).
 */
export const encodeCursor = (value: string, id: string): string => Buffer.from(`${value}|${id}`).toString('base64url');

// The sort keys lists page by: an instant (dates, queue times) or a money amount (numeric(18,2)).
const instant = z.iso.datetime().refine((v) => {
  const year = new Date(v).getUTCFullYear();
  return year >= 1 && year <= 9999;
});
const amount = z.string().regex(/^-?\d{1,16}(\.\d{1,2})?$/);

export function decodeCursor(cursor: string, kind: 'instant'): { value: Date; id: string };
export function decodeCursor(cursor: string, kind: 'amount'): { value: string; id: string };
export function decodeCursor(cursor: string, kind: 'instant' | 'amount'): { value: Date | string; id: string } {
  const invalid = () => new AppError(400, 'INVALID_CURSOR', 'This page link is not valid; start again from the first page');
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) throw invalid();
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const [value, id] = parts;
  if (parts.length !== 2 || !z.uuid().safeParse(id).success) throw invalid();
  if (kind === 'amount') {
    if (!amount.safeParse(value).success) throw invalid();
    return { value: value!, id: id! };
  }
  if (!instant.safeParse(value).success) throw invalid();
  return { value: new Date(value!), id: id! };
}
