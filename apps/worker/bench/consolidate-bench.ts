import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { workerEnv } from '../src/env';
import pg from 'pg';
import { type BenchSource, type BenchTenant, createBenchTenant, startBenchDms, startBenchSap, type StoredCounts, storedCounts } from './bench-fixtures';
import { copyFloor, type IndexCost, indexCosts, parsedPages } from './copy-floor';
import type { OursInput, OursResult } from './ours.child';
import { rowByRowBaseline } from './row-by-row.baseline';
import { sqlFloor } from './sql-floor';

export interface BenchOptions {
  /** Lines the DMS serves for the main measurement of ours (N). */
  lines: number;
  /** The row-by-row baseline is slow: it runs on this smaller sample. */
  baselineLines: number;
  /** The floor holds all its rows in memory at once: it runs on this sample. */
  floorLines: number;
  /** The smaller size at which ours also runs, to compare peak memory. */
  smallLines: number;
  /** The COPY floor is run once per secondary index (that one dropped) on this many lines; 0 skips it. */
  indexLines: number;
  pageSize: number;
  /** The page size the previous loop ran with (the worker's default before issue 14). */
  previousPageSize: number;
  concurrency: number;
  seed: number;
}

export interface Measurement {
  lines: number;
  documents: number;
  elapsedMs: number;
  linesPerSecond: number;
  /** What the DMS served (expected) against what the tables hold afterwards. */
  served: { documents: number; lines: number };
  stored: StoredCounts;
}

export interface OursMeasurement extends Measurement {
  maxRssBytes: number;
  maxLiveHeapBytes: number;
  pages: number;
}

export interface BenchReport {
  options: BenchOptions;
  ours: OursMeasurement;
  /** Ours again with the same N lines served by the sample SAP's S/4HANA over OData V2 (pages as SAP caps them). */
  oursSap: OursMeasurement;
  oursSmall: OursMeasurement;
  /** Ours as it was before issue 14 (fetch, template, write strictly in turn; the writer through Prisma), on the same N. */
  previous: OursMeasurement;
  baseline: Measurement;
  floor: Measurement;
  copyFloor: Measurement;
  indexCosts: IndexCost[];
  ratios: {
    oursOverBaseline: number;
    oursOverFloor: number;
    oursOverCopyFloor: number;
    oursOverPrevious: number;
    previousOverCopyFloor: number;
    sapOverFloor: number;
    rssLargeOverSmall: number;
    liveHeapLargeOverSmall: number;
  };
}

const WORKER_DIR = path.resolve(__dirname, '..');

/** The worker's own defaults, so the benchmark measures what production runs. */
export function defaultOptions(lines: number): BenchOptions {
  return {
    lines,
    baselineLines: Math.min(lines, 20_000),
    floorLines: Math.min(lines, 250_000),
    smallLines: Math.max(1, Math.round(lines / 10)),
    indexLines: Math.min(lines, 100_000),
    pageSize: workerEnv.shape.SYNC_PAGE_SIZE.parse(undefined),
    previousPageSize: 500,
    concurrency: workerEnv.shape.SYNC_ORG_CONCURRENCY.parse(undefined),
    seed: 42,
  };
}

/**
 * Runs the three measurements, each against its own sample DMS (free port,
 * sized to its line count) and its own fresh database, so every one starts
 * from empty tables. Databases are dropped and servers closed afterwards.
 */
export async function runConsolidateBench(opts: BenchOptions, log: (line: string) => void = () => {}): Promise<BenchReport> {
  log(`(b) row-by-row Prisma baseline on ${opts.baselineLines.toLocaleString('en')} lines…`);
  const baseline = await withSetup('baseline', opts.baselineLines, opts.seed, async (tenant, dmsUrl) => rowByRowBaseline(tenant, dmsUrl, opts.pageSize));
  log(`(c) SQL floor on ${opts.floorLines.toLocaleString('en')} lines…`);
  const floor = await withSetup('floor', opts.floorLines, opts.seed, async (tenant, dmsUrl) => sqlFloor(tenant, dmsUrl, opts.pageSize));
  log(`(e) COPY floor on ${opts.floorLines.toLocaleString('en')} lines…`);
  const copy = await withSetup('copy_floor', opts.floorLines, opts.seed, async (tenant, dmsUrl) =>
    copyFloor(tenant, await parsedPages(dmsUrl, tenant, opts.pageSize)),
  );
  log(`(a) ours on ${opts.smallLines.toLocaleString('en')} lines (memory at N/10)…`);
  const oursSmall = await runOursMeasured('ours_small', opts.smallLines, opts);
  log(`(a) ours on ${opts.lines.toLocaleString('en')} lines…`);
  const ours = await runOursMeasured('ours', opts.lines, opts);
  log(`(p) previous loop on ${opts.lines.toLocaleString('en')} lines…`);
  const previous = await runOursMeasured('previous', opts.lines, { ...opts, pageSize: opts.previousPageSize }, 'DMS', true);
  log(`(d) ours on ${opts.lines.toLocaleString('en')} lines from the sample SAP (S/4HANA, OData V2)…`);
  const oursSap = await runOursMeasured('ours_sap', opts.lines, opts, 'SAP');
  const costs = opts.indexLines > 0 ? await runIndexCosts(opts, log) : [];
  return {
    options: opts,
    ours,
    oursSap,
    oursSmall,
    previous,
    baseline,
    floor,
    copyFloor: copy,
    indexCosts: costs,
    ratios: {
      oursOverBaseline: ours.linesPerSecond / baseline.linesPerSecond,
      oursOverFloor: ours.linesPerSecond / floor.linesPerSecond,
      oursOverCopyFloor: ours.linesPerSecond / copy.linesPerSecond,
      oursOverPrevious: ours.linesPerSecond / previous.linesPerSecond,
      previousOverCopyFloor: previous.linesPerSecond / copy.linesPerSecond,
      sapOverFloor: oursSap.linesPerSecond / floor.linesPerSecond,
      rssLargeOverSmall: ours.maxRssBytes / oursSmall.maxRssBytes,
      liveHeapLargeOverSmall: ours.maxLiveHeapBytes / oursSmall.maxLiveHeapBytes,
    },
  };
}

/** The COPY floor on `indexLines` lines, once with every index and once without each (and without all) secondary index. */
async function runIndexCosts(opts: BenchOptions, log: (line: string) => void): Promise<IndexCost[]> {
  log(`(i) what each index costs the write path: the COPY floor on ${opts.indexLines.toLocaleString('en')} lines, one index dropped at a time…`);
  const { dms } = await startBenchDms(opts.indexLines, opts.seed);
  try {
    const source: BenchSource = { kind: 'DMS', dmsUrl: dms.url };
    const first = await createBenchTenant('index_pages', source);
    let pages;
    try {
      pages = await parsedPages(dms.url, first, opts.pageSize);
    } finally {
      await first.db.drop();
    }
    return await indexCosts(() => createBenchTenant('index_cost', source), pages, ownerStatement, log);
  } finally {
    await dms.close();
  }
}

/** Runs one statement as the bench database's owner (dropping an index there). */
async function ownerStatement(tenant: BenchTenant, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: tenant.db.ownerUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function runOursMeasured(label: string, lines: number, opts: BenchOptions, kind: 'DMS' | 'SAP' = 'DMS', previous = false): Promise<OursMeasurement> {
  let extra = { maxRssBytes: 0, maxLiveHeapBytes: 0, pages: 0 };
  const setup = kind === 'DMS' ? withSetup : withSapSetup;
  const m = await setup(label, lines, opts.seed, async (tenant, dmsUrl) => {
    const r = await runOursInChild({
      appUrl: tenant.db.appUrl,
      dmsUrl,
      encryptionKeys: tenant.encryptionKeys,
      pageSize: opts.pageSize,
      previous,
      concurrency: opts.concurrency,
      jobs: tenant.jobs,
    });
    extra = { maxRssBytes: r.maxRssBytes, maxLiveHeapBytes: r.maxLiveHeapBytes, pages: r.pages };
    return { elapsedMs: r.elapsedMs, lines: null };
  });
  return { ...m, ...extra };
}

/** `lines: null` means "whatever the tables hold": ours is judged by what it stored. */
async function withSetup(
  label: string,
  lines: number,
  seed: number,
  measure: (tenant: BenchTenant, dmsUrl: string) => Promise<{ elapsedMs: number; lines: number | null }>,
): Promise<Measurement> {
  const { dms, lines: servedLines, documents: servedDocuments } = await startBenchDms(lines, seed);
  return measured(label, { kind: 'DMS', dmsUrl: dms.url }, dms.url, { documents: servedDocuments, lines: servedLines }, measure, () => dms.close());
}

/** As withSetup, against a sample SAP whose S/4HANA tenant serves about `lines` items (the DMS URL handed on is unused). */
async function withSapSetup(
  label: string,
  lines: number,
  seed: number,
  measure: (tenant: BenchTenant, dmsUrl: string) => Promise<{ elapsedMs: number; lines: number | null }>,
): Promise<Measurement> {
  const { sap, connection, lines: servedLines, documents: servedDocuments } = await startBenchSap(lines, seed);
  return measured(label, { kind: 'SAP', connection }, 'http://127.0.0.1:1', { documents: servedDocuments, lines: servedLines }, measure, () => sap.close());
}

async function measured(
  label: string,
  source: BenchSource,
  dmsUrl: string,
  served: { documents: number; lines: number },
  measure: (tenant: BenchTenant, dmsUrl: string) => Promise<{ elapsedMs: number; lines: number | null }>,
  close: () => Promise<void>,
): Promise<Measurement> {
  let tenant: BenchTenant | undefined;
  try {
    tenant = await createBenchTenant(label, source);
    const r = await measure(tenant, dmsUrl);
    const stored = await storedCounts(tenant);
    const counted = r.lines ?? stored.lines;
    return {
      lines: counted,
      documents: stored.documents,
      elapsedMs: r.elapsedMs,
      linesPerSecond: counted / (r.elapsedMs / 1000),
      served,
      stored,
    };
  } finally {
    await tenant?.db.drop();
    await close();
  }
}

function runOursInChild(input: OursInput): Promise<OursResult> {
  return new Promise((resolve, reject) => {
    // Transpiled on the fly exactly as `pnpm --filter @portal/worker start` runs the worker.
    const child = fork(path.join(__dirname, 'ours.child.ts'), [], {
      cwd: WORKER_DIR,
      // BENCH_CHILD_PROF=<dir> writes a V8 CPU profile of this process there (where its CPU goes).
      execArgv: [
        '--expose-gc',
        '-r',
        '@swc-node/register',
        ...(process.env.BENCH_CHILD_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CHILD_PROF}`] : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    child.once('message', (msg: { ok: true; result: OursResult } | { ok: false; error: string }) => {
      settled = true;
      if (msg.ok) resolve(msg.result);
      else reject(new Error(`consolidation process failed: ${msg.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!settled) reject(new Error(`consolidation process exited early (code ${code}, signal ${signal})`));
    });
    child.send(input);
  });
}

const int = (n: number) => Math.round(n).toLocaleString('en');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const check = (m: Measurement) =>
  m.stored.lines === m.served.lines && m.stored.documents === m.served.documents
    ? `all ${int(m.served.lines)} served lines stored`
    : `MISMATCH: served ${int(m.served.documents)} documents / ${int(m.served.lines)} lines, stored ${int(m.stored.documents)} / ${int(m.stored.lines)}`;

/** The printed report: lines/s of each path, the ratios against the targets, peak memory. */
export function formatReport(r: BenchReport): string {
  const o = r.options;
  const row = (name: string, m: Measurement) =>
    `${name.padEnd(44)} ${int(m.lines).padStart(10)} lines ${(m.elapsedMs / 1000).toFixed(2).padStart(8)} s ${int(m.linesPerSecond).padStart(9)} lines/s   ${check(m)}`;
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  return [
    `consolidate benchmark: N = ${int(o.lines)} lines; ${os.cpus().length} CPUs, Node ${process.version}; pages of ${o.pageSize}, ${o.concurrency} syncs at a time`,
    '',
    row('(a) ours: DMS over HTTP -> template -> writer', r.ours),
    row(`(p) previous: as before issue 14 (pages of ${o.previousPageSize})`, r.previous),
    row('(d) ours: SAP OData V2 -> template -> writer', r.oursSap),
    row('(b) baseline: Prisma, row by row', r.baseline),
    row('(c) floor: one unnest INSERT each (in memory)', r.floor),
    row('(e) COPY floor: COPY FROM STDIN (in memory)', r.copyFloor),
    '',
    `ours / baseline   = ${r.ratios.oursOverBaseline.toFixed(1)}x   (target >= 20x: ${verdict(r.ratios.oursOverBaseline >= 20)})`,
    `ours / floor      = ${r.ratios.oursOverFloor.toFixed(2)}x  (target >= 0.5x: ${verdict(r.ratios.oursOverFloor >= 0.5)})`,
    `ours / COPY floor = ${r.ratios.oursOverCopyFloor.toFixed(2)}x  (target >= 0.7x: ${verdict(r.ratios.oursOverCopyFloor >= 0.7)}; previous / COPY floor = ${r.ratios.previousOverCopyFloor.toFixed(2)}x)`,
    `ours / previous   = ${r.ratios.oursOverPrevious.toFixed(2)}x  (target >= 2x: ${verdict(r.ratios.oursOverPrevious >= 2)})`,
    `SAP / floor       = ${r.ratios.sapOverFloor.toFixed(2)}x  (the same writer behind OData paging, $expand and business-partner lookups)`,
    '',
    `memory of the consolidating process (its own, the DMS runs elsewhere), ${int(r.oursSmall.lines)} -> ${int(r.ours.lines)} lines (${(r.ours.lines / r.oursSmall.lines).toFixed(0)}x):`,
    `  peak RSS                   ${mb(r.oursSmall.maxRssBytes).padStart(7)} -> ${mb(r.ours.maxRssBytes).padStart(7)}  (x${r.ratios.rssLargeOverSmall.toFixed(2)})`,
    `  peak live heap after GC    ${mb(r.oursSmall.maxLiveHeapBytes).padStart(7)} -> ${mb(r.ours.maxLiveHeapBytes).padStart(7)}  (x${r.ratios.liveHeapLargeOverSmall.toFixed(2)})`,
    ...formatIndexCosts(r.indexCosts),
  ].join('\n');
}

function formatIndexCosts(costs: IndexCost[]): string[] {
  const [base] = costs;
  if (!base) return [];
  const cpu = (c: IndexCost) => (c.serverCpuMsPerKLines === null ? '   n/a' : c.serverCpuMsPerKLines.toFixed(1).padStart(6));
  return [
    '',
    `what each index costs the write path: the COPY floor, one dropped at a time (Postgres CPU per 1,000 lines; with all of them ${cpu(base).trim()} ms, ${int(base.linesPerSecond)} lines/s):`,
    ...costs
      .slice(1)
      .map(
        (c) =>
          `  ${c.dropped.padEnd(50)} ${c.table.padEnd(25)} ${cpu(c)} ms without it  ${(c.share * 100).toFixed(0).padStart(4)}% of the CPU   ${int(c.linesPerSecond).padStart(9)} lines/s without it`,
      ),
  ];
}
