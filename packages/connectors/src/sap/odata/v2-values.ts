import type { SapErrorDetail } from '@portal/contracts';

// `\/Date(1130168212000+0000)\/` arrives as `/Date(1130168212000+0000)/` once JSON-decoded; the offset is optional (no offset = UTC).
const V2_DATE = /^\/Date\((-?\d{1,15})(?:[+-]\d{4})?\)\/$/;

/**
 * The instant of an OData V2 date value. SAP Gateway writes both Edm.DateTime
 * and Edm.DateTimeOffset as `/Date(<UTC ms>[±hhmm])/`; the milliseconds are
 * already UTC, the offset only says where the writer was, so it is ignored.
 */
export function v2Instant(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = V2_DATE.exec(value.trim());
  if (!m) return null;
  const d = new Date(Number(m[1]));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `datetimeoffset'2026-12-01T10:15:00.123Z'`: the only literal SAP compares a DateTimeOffset with. */
export function datetimeOffsetLiteral(d: Date): string {
  return `datetimeoffset'${d.toISOString()}'`;
}

/** `datetime'2026-11-24T00:00:00'`: midnight UTC of the day, for Edm.DateTime fields such as PostingDate. */
export function dateLiteral(d: Date): string {
  return `datetime'${d.toISOString().slice(0, 10)}T00:00:00'`;
}

/** A string literal with quotes doubled, as OData escapes them. */
export function stringLiteral(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** The answer does not follow the OData V2 JSON format. */
export class V2FormatError extends Error {
  override readonly name = 'V2FormatError';
}

export interface V2Collection {
  results: unknown[];
  /** `__next` exactly as sent: absolute, or relative to the service root. */
  next: string | null;
}

/** Reads a collection answer `{"d":{"results":[…],"__next":"…"}}`. */
export function readV2Collection(body: string): V2Collection {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new V2FormatError(body.trimStart().startsWith('<') ? 'an HTML or XML page instead of OData JSON' : 'the answer is not JSON');
  }
  const d = (parsed as { d?: unknown } | null)?.d as { results?: unknown; __next?: unknown } | undefined;
  if (!d || typeof d !== 'object' || !Array.isArray(d.results)) throw new V2FormatError('the answer has no d.results list');
  if (d.__next !== undefined && d.__next !== null && typeof d.__next !== 'string') throw new V2FormatError('d.__next is not a URL');
  return { results: d.results, next: typeof d.__next === 'string' && d.__next !== '' ? d.__next : null };
}

/**
 * A record without the V2 envelope noise: `__metadata` dropped, navigations
 * that were not expanded (`{"__deferred":…}`) dropped, expanded ones kept as
 * `{"results":[…]}` with their entries cleaned the same way.
 */
export function withoutV2Noise(record: unknown): unknown {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return record;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (k === '__metadata') continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      if ('__deferred' in v) continue;
      const results = (v as { results?: unknown }).results;
      if (Array.isArray(results)) {
        out[k] = { results: results.map(withoutV2Noise) };
        continue;
      }
    }
    out[k] = v;
  }
  return out;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);

/** SAP Gateway's error body `{"error":{"code","message":{"value"},"innererror":{"transactionid"}}}`, when the answer is one. */
export function sapErrorOf(body: string): SapErrorDetail | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const error = (parsed as { error?: unknown } | null)?.error as { code?: unknown; message?: unknown; innererror?: { transactionid?: unknown } } | undefined;
  if (!error || typeof error !== 'object') return null;
  const message = typeof error.message === 'object' && error.message !== null ? (error.message as { value?: unknown }).value : error.message;
  return { code: text(error.code), message: text(message), transactionId: text(error.innererror?.transactionid) };
}
