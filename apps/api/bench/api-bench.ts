import os from 'node:os';
import { BENCH_ENDPOINTS, type SessionSample } from './bench-endpoints';
import { type EndpointResult, formatTables, type ModeSummaries, summarize } from './bench-report';
import { prepareBenchDatabase } from './bench-seed';
import { type BenchSession, openSessions, reviveSessions } from './bench-sessions';
import { drain, type RunningApi, startApi } from './api-process';
import { type LoadOptions, runLoad } from './load-run';

export interface ApiBenchOptions {
  lines: number;
  /** Seconds per endpoint and mode. */
  duration: number;
  /** Requests per second of each session in the "32 sessions" mode. */
  rate: number;
  reseed: boolean;
  /** Only endpoints whose name contains this. */
  only?: string;
  bypass: boolean;
  /** Keyset cursors per user (after pages 1 … N), replayed as the "deep page" requests. */
  deepPages: number;
  redisUrl: string;
}

export interface ApiBenchReport {
  options: ApiBenchOptions;
  machine: { cpus: number; node: string };
  database: { lines: number; documents: number; seeded: 'reused' | 'seeded'; seedSeconds: number };
  connections: number;
  results: EndpointResult[];
  /** Lines the APIs logged at level error or above. */
  loggedErrors: { rls: string[]; bypass: string[] };
}

const CONNECTIONS = 32;
/** A request still unanswered after this long counts as a timeout. */
const TIMEOUT_SECONDS = 30;

/** Every chosen endpoint in both modes against one API. */
async function measureApi(
  api: RunningApi,
  sessions: BenchSession[],
  opts: ApiBenchOptions,
  label: string,
  log: (line: string) => void,
): Promise<Map<string, ModeSummaries>> {
  const load: Omit<LoadOptions, 'url'> = {
    connections: CONNECTIONS,
    durationSeconds: opts.duration,
    perSessionRate: opts.rate,
    timeoutSeconds: TIMEOUT_SECONDS,
  };
  const out = new Map<string, ModeSummaries>();
  for (const e of chosen(opts)) {
    const run = async (mode: 'sessions' | 'saturated') => {
      const r = await runLoad(e, sessions, mode, { url: api.url, ...load });
      await drain(api);
      return summarize(r, await reviveSessions(api, sessions));
    };
    const sessionsRun = await run('sessions');
    const saturatedRun = await run('saturated');
    out.set(e.name, { sessions: sessionsRun, saturated: saturatedRun });
    log(
      `  [${label}] ${e.name}: p95 ${sessionsRun.all.p95.cut ? '≥' : ''}${Math.round(sessionsRun.all.p95.ms)} ms at ${CONNECTIONS} sessions; saturated ${saturatedRun.rps.toFixed(1)} req/s` +
        (sessionsRun.non2xx + saturatedRun.non2xx + sessionsRun.errors + saturatedRun.errors > 0
          ? `; FAILED ${sessionsRun.non2xx + saturatedRun.non2xx} non-2xx, ${sessionsRun.errors + saturatedRun.errors} errors`
          : '') +
        (sessionsRun.unfinished + saturatedRun.unfinished > 0 ? `; ${sessionsRun.unfinished + saturatedRun.unfinished} unanswered at the end` : '') +
        (sessionsRun.sessionsDropped + saturatedRun.sessionsDropped > 0
          ? `; the API signed out ${sessionsRun.sessionsDropped + saturatedRun.sessionsDropped} sessions`
          : ''),
    );
  }
  return out;
}

const chosen = (opts: ApiBenchOptions) => BENCH_ENDPOINTS.filter((e) => !opts.only || e.name.toLowerCase().includes(opts.only.toLowerCase()));

/**
 * Seeds (or reuses) the database, then measures the real API over HTTP: once
 * connected as the application role under row-level security, once (unless
 * `bypass` is off) as a superuser that RLS does not bind, same data, same sessions.
 */
export async function runApiBench(opts: ApiBenchOptions, log: (line: string) => void = () => {}): Promise<ApiBenchReport> {
  if (chosen(opts).length === 0) throw new Error(`--only "${opts.only}" matches no endpoint: ${BENCH_ENDPOINTS.map((e) => e.name).join(', ')}`);
  const db = await prepareBenchDatabase(opts.lines, opts.reseed, log);
  const samples = new Map<string, SessionSample>();
  const loggedErrors = { rls: [] as string[], bypass: [] as string[] };

  const runOne = async (label: 'rls' | 'bypass') => {
    log(`starting the API (${label === 'rls' ? 'application role, row-level security' : 'superuser, RLS bypassed: reference only'})…`);
    const api = await startApi({
      label,
      ownerUrl: db.ownerUrl,
      appUrl: label === 'rls' ? db.appUrl : db.bypassUrl,
      bypassRls: label === 'bypass',
      redisUrl: opts.redisUrl,
    });
    try {
      const sessions = await openSessions(api, db.ownerUrl, samples, opts.deepPages, log);
      const t = performance.now();
      const measured = await measureApi(api, sessions, opts, label, log);
      log(`  [${label}] measured in ${((performance.now() - t) / 1000).toFixed(0)} s`);
      return measured;
    } finally {
      loggedErrors[label] = api.loggedErrors();
      await api.stop();
    }
  };

  const rls = await runOne('rls');
  const bypass = opts.bypass ? await runOne('bypass') : null;
  const results: EndpointResult[] = chosen(opts).map((e) => ({
    name: e.name,
    who: e.who,
    split: e.split,
    targetP95Ms: e.targetP95Ms,
    rls: rls.get(e.name)!,
    bypass: bypass?.get(e.name) ?? null,
  }));
  return {
    options: opts,
    machine: { cpus: os.cpus().length, node: process.version },
    database: { lines: db.lines, documents: db.documents, seeded: db.seeded, seedSeconds: db.seedSeconds },
    connections: CONNECTIONS,
    results,
    loggedErrors,
  };
}

export function formatApiBench(r: ApiBenchReport): string {
  const o = r.options;
  const logged = r.loggedErrors.rls.length + r.loggedErrors.bypass.length;
  return [
    `api benchmark: ${r.database.lines.toLocaleString('en')} lines in ${r.database.documents.toLocaleString('en')} documents` +
      ` (${r.database.seeded === 'seeded' ? `seeded in ${r.database.seedSeconds.toFixed(0)} s` : 'reused'}); ${r.machine.cpus} CPUs, Node ${r.machine.node}`,
    `${r.connections} connections = 16 distributor + 16 principal sessions; "32 sessions": ${o.rate} req/s each; saturated: flat out; ${o.duration} s per endpoint and mode`,
    `targets (issue 14): list and filter p95 <= 50 ms, by id p95 <= 10 ms (at 32 sessions, with RLS), p50 RLS/bypass <= 1.2x, no failed request`,
    `latency of 2xx answers; ≥ = a lower bound: a request unanswered when the run ended (having waited longer than every answer) or timed out (${TIMEOUT_SECONDS} s); failed = non-2xx and connection errors`,
    '',
    formatTables(r.results),
    '',
    logged === 0
      ? 'the APIs logged no errors'
      : `the APIs logged ${logged} errors (first: ${[...r.loggedErrors.rls, ...r.loggedErrors.bypass][0]?.slice(0, 300)})`,
  ].join('\n');
}
