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

const isUuid = (id: string) => z.uuid().safeParse(id).success;

/** `isId` checks the row id (a uuid unless the table's ids are another shape, e.g. a webhook message's `msg_` ULID). */
export function decodeCursor(cursor: string, kind: 'instant', isId?: (id: string) => boolean): { value: Date; id: string };
export function decodeCursor(cursor: string, kind: 'amount', isId?: (id: string) => boolean): { value: string; id: string };
export function decodeCursor(cursor: string, kind: 'instant' | 'amount', isId: (id: string) => boolean = isUuid): { value: Date | string; id: string } {
  const invalid = () => new AppError(400, 'INVALID_CURSOR', 'This page link is not valid; start again from the first page');
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) throw invalid();
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const [value, id] = parts;
  if (parts.length !== 2 || id === undefined || !isId(id)) throw invalid();
  if (kind === 'amount') {
    if (!amount.safeParse(value).success) throw invalid();
    return { value: value!, id: id! };
  }
  if (!instant.safeParse(value).success) throw invalid();
  return { value: new Date(value!), id: id! };
}

/**
 * A cursor of a list with several sorts (the documents list): base64url of a
 * JSON array [sort, value, id], so a value may hold any text ("|" in a party
 * name) or be null (a missing party name). Checked like the one above: a
 * cursor of another sort, or not ours at all, is a 400 INVALID_CURSOR.
 */
export const encodeSortCursor = (sort: string, value: string | null, id: string): string =>
  Buffer.from(JSON.stringify([sort, value, id])).toString('base64url');

export function decodeSortCursor(cursor: string, sort: string, kind: 'instant' | 'amount' | 'text'): { value: Date | string | null; id: string } {
  const invalid = () => new AppError(400, 'INVALID_CURSOR', 'This page link is not valid; start again from the first page');
  if (!/^[A-Za-z0-9_-]{1,1200}$/.test(cursor)) throw invalid();
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parts) || parts.length !== 3) throw invalid();
  const [named, value, id] = parts as unknown[];
  if (named !== sort || !z.uuid().safeParse(id).success) throw invalid();
  if (kind === 'instant') {
    if (!instant.safeParse(value).success) throw invalid();
    return { value: new Date(value as string), id: id as string };
  }
  if (kind === 'amount') {
    if (!amount.safeParse(value).success) throw invalid();
    return { value: value as string, id: id as string };
  }
  // Text sorts: any text without NUL (the column cannot hold one), or null for a missing value.
  if (value !== null && (typeof value !== 'string' || value.length > 500 || value.includes('\u0000'))) throw invalid();
  return { value, id: id as string };
}

/**
 * A changes-feed position: base64url of `<transaction id>|<document id>`
 * (docs/product/api-keys-and-audit.md). Checked like the others: anything the
 * API did not hand out is a 400 INVALID_CURSOR, never a query the database
 * refuses. Forging one only skips changes the caller may read anyway.
 */
export const encodeChangeCursor = (xid: string, id: string): string => Buffer.from(`${xid}|${id}`).toString('base64url');

/** Where a feed without `after` starts: before every transaction. */
export const FEED_START = { xid: '0', id: '00000000-0000-0000-0000-000000000000' } as const;

const XID8_MAX = 2n ** 63n - 1n;
const uuidText = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function decodeChangeCursor(cursor: string): { xid: string; id: string } {
  const invalid = () => new AppError(400, 'INVALID_CURSOR', 'This feed position is not valid; start again from the beginning');
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw invalid();
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const [xid, id] = parts;
  if (parts.length !== 2 || !/^\d{1,19}$/.test(xid!) || BigInt(xid!) > XID8_MAX || !uuidText.test(id!)) throw invalid();
  return { xid: xid!, id: id! };
}
