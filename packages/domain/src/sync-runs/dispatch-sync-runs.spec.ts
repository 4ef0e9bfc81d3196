import type { SyncJobV1 } from '@portal/contracts';
import { describe, expect, it } from 'vitest';
import { dispatchSyncRuns } from './dispatch-sync-runs';
import type { PlannedSyncRuns } from './plan-sync-runs';

const ORG = '00000000-0000-4000-8000-000000000001';
const job: SyncJobV1 = {
  v: 1,
  organizationId: ORG,
  integrationId: '00000000-0000-4000-8000-000000000002',
  documentType: 'SALES_ORDER',
  syncRunId: 'r1',
  mode: 'full',
};
const planned: PlannedSyncRuns = { organizationId: ORG, outboxIds: ['o1'], jobs: [job], alreadyRunning: [], masterDataJobs: [] };

/** A database whose transactions record which outbox rows were marked dispatched. */
function fakeDb() {
  const marked: string[][] = [];
  const tx = {
    outboxEvent: { updateMany: async ({ where }: { where: { id: { in: string[] } } }) => (marked.push(where.id.in), { count: where.id.in.length }) },
  };
  return { marked, runAsOrg: async <T>(_org: string, fn: (t: never) => Promise<T>) => fn(tx as never) };
}

describe('dispatching planned sync runs', () => {
  it('adds the jobs with the given backoff, then marks their outbox rows dispatched', async () => {
    const db = fakeDb();
    const delays: unknown[] = [];
    const queue = { addBulk: async (jobs: { opts: { backoff: { delay: number } } }[]) => (delays.push(...jobs.map((j) => j.opts.backoff.delay)), []) };
    expect(await dispatchSyncRuns({ db, queue: queue as never, backoffMs: 4_242 }, planned)).toEqual({ dispatched: true });
    expect(delays).toEqual([4_242]);
    expect(db.marked).toEqual([['o1']]);
  });

  it('when Redis fails, leaves the outbox rows for the relay and reports it instead of throwing', async () => {
    const db = fakeDb();
    const down = new Error('connect ECONNREFUSED 127.0.0.1:6379');
    const queue = { addBulk: async () => Promise.reject(down) };
    expect(await dispatchSyncRuns({ db, queue: queue as never, backoffMs: 100 }, planned)).toEqual({ dispatched: false, error: down });
    expect(db.marked).toEqual([]);
  });

  it('does nothing when every type already had a run under way', async () => {
    const db = fakeDb();
    const queue = { addBulk: async () => Promise.reject(new Error('must not be called')) };
    expect(
      await dispatchSyncRuns({ db, queue: queue as never, backoffMs: 100 }, { ...planned, outboxIds: [], jobs: [], alreadyRunning: ['SALES_ORDER'] }),
    ).toEqual({ dispatched: true });
    expect(db.marked).toEqual([]);
  });
});
