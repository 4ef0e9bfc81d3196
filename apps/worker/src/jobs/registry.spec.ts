import { JOBS } from '@portal/contracts';
import { describe, expect, it } from 'vitest';
import type { JobHandler } from './job-handler';
import { buildRegistry } from './registry';

const handler = (name: string): JobHandler => ({
  job: { name, payload: JOBS.sync.payload },
  handle: async () => ({ status: 'skipped' }),
});

describe('buildRegistry', () => {
  it('accepts exactly one handler per declared job', () => {
    const all = Object.values(JOBS).map((j) => handler(j.name));
    expect(buildRegistry(all).size).toBe(all.length);
  });
  it('refuses a missing handler', () => {
    expect(() => buildRegistry([])).toThrow(/no handler for job/);
  });
  it('refuses a duplicate handler', () => {
    expect(() => buildRegistry([handler(JOBS.sync.name), handler(JOBS.sync.name)])).toThrow(/two handlers/);
  });
  it('refuses a handler for a job nobody declared', () => {
    const all = Object.values(JOBS).map((j) => handler(j.name));
    expect(() => buildRegistry([...all, handler('ghost.job')])).toThrow(/undeclared/);
  });
});
