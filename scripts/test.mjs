#!/usr/bin/env node
// The one test command (README, CI): every tier in one vitest run so the
// totals are printed once — unit (*.spec.ts), integration against the real
// Postgres/Redis (*.int.spec.ts) and browser tests (e2e/, Chromium).
// Extra arguments go to vitest, e.g. `pnpm test --project api`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1' };

const typecheck = spawnSync('pnpm', ['--silent', 'typecheck'], { cwd: root, env, stdio: 'inherit' });
if (typecheck.status !== 0) {
  console.error('\nTypecheck failed; fix the errors above before the tests run.');
  process.exit(typecheck.status ?? 1);
}
const vitest = spawnSync('pnpm', ['exec', 'vitest', 'run', ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
process.exit(vitest.status ?? 1);
