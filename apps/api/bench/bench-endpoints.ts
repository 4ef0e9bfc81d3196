/** Who a session belongs to: each measurement mixes both, and reports them apart where `split` says so. */
export type SessionKind = 'distributor' | 'principal';

/** What one session may ask for: values read beforehand through the API from its own scope. */
export interface SessionSample {
  kind: SessionKind;
  email: string;
  /** Documents of the first pages (by id). */
  ids: string[];
  partyCodes: string[];
  /** Part of a party name (two words of it), as a principal types into the search. */
  partyNameParts: string[];
  productCodes: string[];
  /** Principals: their connected distributors. */
  distributorIds: string[];
  /** Keyset cursors of pages 2 … N of the default sort, replayed as "deep" pages. */
  cursors: string[];
}

export interface BenchEndpoint {
  name: string;
  /** Principal-only filters run on principal sessions alone. */
  who: 'all' | 'principal';
  /** Also report distributor and principal rows. */
  split: boolean;
  /** The issue 14 target for p95 at 32 sessions. */
  targetP95Ms: number;
  /** The path of the `i`-th request of a session (values rotate through the session's sample). */
  path(s: SessionSample, i: number): string;
}

const LIST_P95_MS = 50;
const BY_ID_P95_MS = 10;
const pick = <T>(values: T[], i: number, what: string, s: SessionSample): T => {
  if (values.length === 0) throw new Error(`${s.email} has no ${what} in its scope`);
  return values[i % values.length]!;
};
const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** The first of each of the last 24 months and its last day, newest first. */
export function recentMonths(today = new Date()): { from: string; to: string }[] {
  return Array.from({ length: 24 }, (_, k) => {
    const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - k, 1));
    const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
    return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
  });
}
const MONTHS = recentMonths();

/**
 * The measured requests, in one place. Totals ride on GET /api/documents
 * today (limit=1 leaves mostly the totals); when a separate
 * `GET /api/documents/totals` exists, its row's path is the one line to change.
 */
export const BENCH_ENDPOINTS: BenchEndpoint[] = [
  { name: 'documents: first page', who: 'all', split: true, targetP95Ms: LIST_P95_MS, path: () => '/api/documents' },
  {
    name: 'documents: deep keyset page',
    who: 'all',
    split: true,
    targetP95Ms: LIST_P95_MS,
    path: (s, i) => `/api/documents?${q({ cursor: pick(s.cursors, i, 'deep cursor', s) })}`,
  },
  { name: 'filter: type', who: 'all', split: false, targetP95Ms: LIST_P95_MS, path: () => `/api/documents?type=SALES_INVOICE` },
  { name: 'filter: one month', who: 'all', split: false, targetP95Ms: LIST_P95_MS, path: (_s, i) => `/api/documents?${q(MONTHS[i % MONTHS.length]!)}` },
  {
    name: 'filter: party code',
    who: 'all',
    split: true,
    targetP95Ms: LIST_P95_MS,
    path: (s, i) => `/api/documents?${q({ party: pick(s.partyCodes, i, 'party code', s) })}`,
  },
  {
    name: 'filter: party name part',
    who: 'principal',
    split: false,
    targetP95Ms: LIST_P95_MS,
    path: (s, i) => `/api/documents?${q({ party: pick(s.partyNameParts, i, 'party name', s) })}`,
  },
  {
    name: 'filter: product code',
    who: 'all',
    split: true,
    targetP95Ms: LIST_P95_MS,
    path: (s, i) => `/api/documents?${q({ product: pick(s.productCodes, i, 'product code', s) })}`,
  },
  {
    name: 'filter: distributor',
    who: 'principal',
    split: false,
    targetP95Ms: LIST_P95_MS,
    path: (s, i) => `/api/documents?${q({ distributorId: pick(s.distributorIds, i, 'connected distributor', s) })}`,
  },
  { name: 'sort: total_desc', who: 'all', split: false, targetP95Ms: LIST_P95_MS, path: () => '/api/documents?sort=total_desc' },
  { name: 'totals (list, limit=1)', who: 'all', split: true, targetP95Ms: LIST_P95_MS, path: () => '/api/documents?limit=1' },
  { name: 'series: month', who: 'all', split: true, targetP95Ms: LIST_P95_MS, path: () => '/api/documents/series?granularity=month' },
  { name: 'series: day', who: 'all', split: false, targetP95Ms: LIST_P95_MS, path: () => '/api/documents/series?granularity=day' },
  { name: 'document by id', who: 'all', split: true, targetP95Ms: BY_ID_P95_MS, path: (s, i) => `/api/documents/${pick(s.ids, i, 'document', s)}` },
];

/** Overhead of row-level security allowed at p50 (RLS over bypass). */
export const RLS_RATIO_TARGET = 1.2;
