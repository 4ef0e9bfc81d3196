import { describe, expect, it } from 'vitest';
import { defaultOptions, formatReport, runConsolidateBench } from '../bench/consolidate-bench';

// The benchmark's own code path at a tiny size: correctness only. How fast
// anything ran is the benchmark's business, never a test's.
describe('pnpm bench:consolidate at 2,000 lines', () => {
  it('consolidates every served line on every path (DMS, SAP, previous, baseline, both floors) and reports each measurement', async () => {
    const report = await runConsolidateBench({ ...defaultOptions(2_000), smallLines: 500, indexLines: 300 });

    for (const m of [report.ours, report.oursSap, report.oursSmall, report.previous, report.baseline, report.floor, report.copyFloor]) {
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
    expect(report.copyFloor.stored).toEqual(report.ours.stored);
    expect(report.previous.stored).toEqual(report.ours.stored);
    // The index costs: the floor with everything, then without each secondary index and foreign key of both tables.
    const dropped = report.indexCosts.map((c) => c.dropped);
    expect(dropped[0]).toBe('baseline');
    expect(dropped).toEqual(
      expect.arrayContaining([
        'documents_party_name_trgm_idx',
        'documents_integration_id_type_source_id_key',
        'document_lines_product_code_document_id_idx',
        'document_lines_document_id_fkey',
        'all secondary indexes',
      ]),
    );
    expect(dropped).not.toContain('documents_pkey');
    for (const c of report.indexCosts) expect(c.linesPerSecond).toBeGreaterThan(0);
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
    expect(printed).toMatch(/SAP \/ floor {7}= [\d.]+x/);
    expect(printed).toMatch(/ours \/ baseline {3}= [\d.]+x/);
    expect(printed).toMatch(/ours \/ floor {6}= [\d.]+x/);
    expect(printed).toMatch(/ours \/ COPY floor = [\d.]+x/);
    expect(printed).toMatch(/ours \/ previous {3}= [\d.]+x/);
    expect(printed).toMatch(/\(e\) COPY floor.* lines\/s/);
    expect(printed).toMatch(/\(p\) previous.* lines\/s/);
    expect(printed).toMatch(/documents_party_name_trgm_idx .* lines\/s without it/);
    expect(printed).toMatch(/peak RSS +\d+ MB -> +\d+ MB/);
    expect(printed).toMatch(/peak live heap after GC +\d+ MB -> +\d+ MB/);
    expect(printed).not.toContain('MISMATCH');
  }, 600_000);
});
