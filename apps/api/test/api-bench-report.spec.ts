import { describe, expect, it } from 'vitest';
import { recentMonths } from '../bench/bench-endpoints';
import { type EndpointResult, formatTables, type LoadSummary, percentile, rlsRatio, stats, verdict } from '../bench/bench-report';
import type { Sample } from '../bench/load-run';

// The benchmark's arithmetic and verdicts only: how fast anything ran is the benchmark's business, never a test's.
const answered = (...ms: number[]): Sample[] => ms.map((v) => ({ ms: v, cut: false }));

function summary(all: Sample[], extra: Partial<LoadSummary> = {}): LoadSummary {
  return {
    all: stats(all),
    distributor: stats(all),
    principal: stats([]),
    rps: 10,
    requests: all.length,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    unfinished: 0,
    sessionsDropped: 0,
    statusCodes: {},
    ...extra,
  };
}

function endpoint(rls: Sample[], bypass: Sample[] | null, extra: Partial<LoadSummary> = {}): EndpointResult {
  return {
    name: 'documents: first page',
    who: 'all',
    split: false,
    targetP95Ms: 50,
    rls: { sessions: summary(rls, extra), saturated: summary(rls) },
    bypass: bypass ? { sessions: summary(bypass), saturated: summary(bypass) } : null,
  };
}

describe('percentiles', () => {
  it('takes the nearest rank and keeps whether it fell on an unanswered request', () => {
    const hundred = answered(...Array.from({ length: 100 }, (_, i) => i + 1));
    expect(percentile(hundred, 50)).toEqual({ ms: 50, cut: false });
    expect(percentile(hundred, 95)).toEqual({ ms: 95, cut: false });
    expect(percentile(hundred, 99)).toEqual({ ms: 99, cut: false });
    expect(percentile(answered(7), 99)).toEqual({ ms: 7, cut: false });
    expect(percentile([], 50).ms).toBeNaN();

    const s = stats([...answered(3, 1, 2), { ms: 4000, cut: true }]);
    expect(s.p50).toEqual({ ms: 2, cut: false });
    expect(s.p99).toEqual({ ms: 4000, cut: true });
  });
});

describe('verdict', () => {
  it('is met within the p95 target, the RLS ratio and with no failure', () => {
    expect(verdict(endpoint(answered(10, 20, 30), answered(9, 19, 29)))).toBe('met');
    expect(verdict(endpoint(answered(10, 20, 30), null))).toBe('met');
  });

  it('names every target it misses', () => {
    expect(verdict(endpoint(answered(40, 60, 80), answered(10, 20, 30), { non2xx: 2 }))).toBe('MISSED (p95 80 > 50; RLS 3.00x > 1.2x; 2 failed)');
  });

  it('reads lower bounds only the way they decide', () => {
    const cut = (ms: number): Sample => ({ ms, cut: true });
    // RLS at least 4 s against 1 s: at least 4x, over the target.
    expect(rlsRatio(endpoint([cut(4000)], answered(1000))).bound).toBe('≥');
    expect(verdict(endpoint([cut(4000)], answered(1000)))).toBe('MISSED (p95 ≥4000 > 50; RLS ≥4.00x > 1.2x)');
    // Both unanswered: the ratio cannot be told.
    expect(verdict(endpoint([cut(4000)], [cut(4000)]))).toBe('MISSED (p95 ≥4000 > 50; RLS ratio unknown)');
  });
});

describe('formatTables', () => {
  it('prints both tables with a row per endpoint, lower bounds marked', () => {
    const printed = formatTables([endpoint([...answered(10, 20), { ms: 5000, cut: true }], answered(9, 19, 29), { unfinished: 1, sessionsDropped: 3 })]);
    expect(printed).toContain(
      '| documents: first page | mixed | 20 / ≥5000 / ≥5000 | 19 / 29 / 29 | 1.05x | 10 | 10 | 0 (1 unfinished, 3 sessions dropped) | 0 |',
    );
    expect(printed).toContain('| endpoint | sessions | saturated p50/p95/p99 ms RLS | saturated p50/p95/p99 ms bypass |');
  });
});

describe('recentMonths', () => {
  it('gives the last 24 calendar months, first to last day', () => {
    const months = recentMonths(new Date('2026-03-15T12:00:00Z'));
    expect(months).toHaveLength(24);
    expect(months[0]).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(months[1]).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(months[23]).toEqual({ from: '2024-04-01', to: '2024-04-30' });
  });
});
