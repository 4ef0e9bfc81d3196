import { describe, expect, it } from 'vitest';
import { defaultOptions, formatReport, runConsolidateBench } from '../bench/consolidate-bench';

// The benchmark's own code path at a tiny size: correctness only. How fast
// anything ran is the benchmark's business, never a test's.
describe('pnpm bench:consolidate at 2,000 lines', () => {
  it('consolidates every served line on all four paths (DMS, SAP, baseline, floor) and reports each measurement', async () => {
    const report = await runConsolidateBench({ ...defaultOptions(2_000), smallLines: 500 });

    for (const m of [report.ours, report.oursSap, report.oursSmall, report.baseline, report.floor]) {
      expect(m.served.lines).toBeGreaterThan(0);
      expect(m.stored.documents).toBe(m.served.documents);
      expect(m.stored.lines).toBe(m.served.lines);
      expect(m.lines).toBe(m.served.lines);
      expect(m.linesPerSecond).toBeGreaterThan(0);
    }
    // Same DMS size and seed: ours, the baseline and the floor stored the same amounts.
    expect(report.ours.served.lines).toBeGreaterThan(1_500);
    expect(report.baseline.stored).toEqual(report.ours.stored);
    expect(report.floor.stored).toEqual(report.ours.stored);
    // Five types, each paged through to the end; the SAP line read the same order of lines from OData.
    expect(report.ours.pages).toBeGreaterThanOrEqual(5);
    expect(report.oursSap.pages).toBeGreaterThanOrEqual(5);
    expect(report.oursSap.served.lines).toBeGreaterThan(1_500);
    expect(report.ours.maxRssBytes).toBeGreaterThan(0);
    expect(report.oursSmall.maxRssBytes).toBeGreaterThan(0);
    expect(report.ours.maxLiveHeapBytes).toBeGreaterThan(0);
    expect(report.oursSmall.maxLiveHeapBytes).toBeGreaterThan(0);

    const printed = formatReport(report);
    expect(printed).toMatch(/\(a\) ours.* lines\/s/);
    expect(printed).toMatch(/\(b\) baseline.* lines\/s/);
    expect(printed).toMatch(/\(c\) floor.* lines\/s/);
    expect(printed).toMatch(/\(d\) ours: SAP.* lines\/s/);
    expect(printed).toMatch(/SAP \/ floor {5}= [\d.]+x/);
    expect(printed).toMatch(/ours \/ baseline = [\d.]+x/);
    expect(printed).toMatch(/ours \/ floor {4}= [\d.]+x/);
    expect(printed).toMatch(/peak RSS +\d+ MB -> +\d+ MB/);
    expect(printed).toMatch(/peak live heap after GC +\d+ MB -> +\d+ MB/);
    expect(printed).not.toContain('MISMATCH');
  }, 300_000);
});
