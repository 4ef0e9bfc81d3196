import { describe, expect, it } from 'vitest';
import { stats } from '../bench/bench-report';
import { formatInsightBench, type InsightBenchReport, speedup, targetVerdict } from '../bench/insight-bench';
import { baselineSql, insightPath, insightQueries, type InsightScope } from '../bench/insight-queries';
import { measureWriteCost } from '../bench/insight-write-cost';
import type { Sample } from '../bench/load-run';
import type { LoadSummary } from '../bench/bench-report';

// `pnpm bench:insight`'s own code at a tiny size and its arithmetic: correctness only.
// How fast anything ran is the benchmark's business, never a test's.
const answered = (...ms: number[]): Sample[] => ms.map((v) => ({ ms: v, cut: false }));
const summary = (s: Sample[], extra: Partial<{ non2xx: number; rps: number }> = {}): LoadSummary => ({
  all: stats(s),
  distributor: stats(s),
  principal: stats([]),
  rps: extra.rps ?? 10,
  requests: s.length,
  non2xx: extra.non2xx ?? 0,
  errors: 0,
  timeouts: 0,
  unfinished: 0,
  sessionsDropped: 0,
  statusCodes: extra.non2xx ? { '500': extra.non2xx } : ({} as Record<string, number>),
});

const scope: InsightScope = {
  who: 'principal',
  organizationId: '00000000-0000-4000-8000-000000000001',
  distributorIds: ['00000000-0000-4000-8000-000000000002'],
  skuIds: ['00000000-0000-4000-8000-000000000003'],
  brands: ["Brand O'Neil"],
  productCodes: ['PRD-0001'],
};

describe('pnpm bench:insight', () => {
  it('asks every query through the contracts’ paths and the same filters of the baseline', () => {
    const today = new Date(Date.UTC(2026, 11, 2));
    for (const q of insightQueries(today)) {
      const req = q.request({ ...scope, who: q.who }, 0);
      const url = new URL(`http://x${insightPath(req)}`);
      expect(url.pathname).toMatch(/^\/api\/insight\/(summary|trend|top)$/);
      expect(url.searchParams.get('from')).toMatch(/^\d{4}-\d{2}-01$/);
      const sql = baselineSql(q.who, req);
      if (req.f.distributorId) expect(sql).toContain(`l.organization_id = '${req.f.distributorId}'`);
      if (req.f.brand) expect(sql).toContain("'Brand O''Neil'");
    }
    const summaryLastMonth = insightQueries(today).find((q) => q.name === 'summary: last month')!;
    expect(insightPath(summaryLastMonth.request(scope, 0))).toBe('/api/insight/summary?measure=sell_out&from=2026-11-01&to=2026-11-30');
    // The previous period of the baseline's summary is the month before (same length).
    expect(baselineSql('principal', summaryLastMonth.request(scope, 0))).toContain("d.date between '2026-10-02' and '2026-11-30'");
  });

  it('judges the targets and the ratio from the measured percentiles', () => {
    const fast = { sessions: summary(answered(10, 20, 30)), saturated: summary(answered(10)) };
    const slow = { sessions: summary(answered(100, 200, 300)), saturated: summary(answered(10)) };
    const failing = { sessions: summary(answered(10), { non2xx: 2 }), saturated: summary(answered(10)) };
    expect(targetVerdict(fast, 150)).toBe('met');
    expect(targetVerdict(slow, 150)).toBe('MISSED (p95 300 > 150)');
    expect(targetVerdict(failing, 150)).toBe('MISSED (2 failed)');
    expect(targetVerdict(null, 150)).toBe('—');
    expect(speedup(stats(answered(30)), stats(answered(3000)))).toBe('100x');
    expect(speedup(stats(answered(30)), stats([{ ms: 120_000, cut: true }]))).toBe('≥4000x');
  });

  it('writes every generated line with and without the insight triggers, and only the triggers fill the sums', async () => {
    const cost = await measureWriteCost(2_000, () => {});
    expect(cost.runs.map((r) => r.triggers)).toEqual(['on', 'off', 'off', 'on']);
    for (const r of cost.runs) {
      expect(r.lines).toBe(cost.lines);
      expect(r.linesPerSecond).toBeGreaterThan(0);
      if (r.triggers === 'on') expect(r.sumRows).toBeGreaterThan(0);
      else expect(r.sumRows).toBe(0);
    }
    expect(cost.ratio).toBeGreaterThan(0);

    const report: InsightBenchReport = {
      options: {
        lines: 1,
        duration: 1,
        rate: 1,
        sessions: 1,
        reseed: false,
        baseline: true,
        baselineSessions: 1,
        search: true,
        writeLines: 2_000,
        redisUrl: '',
      },
      machine: { cpus: 2, node: 'v20' },
      database: {
        seeded: 'reused',
        seedSeconds: 0,
        lines: 5_000_000,
        documents: 1_000_000,
        sums: { productMonths: 1, customerMonths: 1, salesmanMonths: 1, cityMonths: 1, days: 1, skuMonths: 1, principalMonths: 1 },
      },
      insightApiMissing: null,
      agreement: [{ name: 'principal summary: last month', agrees: true, detail: 'API IDR 1.00; lines IDR 1.00' }],
      insight: [
        {
          name: 'summary: last month',
          who: 'principal',
          ours: { sessions: summary(answered(10, 20)), saturated: summary(answered(10), { rps: 42 }) },
          baseline: { latency: stats(answered(2000)), rps: 0.5, requests: 1, failed: 0 },
        },
      ],
      search: [{ name: 'search: customers', who: 'principal', ours: { sessions: summary(answered(5)), saturated: summary(answered(5)) } }],
      writeCost: cost,
      loggedErrors: [],
      loadAverage: [1, 1, 1],
    };
    const printed = formatInsightBench(report);
    expect(printed).toContain('| summary: last month | principal | 10 / 20 / 20 | 42 | 2000 / 2000 / 2000 | 0.5 | 100x | 0 | met |');
    expect(printed).toContain('| search: customers | principal | 5.0 / 5.0 / 5.0 |');
    expect(printed).toMatch(/insight triggers on .* lines\/s/);
    expect(printed).toMatch(/with \/ without = [\d.]+x the time/);
    expect(printed).toContain('figures agree (principal summary: last month)');
    expect(printed).toMatch(/load average \(1, 5, 15 min\) at the end: 1\.0, 1\.0, 1\.0 on 2 cores/);
  });
});
