import { JOBS, type SyncJobV1 } from '@portal/contracts';
import { describe, expect, it } from 'vitest';
import { enqueueSyncJobs, syncJobFor, syncModeOf } from './sync-jobs';

const job = (syncRunId: string): SyncJobV1 => ({
  v: 1,
  organizationId: '00000000-0000-4000-8000-000000000001',
  integrationId: '00000000-0000-4000-8000-000000000002',
  documentType: 'SALES_ORDER',
  syncRunId,
  mode: 'incremental',
});

function fakeQueue() {
  const added: { name: string; data: SyncJobV1; opts: { jobId?: string; backoff?: unknown } }[][] = [];
  return { added, addBulk: async (jobs: (typeof added)[number]) => (added.push(jobs), []) };
}

describe('sync jobs', () => {
  it('activation, backfill and re-consolidation pull everything; the others resume from the cursor', () => {
    expect(['INITIAL', 'BACKFILL', 'RECONSOLIDATE'].map((t) => syncModeOf(t as never))).toEqual(['full', 'full', 'full']);
    expect(['MANUAL', 'SCHEDULE', 'RETRY'].map((t) => syncModeOf(t as never))).toEqual(['incremental', 'incremental', 'incremental']);
    expect(syncJobFor({ ...job('r1'), trigger: 'BACKFILL' }).mode).toBe('full');
  });

  it('every job gets the backoff it is given and its run id as job id', async () => {
    const queue = fakeQueue();
    await enqueueSyncJobs(queue as never, [job('r1'), job('r2')], 7_321);
    expect(queue.added).toHaveLength(1);
    expect(queue.added[0]!.map((j) => [j.name, j.opts.jobId, j.opts.backoff])).toEqual([
      [JOBS.sync.name, 'sync-run-r1', { type: 'exponential', delay: 7_321, jitter: 0.5 }],
      [JOBS.sync.name, 'sync-run-r2', { type: 'exponential', delay: 7_321, jitter: 0.5 }],
    ]);
  });

  it('adds nothing when there is nothing to add', async () => {
    const queue = fakeQueue();
    await enqueueSyncJobs(queue as never, [], 100);
    expect(queue.added).toHaveLength(0);
  });
});
