import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatInsightBench, type InsightBenchOptions, runInsightBench } from './insight-bench';

// `pnpm bench:insight [--lines N] [--duration S] [--rate R] [--sessions N] [--reseed] [--only TEXT] [--no-baseline] [--baseline-sessions N] [--no-search] [--write-lines N|0] [--out FILE]`
const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '5000000' },
    duration: { type: 'string', default: '5' },
    rate: { type: 'string', default: '2' },
    sessions: { type: 'string', default: '8' },
    reseed: { type: 'boolean', default: false },
    only: { type: 'string' },
    'no-baseline': { type: 'boolean', default: false },
    'baseline-sessions': { type: 'string' },
    'no-search': { type: 'boolean', default: false },
    'write-lines': { type: 'string', default: '200000' },
    out: { type: 'string' },
  },
});

function number(name: string, raw: string, min: number): number {
  const n = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number >= ${min}, got "${raw}"`);
  return n;
}

async function main() {
  const opts: InsightBenchOptions = {
    lines: Math.round(number('lines', values.lines, 1)),
    duration: number('duration', values.duration, 0.5),
    rate: number('rate', values.rate, 0.1),
    sessions: Math.round(number('sessions', values.sessions, 1)),
    reseed: values.reseed,
    ...(values.only ? { only: values.only } : {}),
    baseline: !values['no-baseline'],
    baselineSessions: Math.round(number('baseline-sessions', values['baseline-sessions'] ?? values.sessions, 1)),
    search: !values['no-search'],
    writeLines: Math.round(number('write-lines', values['write-lines'], 0)),
    // Its own Redis database (as bench:api's): sessions and login counters stay apart from a running portal's.
    redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/10',
  };
  if (opts.baselineSessions > opts.sessions) throw new Error('--baseline-sessions: at most --sessions');
  if (opts.sessions > 100) throw new Error('--sessions: at most 100 (one distributor each)');
  const report = await runInsightBench(opts, (line) => console.error(line));
  const out = path.resolve(values.out ?? path.join(__dirname, '../../../.data/bench/insight-bench.json'));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(formatInsightBench(report));
  console.log(`\nresults as JSON: ${out}`);
}

main().then(
  // Prisma's and autocannon's handles may linger: the report is out, leave.
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
