// Where a Business One pull stands (docs/product/sap-business-one.md, "Delta").
// Business One stamps a change with UpdateDate and UpdateTime, to the second,
// in the server's wall clock; the pull orders by (UpdateDate, UpdateTime,
// DocEntry) and remembers positions in that order.

/** A change stamp as Business One writes it: `2026-11-30`, `14:05:09`. */
export interface Stamp {
  date: string;
  time: string;
}

/** The newest stamp seen, and per entity set the DocEntries changed at exactly that second (null: all of them). */
export interface Boundary extends Stamp {
  seen: Record<string, number[]> | null;
}

/** The last record read in an entity set. */
export interface Position extends Stamp {
  docEntry: number;
}

export interface B1CursorState {
  /** The newest change of the last complete pass: this pass skips it and everything before. */
  floor: Boundary | null;
  /** Mid-pass only: the entity set being read, its last record read, and the newest change seen so far. */
  pass: { set: string; after: Position | null; newest: Boundary | null } | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}:\d{2}$/;

/** A record's stamp; the date may come as `2026-11-30` or `2026-11-30T00:00:00Z`. */
export function stampOf(record: Record<string, unknown>): Stamp | null {
  const date = typeof record.UpdateDate === 'string' ? record.UpdateDate.slice(0, 10) : null;
  const time = typeof record.UpdateTime === 'string' ? record.UpdateTime.slice(0, 8) : null;
  return date && time && DATE.test(date) && TIME.test(time) ? { date, time } : null;
}

function compareStamps(a: Stamp, b: Stamp): number {
  return a.date === b.date ? (a.time === b.time ? 0 : a.time < b.time ? -1 : 1) : a.date < b.date ? -1 : 1;
}

/** The watermark the worker stores: the stamp read as UTC (templates read updatedAt the same way). */
export const stampToDate = (s: Stamp): Date => new Date(`${s.date}T${s.time}Z`);

export function stampOfDate(d: Date): Stamp {
  const iso = d.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 19) };
}

/** Whether the last complete pass already delivered this change. */
export function alreadySeen(floor: Boundary | null, set: string, docEntry: number, stamp: Stamp): boolean {
  if (!floor) return false;
  const c = compareStamps(stamp, floor);
  if (c !== 0) return c < 0;
  return floor.seen === null || (floor.seen[set] ?? []).includes(docEntry);
}

/** The newest boundary after seeing one more change. */
export function advance(newest: Boundary | null, set: string, docEntry: number, stamp: Stamp): Boundary {
  const c = newest ? compareStamps(stamp, newest) : 1;
  if (c > 0) return { ...stamp, seen: { [set]: [docEntry] } };
  if (c < 0 || newest!.seen === null) return newest!;
  const seen = newest!.seen[set] ?? [];
  return seen.includes(docEntry) ? newest! : { ...newest!, seen: { ...newest!.seen, [set]: [...seen, docEntry] } };
}

const quoted = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Everything after a position in (UpdateDate, UpdateTime, DocEntry) order, as a Service Layer $filter. */
export function afterFilter(p: Position): string {
  const d = quoted(p.date);
  const t = quoted(p.time);
  return `UpdateDate gt ${d} or (UpdateDate eq ${d} and (UpdateTime gt ${t} or (UpdateTime eq ${t} and DocEntry gt ${p.docEntry})))`;
}

/** Business One filters dates, not instants: the whole day of the floor is read again and its earlier changes skipped. */
export const sinceFilter = (floor: Stamp): string => `UpdateDate ge ${quoted(floor.date)}`;

export function encodeCursor(state: B1CursorState): string {
  return JSON.stringify({ v: 1, ...state });
}

/** A stored cursor, or null when it is not one of ours (the pass then starts at the watermark). */
export function decodeCursor(text: string | null): B1CursorState | null {
  if (!text) return null;
  try {
    const raw = JSON.parse(text) as { v?: unknown; floor?: unknown; pass?: unknown };
    if (raw.v !== 1) return null;
    const floor = raw.floor === null ? null : boundary(raw.floor);
    if (floor === undefined) return null;
    if (raw.pass === null || raw.pass === undefined) return { floor, pass: null };
    const pass = raw.pass as { set?: unknown; after?: unknown; newest?: unknown };
    if (typeof pass.set !== 'string') return null;
    const after = pass.after === null ? null : position(pass.after);
    const newest = pass.newest === null ? null : boundary(pass.newest);
    if (after === undefined || newest === undefined) return null;
    return { floor, pass: { set: pass.set, after, newest } };
  } catch {
    return null;
  }
}

function isStamp(v: unknown): v is Stamp {
  const s = v as Partial<Stamp> | null;
  return typeof s?.date === 'string' && DATE.test(s.date) && typeof s.time === 'string' && TIME.test(s.time);
}

function boundary(v: unknown): Boundary | undefined {
  if (!isStamp(v)) return undefined;
  const seen = (v as { seen?: unknown }).seen;
  if (seen === null) return { date: v.date, time: v.time, seen: null };
  if (!seen || typeof seen !== 'object') return undefined;
  const entries = Object.entries(seen);
  if (!entries.every(([, ids]) => Array.isArray(ids) && ids.every((id) => Number.isInteger(id)))) return undefined;
  return { date: v.date, time: v.time, seen: Object.fromEntries(entries) as Record<string, number[]> };
}

function position(v: unknown): Position | undefined {
  const docEntry = (v as { docEntry?: unknown } | null)?.docEntry;
  return isStamp(v) && Number.isInteger(docEntry) ? { date: v.date, time: v.time, docEntry: docEntry as number } : undefined;
}
