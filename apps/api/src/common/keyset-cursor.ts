/** Opaque keyset cursor: base64url of the last row's sort key. Server-only (uses Buffer). */
export const encodeCursor = (parts: (string | number)[]): string => Buffer.from(parts.join('|')).toString('base64url');
export const decodeCursor = (cursor: string): string[] => Buffer.from(cursor, 'base64url').toString('utf8').split('|');
