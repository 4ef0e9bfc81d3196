import { JOBS, syncSchedulerId, type SyncTickJobV1 } from '@portal/contracts';
import type { TenantDb } from '@portal/db';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { syncRunsRepository as repo } from './sync-runs.repository';

const SCHEDULER_PREFIX = syncSchedulerId('');

export interface ReconcileResult {
  created: string[];
  kept: string[];
  removed: string[];
}

/**
 * One BullMQ job scheduler per ACTIVE DMS integration, firing a `sync.tick`
 * every interval. The database is the source of truth: `reconcile` (at boot
 * and periodically) creates the missing schedulers and removes those whose
 * integration is no longer ACTIVE, so an integration re-activated by an admin
 * gets its schedule back and nothing depends on an event being delivered.
 * `pause` removes one scheduler at once (401, failure past the retries).
 */
export class SyncSchedules {
  private timer: NodeJS.Timeout | undefined;
  private reconciling: Promise<ReconcileResult> | null = null;

  constructor(
    private readonly db: TenantDb,
    private readonly queue: Queue,
    private readonly logger: Logger,
    private readonly opts: { intervalMs: number; reconcileEveryMs: number },
  ) {}

  start() {
    this.timer = setInterval(() => {
      this.reconcile().catch((err: unknown) => this.logger.warn({ err }, 'sync schedule reconcile failed; will retry'));
    }, this.opts.reconcileEveryMs);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
  }

  /** Concurrent callers share one pass. */
  reconcile(): Promise<ReconcileResult> {
    this.reconciling ??= this.reconcileOnce().finally(() => {
      this.reconciling = null;
    });
    return this.reconciling;
  }

  async pause(integrationId: string, reason: string): Promise<void> {
    const removed = await this.queue.removeJobScheduler(syncSchedulerId(integrationId));
    if (removed) this.logger.warn({ integrationId, reason }, 'sync schedule paused');
  }

  private async reconcileOnce(): Promise<ReconcileResult> {
    const active = await this.db.runAsSyncScheduler((tx) => repo.activeDmsIntegrations(tx));
    const existing = new Map<string, number | null>();
    // Schedulers are few (one per DMS integration); page through them all.
    for (let start = 0; ; start += 500) {
      const batch = await this.queue.getJobSchedulers(start, start + 499, true);
      for (const s of batch) if (s.key.startsWith(SCHEDULER_PREFIX)) existing.set(s.key, s.every ?? null);
      if (batch.length < 500) break;
    }
    const result: ReconcileResult = { created: [], kept: [], removed: [] };
    const wanted = new Set<string>();
    for (const i of active) {
      const id = syncSchedulerId(i.id);
      wanted.add(id);
      if (existing.get(id) === this.opts.intervalMs) {
        // Upserting again would be harmless, but leaving it keeps its next tick where it is.
        result.kept.push(i.id);
        continue;
      }
      const data: SyncTickJobV1 = { v: 1, organizationId: i.organizationId, integrationId: i.id };
      await this.queue.upsertJobScheduler(
        id,
        // The first tick comes one interval from now: activation already queued the first (full) sync.
        { every: this.opts.intervalMs, startDate: Date.now() + this.opts.intervalMs },
        { name: JOBS.syncTick.name, data, opts: { removeOnComplete: { count: 100 }, removeOnFail: { age: 7 * 24 * 3600 } } },
      );
      result.created.push(i.id);
    }
    for (const id of existing.keys()) {
      if (wanted.has(id)) continue;
      await this.queue.removeJobScheduler(id);
      result.removed.push(id.slice(SCHEDULER_PREFIX.length));
    }
    if (result.created.length || result.removed.length) this.logger.info({ created: result.created.length, removed: result.removed.length, kept: result.kept.length }, 'sync schedules reconciled');
    return result;
  }
}
