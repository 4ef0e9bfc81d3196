import { type BenchEndpoint, RLS_RATIO_TARGET, type SessionKind } from './bench-endpoints';
import type { LoadResult, Sample } from './load-run';

/** A percentile and whether it is only a lower bound (it fell on a request still unanswered when the run ended). */
export interface Pct {
  ms: number;
  cut: boolean;
}

export interface Stats {
  n: number;
  p50: Pct;
  p95: Pct;
  p99: Pct;
}

/** A run without its raw latencies: what the JSON keeps and the tables print. */
export interface LoadSummary {
  all: Stats;
  distributor: Stats;
  principal: Stats;
  rps: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Requests still unanswered when the run ended, waiting longer than every answer (their wait counts as a lower bound). */
  unfinished: number;
  /** Sessions the API had signed out by the end of the run (checked, then signed in again). */
  sessionsDropped: number;
  statusCodes: Record<string, number>;
}

export interface ModeSummaries {
  sessions: LoadSummary;
  saturated: LoadSummary;
}

export interface EndpointResult {
  name: string;
  who: BenchEndpoint['who'];
  split: boolean;
  targetP95Ms: number;
  rls: ModeSummaries;
  bypass: ModeSummaries | null;
}

/** Nearest-rank percentile of ascending samples; NaN when there are none. */
export function percentile(sorted: Sample[], p: number): Pct {
  if (sorted.length === 0) return { ms: Number.NaN, cut: false };
  const rank = Math.ceil((p / 100) * sorted.length);
  return { ...sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]! };
}

export function stats(samples: Sample[]): Stats {
  // A cut sample is a lower bound: among equal times it sorts after an answered one.
  const sorted = [...samples].sort((a, b) => a.ms - b.ms || Number(a.cut) - Number(b.cut));
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

export function summarize(r: LoadResult, sessionsDropped: number): LoadSummary {
  return {
    all: stats(r.latencies.all),
    distributor: stats(r.latencies.distributor),
    principal: stats(r.latencies.principal),
    rps: r.rps,
    requests: r.requests,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    unfinished: r.unfinished,
    sessionsDropped,
    statusCodes: r.statusCodes,
  };
}

const failures = (m: ModeSummaries | null) => (m ? m.sessions.non2xx + m.sessions.errors + m.saturated.non2xx + m.saturated.errors : 0);

/**
 * p50 with RLS over p50 without, at 32 sessions; `bound` says which way it
 * is known when a side is only a lower bound ('≥' when RLS's is, '≤' when
 * the bypass's is, null both or neither: unknown or exact).
 */
export function rlsRatio(e: EndpointResult, kind: 'all' | SessionKind = 'all'): { ratio: number; bound: '≥' | '≤' | '' | null } {
  if (!e.bypass) return { ratio: Number.NaN, bound: null };
  const rls = e.rls.sessions[kind].p50;
  const bypass = e.bypass.sessions[kind].p50;
  const ratio = rls.ms / bypass.ms;
  if (rls.cut && bypass.cut) return { ratio, bound: null };
  return { ratio, bound: rls.cut ? '≥' : bypass.cut ? '≤' : '' };
}

const ratioText = (r: ReturnType<typeof rlsRatio>) => (r.bound === null || Number.isNaN(r.ratio) ? '—' : `${r.bound}${r.ratio.toFixed(2)}x`);

/** Issue 14's targets for one endpoint: p95 at 32 sessions, the RLS ratio (when measured) and no failed request. */
export function verdict(e: EndpointResult): string {
  const missed: string[] = [];
  const p95 = e.rls.sessions.all.p95;
  if (!(p95.ms <= e.targetP95Ms)) missed.push(`p95 ${pct(p95)} > ${e.targetP95Ms}`);
  if (e.bypass) {
    const r = rlsRatio(e);
    const over = r.ratio > RLS_RATIO_TARGET;
    // A bound decides only one way: "≥ 3x" is over, "≥ 1.1x" and "≤ 2x" cannot be told.
    if ((r.bound === '' || r.bound === '≥') && over) missed.push(`RLS ${ratioText(r)} > ${RLS_RATIO_TARGET}x`);
    else if (r.bound === null || Number.isNaN(r.ratio) || (r.bound === '≥' && !over) || (r.bound === '≤' && over)) missed.push('RLS ratio unknown');
  }
  const failed = failures(e.rls) + failures(e.bypass);
  if (failed > 0) missed.push(`${failed} failed`);
  return missed.length === 0 ? 'met' : `MISSED (${missed.join('; ')})`;
}

export const ms = (v: number) => (Number.isNaN(v) ? '—' : v < 10 ? v.toFixed(1) : String(Math.round(v)));
/** ≥: a lower bound, the request was still unanswered when the run ended (or timed out). */
const pct = (p: Pct) => `${p.cut ? '≥' : ''}${ms(p.ms)}`;
const triple = (s: Stats) => (s.n === 0 ? '—' : `${pct(s.p50)} / ${pct(s.p95)} / ${pct(s.p99)}`);
const rps = (v: number) => (v < 10 ? v.toFixed(1) : String(Math.round(v)));
const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
const failedCell = (m: ModeSummaries | null) => {
  if (!m) return '—';
  const codes = new Map<string, number>();
  for (const [code, n] of [...Object.entries(m.sessions.statusCodes), ...Object.entries(m.saturated.statusCodes)]) codes.set(code, (codes.get(code) ?? 0) + n);
  const sum = (f: (s: LoadSummary) => number) => f(m.sessions) + f(m.saturated);
  const notes = [
    ...[...codes].map(([code, n]) => `${n}×${code}`),
    ...(sum((s) => s.timeouts) ? [`${sum((s) => s.timeouts)} timeouts`] : []),
    ...(sum((s) => s.unfinished) ? [`${sum((s) => s.unfinished)} unfinished`] : []),
    ...(sum((s) => s.sessionsDropped) ? [`${sum((s) => s.sessionsDropped)} sessions dropped`] : []),
  ];
  return `${failures(m)}${notes.length ? ` (${notes.join(', ')})` : ''}`;
};

function kindsOf(e: EndpointResult): ('all' | SessionKind)[] {
  if (e.who === 'principal') return ['principal'];
  return e.split ? ['all', 'distributor', 'principal'] : ['all'];
}

const label = (e: EndpointResult, kind: 'all' | SessionKind) => (kind === 'all' || e.who === 'principal' ? e.name : `  ↳ ${kind}`);
const who = (e: EndpointResult, kind: 'all' | SessionKind) => (kind === 'all' ? 'mixed' : kind === 'principal' && e.who === 'principal' ? 'principals' : kind);

/**
 * Two markdown tables: at 32 sessions (latency with and without RLS, the
 * ratio, saturated throughput, failures, the target) and saturated (latency).
 */
export function formatTables(results: EndpointResult[]): string {
  const main = [
    row([
      'endpoint',
      'sessions',
      'p50/p95/p99 ms RLS',
      'p50/p95/p99 ms bypass',
      'p50 RLS/bypass',
      'req/s sat. RLS',
      'req/s sat. bypass',
      'failed RLS',
      'failed bypass',
      'target',
    ]),
    row(Array.from({ length: 10 }, () => '---')),
  ];
  const saturated = [row(['endpoint', 'sessions', 'saturated p50/p95/p99 ms RLS', 'saturated p50/p95/p99 ms bypass']), row(['---', '---', '---', '---'])];
  for (const e of results) {
    for (const kind of kindsOf(e)) {
      const head = kind === 'all' || e.who === 'principal';
      const ratio = ratioText(rlsRatio(e, kind));
      main.push(
        row([
          label(e, kind),
          who(e, kind),
          triple(e.rls.sessions[kind]),
          e.bypass ? triple(e.bypass.sessions[kind]) : '—',
          ratio,
          head ? rps(e.rls.saturated.rps) : '',
          head && e.bypass ? rps(e.bypass.saturated.rps) : '',
          head ? failedCell(e.rls) : '',
          head ? failedCell(e.bypass) : '',
          head ? verdict(e) : '',
        ]),
      );
      saturated.push(row([label(e, kind), who(e, kind), triple(e.rls.saturated[kind]), e.bypass ? triple(e.bypass.saturated[kind]) : '—']));
    }
  }
  return [...main, '', ...saturated].join('\n');
}
