#!/usr/bin/env node
// The one test command (README, CI): typecheck, lint (ESLint) and format
// (Prettier) checks, then every tier in one vitest run so the totals are
// printed once — unit (*.spec.ts), integration against the real Postgres/Redis
// (*.int.spec.ts) and browser tests (e2e/, Chromium). Each check stops the run
// when it fails. Extra arguments go to vitest, e.g. `pnpm test --project api`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1' };

const typecheck = spawnSync('pnpm', ['--silent', 'typecheck'], { cwd: root, env, stdio: 'inherit' });
if (typecheck.status !== 0) {
  console.error('\nTypecheck failed; fix the errors above before the tests run.');
  process.exit(typecheck.status ?? 1);
}

// Same options as `pnpm lint`, so both share one cache.
const eslint = new ESLint({ cwd: root, cache: true, cacheLocation: path.join(root, 'node_modules/.cache/eslint/') });
const results = await eslint.lintFiles(['.']);
const lintReport = await (await eslint.loadFormatter('stylish')).format(results);
if (lintReport) process.stdout.write(lintReport);
const lintErrors = results.reduce((n, r) => n + r.errorCount, 0);
const lintWarnings = results.reduce((n, r) => n + r.warningCount, 0);
console.log(`Lint: ${lintErrors} errors, ${lintWarnings} warnings in ${results.length} files`);
if (lintErrors > 0) {
  console.error('\nLint failed; fix the errors above (`pnpm lint`) before the tests run.');
  process.exit(1);
}

const format = spawnSync('pnpm', ['--silent', 'exec', 'prettier', '--list-different', '.'], { cwd: root, env, encoding: 'utf8' });
const unformatted = format.stdout.split('\n').filter(Boolean);
for (const file of unformatted) console.log(`  ${file}`);
if (format.stderr) process.stderr.write(format.stderr);
console.log(`Format: ${unformatted.length} files differ from Prettier`);
if (format.status !== 0) {
  console.error('\nFormat check failed; run `pnpm format` (Prettier) before the tests run.');
  process.exit(format.status ?? 1);
}

// The JSON report feeds one plain closing line ("Tests: N passed, N failed"),
// which CI reads whatever reporter vitest prints above it.
const reportDir = mkdtempSync(path.join(os.tmpdir(), 'portal-test-'));
const report = path.join(reportDir, 'report.json');
const vitest = spawnSync('pnpm', ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`\nTests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
}
rmSync(reportDir, { recursive: true, force: true });
process.exit(vitest.status ?? 1);
