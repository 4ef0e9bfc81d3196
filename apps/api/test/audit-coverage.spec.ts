import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { auditAction } from '@portal/contracts';
import { describe, expect, it } from 'vitest';

// Issue 11 asks for a test proving each audit action is recorded. Six actions
// once went untested without anyone noticing (audit-actions.int.spec.ts now
// covers them), so this guard fails as soon as an action in contracts
// `auditAction` is named by no test: add the action's test with the action.
// It only checks that some test names the action; what the row must say is
// those tests' job.

const ROOT = path.resolve(__dirname, '../../..');
const TEST_DIRS = ['apps/api/test', 'apps/worker/test', 'packages/db/test', 'e2e/tests'];
const SELF = path.resolve(__filename);

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.spec.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => file !== SELF);
}

/** The action as a whole name: `auth.password_reset` is not named by `auth.password_reset_requested`. */
const named = (action: string) => new RegExp(`(?<![\\w.])${action.replace(/\./g, '\\.')}(?![\\w])`);

describe('audit action coverage', () => {
  it('every audit action is named by some test', () => {
    const sources = TEST_DIRS.flatMap((dir) => testFiles(path.join(ROOT, dir))).map((file) => readFileSync(file, 'utf8'));
    expect(sources.length).toBeGreaterThan(20);
    const untested = auditAction.options.filter((action) => !sources.some((source) => named(action).test(source)));
    expect(untested).toEqual([]);
  });
});
