import { parseArgs } from 'node:util';
import { defaultOptions, formatReport, runConsolidateBench } from './consolidate-bench';

// `pnpm bench:consolidate [--lines N] [--baseline-lines N] [--floor-lines N] [--index-lines N|0] [--page-size N] [--previous-page-size N] [--concurrency N]`
const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    'baseline-lines': { type: 'string' },
    'floor-lines': { type: 'string' },
    'index-lines': { type: 'string' },
    'previous-page-size': { type: 'string' },
    'page-size': { type: 'string' },
    concurrency: { type: 'string' },
  },
});

function count(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
  return n;
}

async function main() {
  const lines = count('lines', values.lines) ?? 1_000_000;
  const opts = defaultOptions(lines);
  opts.baselineLines = count('baseline-lines', values['baseline-lines']) ?? opts.baselineLines;
  opts.floorLines = count('floor-lines', values['floor-lines']) ?? opts.floorLines;
  // 0 skips the per-index runs.
  opts.indexLines = values['index-lines'] === '0' ? 0 : (count('index-lines', values['index-lines']) ?? opts.indexLines);
  opts.pageSize = count('page-size', values['page-size']) ?? opts.pageSize;
  opts.previousPageSize = count('previous-page-size', values['previous-page-size']) ?? opts.previousPageSize;
  opts.concurrency = count('concurrency', values.concurrency) ?? opts.concurrency;
  const report = await runConsolidateBench(opts, (line) => console.error(line));
  console.log(formatReport(report));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
