import type { PullCursor } from '../../source-connector';

/**
 * One pass over `LastChangeDateTime ge <since>` (docs/product/sap-s4hana-connector.md,
 * "Watermark"). `ge` re-reads the documents changed at exactly the watermark
 * instant; the keys seen there last time are skipped, a new change at the same
 * instant is not.
 */
export interface LastChangePass {
  since: Date | null;
  /** Keys already taken at exactly `since`. */
  skipKeys: ReadonlySet<string>;
  /** The newest change taken so far and the keys at exactly that instant: the next watermark. */
  newest: Date | null;
  newestKeys: Set<string>;
  /** Where the pass continues (`__next` as SAP sent it); null before the first page. */
  next: string | null;
  /** (instant, key) pairs taken in this pass: a server that pages by offset can serve one twice while data moves. */
  taken: Set<string>;
}

/** What `PullCursor.cursor` holds for an S/4HANA pull: JSON, opaque to the worker. */
interface StoredCursor {
  /** Mid-pass: the `__next` to follow. */
  next?: string;
  /** Keys taken at exactly `updatedSince`. */
  skip?: string[];
  /** Mid-pass: the newest change taken so far (ISO) and its keys. */
  newestAt?: string;
  newest?: string[];
}

function readStored(cursor: string | null): StoredCursor {
  if (!cursor) return {};
  try {
    const v = JSON.parse(cursor) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as StoredCursor) : {};
  } catch {
    // A cursor this connector did not write (another product's, a hand-edited row) starts the pass over from the watermark.
    return {};
  }
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function startPass(from: PullCursor): LastChangePass {
  const stored = readStored(from.cursor);
  const skipKeys = new Set(strings(stored.skip));
  const newestAt = typeof stored.newestAt === 'string' ? new Date(stored.newestAt) : null;
  const resuming = typeof stored.next === 'string' && newestAt !== null && !Number.isNaN(newestAt.getTime());
  return {
    since: from.updatedSince,
    skipKeys,
    newest: resuming ? newestAt : from.updatedSince,
    newestKeys: resuming ? new Set(strings(stored.newest)) : new Set(skipKeys),
    next: typeof stored.next === 'string' ? stored.next : null,
    taken: new Set(),
  };
}

/**
 * Whether a record changed at `at` with `key` is new to this pass, noting it
 * for the next watermark. A record without a readable key or timestamp is
 * always taken (its template quarantines it) and never moves the watermark.
 */
export function admit(pass: LastChangePass, key: string | null, at: Date | null): boolean {
  if (key === null || at === null) return true;
  const t = at.getTime();
  if (pass.since && t === pass.since.getTime() && pass.skipKeys.has(key)) return false;
  const pair = `${t}|${key}`;
  if (pass.taken.has(pair)) return false;
  pass.taken.add(pair);
  if (!pass.newest || t > pass.newest.getTime()) {
    pass.newest = at;
    pass.newestKeys = new Set([key]);
  } else if (t === pass.newest.getTime()) pass.newestKeys.add(key);
  return true;
}

/** The cursor to store after a page: mid-pass it resumes at `next`; at the end the watermark moves to the newest change taken. */
export function cursorAfterPage(pass: LastChangePass, next: string | null): PullCursor {
  if (next) {
    const stored: StoredCursor = {
      next,
      skip: [...pass.skipKeys],
      ...(pass.newest ? { newestAt: pass.newest.toISOString(), newest: [...pass.newestKeys] } : {}),
    };
    return { updatedSince: pass.since, cursor: JSON.stringify(stored) };
  }
  if (!pass.newest) return { updatedSince: null, cursor: null };
  return { updatedSince: pass.newest, cursor: JSON.stringify({ skip: [...pass.newestKeys] } satisfies StoredCursor) };
}

/** Purchase invoices (no change timestamp): mid-pass the `__next` to follow; at the end, when the pass finished (it marks "read once"). */
export function windowCursor(from: PullCursor, next: string | null, finishedAt: Date): PullCursor {
  return next ? { updatedSince: from.updatedSince, cursor: JSON.stringify({ next } satisfies StoredCursor) } : { updatedSince: finishedAt, cursor: null };
}

/** The `__next` a purchase-invoice pass resumes at, if it stopped mid-pass. */
export function windowResume(from: PullCursor): string | null {
  const next = readStored(from.cursor).next;
  return typeof next === 'string' ? next : null;
}
