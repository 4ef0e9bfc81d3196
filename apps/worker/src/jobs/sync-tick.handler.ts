import { JOBS, type SyncTickJobV1 } from '@portal/contracts';
import type { ScheduledRunsService } from '../sync/scheduled-runs.service';
import type { SyncSchedules } from '../sync/sync-schedules';
import type { JobHandler, JobOutcome } from './job-handler';

/**
 * A schedule tick. Thin: queue the integration's scheduled runs; if the
 * integration is no longer ACTIVE, pause its schedule instead (the
 * reconciler brings it back once the integration is ACTIVE again).
 */
export class SyncTickHandler implements JobHandler<typeof JOBS.syncTick.payload> {
  readonly job = JOBS.syncTick;

  constructor(
    private readonly runs: ScheduledRunsService,
    private readonly schedules: SyncSchedules,
  ) {}

  async handle(payload: SyncTickJobV1): Promise<JobOutcome> {
    const outcome = await this.runs.queueScheduledRuns(payload);
    if (outcome.kind === 'not-active') {
      await this.schedules.pause(payload.integrationId, outcome.reason);
      return { status: 'skipped', detail: { reason: outcome.reason } };
    }
    return { status: 'succeeded', detail: { queued: outcome.queued.length, alreadyRunning: outcome.alreadyRunning } };
  }
}
