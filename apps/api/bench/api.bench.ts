import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type ApiBenchOptions, formatApiBench, runApiBench } from './api-bench';

// `pnpm bench:api [--lines N] [--duration S] [--rate R] [--reseed] [--only TEXT] [--no-bypass] [--deep-pages N] [--out FILE]`
const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '5000000' },
    duration: { type: 'string', default: '8' },
    rate: { type: 'string', default: '2' },
    reseed: { type: 'boolean', default: false },
    only: { type: 'string' },
    'no-bypass': { type: 'boolean', default: false },
    'deep-pages': { type: 'string', default: '20' },
    out: { type: 'string' },
  },
});

function positive(name: string, raw: string): number {
  const n = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${raw}"`);
  return n;
}

async function main() {
  const opts: ApiBenchOptions = {
    lines: Math.round(positive('lines', values.lines)),
    duration: positive('duration', values.duration),
    rate: positive('rate', values.rate),
    reseed: values.reseed,
    ...(values.only ? { only: values.only } : {}),
    bypass: !values['no-bypass'],
    deepPages: Math.round(positive('deep-pages', values['deep-pages'])),
    // Its own Redis database: sessions and login counters stay apart from a running portal's.
    redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/10',
  };
  const report = await runApiBench(opts, (line) => console.error(line));
  const out = path.resolve(values.out ?? path.join(__dirname, '../../../.data/bench/api-bench.json'));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(formatApiBench(report));
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
