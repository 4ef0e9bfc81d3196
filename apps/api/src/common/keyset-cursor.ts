/** Opaque keyset cursor: base64url of the last row's sort key. Server-only (uses Buffer). */
export const encodeCursor = (parts: (string | number)[]): string => Buffer.from(parts.join('|')).toString('base64url');
export const decodeCursor = (cursor: string): string[] => Buffer.from(cursor, 'base64url').toString('utf8').split('|');

/**
 * A keyset cursor whose parts are any text or null (a party name may contain
 * "|" or be missing): base64url of a JSON array. `null` when the cursor is not
 * one of ours, so the caller answers 400.
 */
export const encodeJsonCursor = (parts: (string | null)[]): string => Buffer.from(JSON.stringify(parts)).toString('base64url');
export function decodeJsonCursor(cursor: string): (string | null)[] | null {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(parts) && parts.every((p) => p === null || typeof p === 'string') ? (parts as (string | null)[]) : null;
  } catch {
    return null;
  }
}
