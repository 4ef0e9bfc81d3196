import { cpus, loadavg } from 'node:os';
import { createPrismaClient, TenantDb } from '@portal/db';
import { drain, login, type RunningApi, startApi } from './api-process';
import type { BenchEndpoint, SessionSample } from './bench-endpoints';
import { type LoadSummary, ms, type Stats, stats, summarize } from './bench-report';
import { BENCH_PASSWORD } from './bench-seed';
import { type BenchSession, reviveSessions } from './bench-sessions';
import {
  baselineSql,
  INSIGHT_P95_TARGET_MS,
  type InsightQuery,
  insightPath,
  insightQueries,
  type InsightScope,
  type InsightWho,
  SEARCH_P95_TARGET_MS,
} from './insight-queries';
import { type InsightBenchDatabase, insightDistributorEmail, prepareInsightBenchDatabase, PRINCIPAL_EMAIL } from './insight-seed';
import { measureWriteCost, type WriteCost } from './insight-write-cost';
import { type LoadOptions, runLoad, type Sample } from './load-run';
import { queriesOf, type Query } from './search-queries';

export interface InsightBenchOptions {
  lines: number;
  /** Seconds per query and mode (ours), and at least this long per query for the baseline. */
  duration: number;
  /** Requests per second of each session in the "sessions" mode. */
  rate: number;
  /** Concurrent sessions per kind (principal, distributor). */
  sessions: number;
  reseed: boolean;
  /** Only queries whose name contains this. */
  only?: string;
  baseline: boolean;
  /** Concurrent baseline requests per kind (default: `sessions`, the same concurrency as ours). */
  baselineSessions: number;
  search: boolean;
  /** Lines per run of the consolidation cost (0 skips it). */
  writeLines: number;
  redisUrl: string;
}

interface Measured {
  /** Rate-limited sessions: the latency the target is judged on. */
  sessions: LoadSummary;
  /** Flat out: requests/s. */
  saturated: LoadSummary;
}

interface BaselineResult {
  latency: Stats;
  rps: number;
  requests: number;
  failed: number;
  firstError?: string;
}

export interface InsightResult {
  name: string;
  who: InsightWho;
  ours: Measured | null;
  baseline: BaselineResult | null;
}

export interface SearchResult {
  name: string;
  who: InsightWho;
  ours: Measured;
}

export interface InsightBenchReport {
  options: InsightBenchOptions;
  machine: { cpus: number; node: string };
  database: Pick<InsightBenchDatabase, 'seeded' | 'seedSeconds' | 'lines' | 'documents' | 'sums'>;
  /** Null when the API answers the insight endpoints (else why ours was skipped). */
  insightApiMissing: string | null;
  /** The API's figures against the baseline's, for the requests checked. */
  agreement: { name: string; agrees: boolean; detail: string }[];
  insight: InsightResult[];
  search: SearchResult[];
  writeCost: WriteCost | null;
  loggedErrors: string[];
  loadAverage: number[];
}

/** A request still unanswered after this long counts as a timeout. */
const TIMEOUT_SECONDS = 30;
/** A baseline statement past this counts as a lower bound. */
const BASELINE_TIMEOUT_MS = 120_000;

/** Each session's scope, read as the owner: the principal's connected distributors, best-selling SKUs and brands; each distributor's own. */
async function readScopes(ownerUrl: string, sessions: number): Promise<{ principal: InsightScope; distributors: (InsightScope & { email: string })[] }> {
  const owner = createPrismaClient(ownerUrl, { poolMax: 1 });
  try {
    const [p] = await owner.$queryRawUnsafe<{ id: string }[]>(`select organization_id::text as id from users where email = $1`, PRINCIPAL_EMAIL);
    if (!p) throw new Error(`${PRINCIPAL_EMAIL} not found: reseed`);
    const distributorIds = (
      await owner.$queryRawUnsafe<{ id: string }[]>(
        `select distributor_org_id::text as id from connections where principal_org_id = $1::uuid order by distributor_email limit 10`,
        p.id,
      )
    ).map((r) => r.id);
    const skuIds = (
      await owner.$queryRawUnsafe<{ id: string }[]>(
        `select m.sku_id::text as id from insight_product_months s
           join product_mappings m on m.distributor_id = s.organization_id and m.product_code = s.product_code and m.organization_id = $1::uuid
          where s.type = 'SALES_INVOICE' group by 1 order by sum(s.amount) desc limit 10`,
        p.id,
      )
    ).map((r) => r.id);
    const brands = (
      await owner.$queryRawUnsafe<{ brand: string }[]>(
        `select distinct brand from principal_skus where organization_id = $1::uuid order by brand limit 10`,
        p.id,
      )
    ).map((r) => r.brand);
    const principal: InsightScope = { who: 'principal', organizationId: p.id, distributorIds, skuIds, brands, productCodes: [] };
    const distributors: (InsightScope & { email: string })[] = [];
    for (let n = 1; n <= sessions; n++) {
      const email = insightDistributorEmail(n);
      const [d] = await owner.$queryRawUnsafe<{ id: string }[]>(`select organization_id::text as id from users where email = $1`, email);
      if (!d) throw new Error(`${email} not found: reseed`);
      const productCodes = (
        await owner.$queryRawUnsafe<{ code: string }[]>(
          `select product_code as code from insight_product_months where organization_id = $1::uuid and type = 'SALES_INVOICE'
            group by 1 order by sum(amount) desc limit 10`,
          d.id,
        )
      ).map((r) => r.code);
      const own = (
        await owner.$queryRawUnsafe<{ brand: string }[]>(`select distinct brand from products where organization_id = $1::uuid order by brand limit 10`, d.id)
      ).map((r) => r.brand);
      distributors.push({ email, who: 'distributor', organizationId: d.id, distributorIds: [], skuIds: [], brands: own, productCodes });
    }
    return { principal, distributors };
  } finally {
    await owner.$disconnect();
  }
}

/** Search queries made from rows each kind of session can see (the principal: every connected distributor's; a distributor: its own). */
async function searchQueries(ownerUrl: string, scopes: { principal: InsightScope; distributors: InsightScope[] }, perKind: number) {
  const owner = createPrismaClient(ownerUrl, { poolMax: 1 });
  try {
    const rows = (sql: string, ...params: unknown[]) => owner.$queryRawUnsafe<{ code: string; name: string }[]>(sql, ...params);
    const dist = scopes.distributors.map((d) => d.organizationId);
    return {
      customers: queriesOf(await rows(`select code, name from customers order by md5(id::text) limit $1::int`, perKind), 1),
      products: queriesOf(await rows(`select code, name from products order by md5(id::text) limit $1::int`, perKind), 2),
      skus: queriesOf(await rows(`select code, name from principal_skus order by md5(id::text) limit $1::int`, perKind), 3),
      ownCustomers: queriesOf(
        await rows(`select code, name from customers where organization_id = any($1::uuid[]) order by md5(id::text) limit $2::int`, dist, perKind),
        4,
      ),
      ownProducts: queriesOf(
        await rows(`select code, name from products where organization_id = any($1::uuid[]) order by md5(id::text) limit $2::int`, dist, perKind),
        5,
      ),
    };
  } finally {
    await owner.$disconnect();
  }
}

const sessionSample = (kind: InsightWho, email: string): SessionSample => ({
  kind,
  email,
  ids: [],
  partyCodes: [],
  partyNameParts: [],
  productCodes: [],
  distributorIds: [],
  cursors: [],
});

const endpoint = (name: string, path: (s: SessionSample, i: number) => string, targetP95Ms: number): BenchEndpoint => ({
  name,
  who: 'all',
  split: false,
  targetP95Ms,
  path,
});

/** One request through the API, as a session: the answer's JSON, or why not. */
async function getJson(api: RunningApi, cookie: string, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${api.url}${path}`, { headers: { cookie, accept: 'application/json' } });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: res.status, body: text };
  }
}

/**
 * The baseline: each of `scopes` (one per session) runs the query's SQL in a
 * loop through the app's own pooled connections (TenantDb: the app role,
 * the session's organisation, a read-only transaction, row-level security)
 * for `seconds`, at least once each; in-flight statements finish.
 */
async function runBaseline(tenant: TenantDb, q: InsightQuery, scopes: InsightScope[], seconds: number): Promise<BaselineResult> {
  const samples: Sample[] = [];
  let failed = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    scopes.map(async (scope, lane) => {
      for (let i = 0; i === 0 || performance.now() < until; i++) {
        const sql = baselineSql(scope.who, q.request(scope, lane + i * scopes.length));
        const t = performance.now();
        try {
          await tenant.readAsOrg(
            scope.organizationId,
            async (tx) => {
              await tx.$executeRawUnsafe(`set local statement_timeout = ${BASELINE_TIMEOUT_MS}`);
              return tx.$queryRawUnsafe(sql);
            },
            { timeoutMs: BASELINE_TIMEOUT_MS + 10_000 },
          );
          samples.push({ ms: performance.now() - t, cut: false });
        } catch (err) {
          const took = performance.now() - t;
          // A statement cut by the timeout took at least that long: a lower bound, not a failure.
          if (took >= BASELINE_TIMEOUT_MS) samples.push({ ms: took, cut: true });
          else {
            failed += 1;
            firstError ??= err instanceof Error ? err.message.slice(0, 300) : String(err);
          }
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { latency: stats(samples), rps: samples.filter((s) => !s.cut).length / elapsed, requests: samples.length + failed, failed, firstError };
}

/** The API's summary figures per currency against the baseline's, for one request. */
async function checkSummary(api: RunningApi, cookie: string, tenant: TenantDb, q: InsightQuery, scope: InsightScope) {
  const req = q.request(scope, 0);
  const answer = await getJson(api, cookie, insightPath(req));
  const rows = await tenant.readAsOrg(
    scope.organizationId,
    (tx) => tx.$queryRawUnsafe<{ currency: string; current: boolean; value: string }[]>(baselineSql(scope.who, req)),
    {
      timeoutMs: BASELINE_TIMEOUT_MS,
    },
  );
  const want = rows
    .filter((r) => r.current)
    .map((r) => `${r.currency} ${Number(r.value).toFixed(2)}`)
    .sort()
    .join(', ');
  const body = answer.body as { currencies?: { currency: string; value: string }[] };
  const got = (body.currencies ?? [])
    .filter((c) => Number(c.value) !== 0)
    .map((c) => `${c.currency} ${Number(c.value).toFixed(2)}`)
    .sort()
    .join(', ');
  return {
    name: `${scopeLabel(q.who)} ${q.name}`,
    agrees: answer.status === 200 && got === want,
    detail: answer.status === 200 ? `API ${got}; lines ${want}` : `API answered ${answer.status}`,
  };
}

const scopeLabel = (who: InsightWho) => (who === 'principal' ? 'principal' : 'distributor');

export async function runInsightBench(opts: InsightBenchOptions, log: (line: string) => void = () => {}): Promise<InsightBenchReport> {
  const db = await prepareInsightBenchDatabase(opts.lines, opts.reseed, log);
  const scopes = await readScopes(db.ownerUrl, opts.sessions);
  const queries = insightQueries().filter((q) => !opts.only || `${q.who} ${q.name}`.toLowerCase().includes(opts.only.toLowerCase()));
  const scopeOf = new Map<string, InsightScope>([[PRINCIPAL_EMAIL, scopes.principal], ...scopes.distributors.map((d) => [d.email, d] as const)]);

  // Saturated runs send hundreds of requests a minute per session: the per-session allowance (429 past it) would measure the limiter, not the query.
  process.env.RATE_LIMIT_SESSION_MAX ??= '1000000';
  log('starting the API (application role, row-level security)…');
  const api = await startApi({ label: 'insight', ownerUrl: db.ownerUrl, appUrl: db.appUrl, bypassRls: false, redisUrl: opts.redisUrl });
  const app = createPrismaClient(db.appUrl, { poolMax: opts.sessions });
  const tenant = new TenantDb(app);
  const insight: InsightResult[] = [];
  const search: SearchResult[] = [];
  const agreement: InsightBenchReport['agreement'] = [];
  let insightApiMissing: string | null = null;
  try {
    const sessions: Record<InsightWho, BenchSession[]> = { principal: [], distributor: [] };
    for (let k = 0; k < opts.sessions; k++) {
      sessions.principal.push({ cookie: await login(api, PRINCIPAL_EMAIL, BENCH_PASSWORD), sample: sessionSample('principal', PRINCIPAL_EMAIL) });
      const d = scopes.distributors[k]!;
      sessions.distributor.push({ cookie: await login(api, d.email, BENCH_PASSWORD), sample: sessionSample('distributor', d.email) });
    }
    const load: Omit<LoadOptions, 'url'> = {
      connections: opts.sessions,
      durationSeconds: opts.duration,
      perSessionRate: opts.rate,
      timeoutSeconds: TIMEOUT_SECONDS,
    };
    const measure = async (e: BenchEndpoint, pool: BenchSession[]): Promise<Measured> => {
      const run = async (mode: 'sessions' | 'saturated') => {
        const r = await runLoad(e, pool, mode, { url: api.url, ...load });
        await drain(api, db.ownerUrl);
        return summarize(r, await reviveSessions(api, pool));
      };
      const sessionsRun = await run('sessions');
      return { sessions: sessionsRun, saturated: await run('saturated') };
    };

    // Is the insight API there (its branch may not be merged yet)? Then do its figures agree with the lines'?
    const probe = queries[0]
      ? await getJson(api, sessions[queries[0].who][0]!.cookie, insightPath(queries[0].request(scopeOf.get(sessions[queries[0].who][0]!.sample.email)!, 0)))
      : null;
    if (probe && probe.status === 404) insightApiMissing = `GET /api/insight/* answered 404: the insight API is not in this build`;
    if (!insightApiMissing && opts.baseline) {
      for (const q of queries.filter((x) => x.name === 'summary: last month')) {
        const pool = sessions[q.who];
        const c = await checkSummary(api, pool[0]!.cookie, tenant, q, scopeOf.get(pool[0]!.sample.email)!);
        agreement.push(c);
        log(`  figures ${c.agrees ? 'agree' : 'DIFFER'}: ${c.name}: ${c.detail}`);
      }
    }

    for (const q of queries) {
      const pool = sessions[q.who];
      const path = (s: SessionSample, i: number) => insightPath(q.request(scopeOf.get(s.email)!, i));
      const ours = insightApiMissing ? null : await measure(endpoint(q.name, path, INSIGHT_P95_TARGET_MS), pool);
      const baseline = opts.baseline
        ? await runBaseline(
            tenant,
            q,
            pool.slice(0, opts.baselineSessions).map((s) => scopeOf.get(s.sample.email)!),
            opts.duration,
          )
        : null;
      insight.push({ name: q.name, who: q.who, ours, baseline });
      log(
        `  ${scopeLabel(q.who)} ${q.name}: ours ${ours ? `p95 ${p(ours.sessions.all)} ms, ${ours.saturated.rps.toFixed(1)} req/s saturated` : 'skipped'}` +
          (baseline ? `; baseline p95 ${p(baseline.latency)} ms over ${baseline.requests} requests` : ''),
      );
    }

    if (opts.search) {
      const qs = await searchQueries(db.ownerUrl, scopes, 240);
      const searches: { name: string; who: InsightWho; kind: string; list: Query[] }[] = [
        { name: 'search: customers', who: 'principal', kind: 'customers', list: qs.customers },
        { name: 'search: products', who: 'principal', kind: 'products', list: qs.products },
        { name: 'search: skus', who: 'principal', kind: 'skus', list: qs.skus },
        { name: 'search: customers', who: 'distributor', kind: 'customers', list: qs.ownCustomers },
        { name: 'search: products', who: 'distributor', kind: 'products', list: qs.ownProducts },
      ];
      for (const s of searches) {
        if (opts.only && !`${s.who} ${s.name}`.toLowerCase().includes(opts.only.toLowerCase())) continue;
        const path = (_s: SessionSample, i: number) =>
          `/api/search/${s.kind}?${new URLSearchParams({ q: s.list[i % s.list.length]!.q, limit: '10' }).toString()}`;
        const ours = await measure(endpoint(s.name, path, SEARCH_P95_TARGET_MS), sessions[s.who]);
        search.push({ name: s.name, who: s.who, ours });
        log(`  ${scopeLabel(s.who)} ${s.name}: p95 ${p(ours.sessions.all)} ms, ${ours.saturated.rps.toFixed(1)} req/s saturated`);
      }
    }
  } finally {
    await app.$disconnect();
    await api.stop();
  }
  const loggedErrors = api.loggedErrors();

  let writeCost: WriteCost | null = null;
  if (opts.writeLines > 0) {
    log(`consolidation with and without the insight triggers, ${opts.writeLines.toLocaleString('en')} lines a run (on, off, off, on)…`);
    writeCost = await measureWriteCost(opts.writeLines, log);
  }
  return {
    options: opts,
    machine: { cpus: cpus().length, node: process.version },
    database: { seeded: db.seeded, seedSeconds: db.seedSeconds, lines: db.lines, documents: db.documents, sums: db.sums },
    insightApiMissing,
    agreement,
    insight,
    search,
    writeCost,
    loggedErrors,
    loadAverage: loadavg(),
  };
}

const p = (s: Stats) => `${s.p95.cut ? '≥' : ''}${ms(s.p95.ms)}`;
const pct = (x: Stats['p50']) => `${x.cut ? '≥' : ''}${ms(x.ms)}`;
const triple = (s: Stats) => (s.n === 0 ? '—' : `${pct(s.p50)} / ${pct(s.p95)} / ${pct(s.p99)}`);
const rps = (v: number) => (v < 10 ? v.toFixed(1) : String(Math.round(v)));
const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
const failures = (m: Measured) => m.sessions.non2xx + m.sessions.errors + m.saturated.non2xx + m.saturated.errors;
const failedCell = (m: Measured) => {
  const codes = new Map<string, number>();
  for (const [code, n] of [...Object.entries(m.sessions.statusCodes), ...Object.entries(m.saturated.statusCodes)]) codes.set(code, (codes.get(code) ?? 0) + n);
  const notes = [...codes].map(([code, n]) => `${n}×${code}`);
  const unfinished = m.sessions.unfinished + m.saturated.unfinished;
  if (unfinished) notes.push(`${unfinished} unfinished`);
  return `${failures(m)}${notes.length ? ` (${notes.join(', ')})` : ''}`;
};

/** met / MISSED: p95 at the rate-limited sessions, and no failed request. */
export function targetVerdict(m: Measured | null, targetMs: number): string {
  if (!m) return '—';
  const missed: string[] = [];
  const p95 = m.sessions.all.p95;
  if (!(p95.ms <= targetMs)) missed.push(`p95 ${pct(p95)} > ${targetMs}`);
  if (failures(m) > 0) missed.push(`${failures(m)} failed`);
  return missed.length === 0 ? 'met' : `MISSED (${missed.join('; ')})`;
}

/** Baseline p95 over ours (how many times slower scanning the lines is), with its bound when either side is one. */
export function speedup(ours: Stats, baseline: Stats): string {
  if (ours.n === 0 || baseline.n === 0) return '—';
  const r = baseline.p95.ms / ours.p95.ms;
  if (ours.p95.cut && baseline.p95.cut) return '—';
  const bound = baseline.p95.cut ? '≥' : ours.p95.cut ? '≤' : '';
  return `${bound}${r >= 10 ? Math.round(r) : r.toFixed(1)}x`;
}

export function formatInsightBench(r: InsightBenchReport): string {
  const o = r.options;
  const d = r.database;
  const int = (n: number) => Math.round(n).toLocaleString('en');
  const out: string[] = [
    `insight benchmark: ${int(d.lines)} lines in ${int(d.documents)} documents, 100 distributors, one principal connected to all` +
      ` (${d.seeded === 'seeded' ? `seeded in ${d.seedSeconds.toFixed(0)} s` : 'reused'}); kept sums: ${int(d.sums.productMonths)} product-month,` +
      ` ${int(d.sums.customerMonths)} customer-month, ${int(d.sums.salesmanMonths)} salesman-month, ${int(d.sums.cityMonths)} city-month, ${int(d.sums.days)} day, ${int(d.sums.skuMonths)} SKU-month, ${int(d.sums.principalMonths)} principal-month rows; ${r.machine.cpus} CPUs, Node ${r.machine.node}`,
    `ours: the real API over HTTP, ${o.sessions} sessions per kind (principal: one user signed in ${o.sessions} times; distributor: ${o.sessions} distributors);` +
      ` "sessions": ${o.rate} req/s each for ${o.duration} s (latency, the target); saturated: flat out for ${o.duration} s (req/s)`,
    o.baseline
      ? `baseline: the same figures from document_lines joined to documents (and mappings, SKUs, products, customers), the app role under RLS through` +
        ` the app's pooled connections, ${o.baselineSessions} at once in a loop for ${o.duration} s (at least one each); ≥ = a lower bound (timed out at ${BASELINE_TIMEOUT_MS / 1000} s)`
      : 'baseline: not run (--no-baseline)',

    `targets (issue 13): insight p95 <= ${INSIGHT_P95_TARGET_MS} ms, search helps p95 <= ${SEARCH_P95_TARGET_MS} ms, sums' cost to consolidation <= 1.3x; latency in ms of 2xx answers`,
    '',
  ];
  if (r.insightApiMissing) out.push(`ours not measured: ${r.insightApiMissing}`, '');
  for (const a of r.agreement) out.push(`figures ${a.agrees ? 'agree' : 'DIFFER'} (${a.name}): ${a.detail}`);
  if (r.agreement.length) out.push('');
  if (r.insight.length)
    out.push(
      row(['query', 'who', 'ours p50/p95/p99', 'ours req/s sat.', 'baseline p50/p95/p99', 'baseline req/s', 'p95 baseline/ours', 'failed', 'target']),
      row(Array.from({ length: 9 }, () => '---')),
    );
  for (const q of r.insight) {
    out.push(
      row([
        q.name,
        q.who,
        q.ours ? triple(q.ours.sessions.all) : '—',
        q.ours ? rps(q.ours.saturated.rps) : '—',
        q.baseline ? triple(q.baseline.latency) : '—',
        q.baseline ? rps(q.baseline.rps) : '—',
        q.ours && q.baseline ? speedup(q.ours.sessions.all, q.baseline.latency) : '—',
        `${q.ours ? failedCell(q.ours) : '—'}${q.baseline?.failed ? `; baseline ${q.baseline.failed} (${q.baseline.firstError})` : ''}`,
        targetVerdict(q.ours, INSIGHT_P95_TARGET_MS),
      ]),
    );
  }
  if (r.search.length) {
    out.push('', row(['search help', 'who', 'p50/p95/p99', 'req/s sat.', 'failed', 'target']), row(Array.from({ length: 6 }, () => '---')));
    for (const s of r.search)
      out.push(row([s.name, s.who, triple(s.ours.sessions.all), rps(s.ours.saturated.rps), failedCell(s.ours), targetVerdict(s.ours, SEARCH_P95_TARGET_MS)]));
  }
  const w = r.writeCost;
  if (w) {
    out.push(
      '',
      `consolidation (writeDocuments as the worker runs it: pages of ${w.pageSize}, ${w.lanes} types at a time, one transaction per page under RLS), ${int(w.lines)} lines a run, fresh database each:`,
      ...w.runs.map(
        (x) =>
          `  insight triggers ${x.triggers.padEnd(3)} ${int(x.lines).padStart(9)} lines ${(x.elapsedMs / 1000).toFixed(2).padStart(7)} s ${int(x.linesPerSecond).padStart(7)} lines/s   ${int(x.sumRows)} sum rows`,
      ),
      `  with / without = ${w.ratio.toFixed(2)}x the time (mean of two runs each; target <= 1.3x: ${w.ratio <= 1.3 ? 'met' : 'MISSED'})`,
    );
  }
  out.push(
    '',
    r.loggedErrors.length === 0 ? 'the API logged no errors' : `the API logged ${r.loggedErrors.length} errors (first: ${r.loggedErrors[0]?.slice(0, 300)})`,
    // Two cores shared with whatever else runs: the load says how far to trust the milliseconds.
    `load average (1, 5, 15 min) at the end: ${r.loadAverage.map((l) => l.toFixed(1)).join(', ')} on ${r.machine.cpus} cores`,
  );
  return out.join('\n');
}
