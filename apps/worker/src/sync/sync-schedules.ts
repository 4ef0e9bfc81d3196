import { JOBS, syncSchedulerId, type SyncTickJobV1 } from '@portal/contracts';
import type { TenantDb } from '@portal/db';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { LostRunsResult, LostRunsService } from './lost-runs.service';
import { syncRunsRepository as repo } from './sync-runs.repository';

const SCHEDULER_PREFIX = syncSchedulerId('');

export interface ReconcileResult {
  created: string[];
  kept: string[];
  removed: string[];
  lostRuns: LostRunsResult;
}

/**
 * One BullMQ job scheduler per ACTIVE pulled (DMS, SAP) integration, firing
 * a `sync.tick` every interval. The database is the source of truth:
 * `reconcile` (at boot and periodically) creates the missing schedulers and
 * removes those whose integration is no longer ACTIVE, so an integration
 * re-activated (an admin's working AccessKey, a distributor's replaced SAP
 * credentials) gets its schedule back and nothing depends on an event being delivered.
 * `pause` removes one scheduler at once (401, failure past the retries);
 * `ensure` adds the missing ones of a few integrations at once (the outbox
 * relay calls it when an integration's runs were just queued, e.g. by its
 * activation). Each pass also sweeps the runs whose job was lost.
 */
export class SyncSchedules {
  private timer: NodeJS.Timeout | undefined;
  private reconciling: Promise<ReconcileResult> | null = null;

  constructor(
    private readonly db: TenantDb,
    private readonly queue: Queue,
    private readonly logger: Logger,
    private readonly lostRuns: LostRunsService,
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

  /**
   * Creates the schedulers that are missing for those of these integrations
   * that are ACTIVE pulled integrations; returns the ones it created. Existing
   * schedulers are left as they are (one Redis read each).
   */
  async ensure(integrationIds: string[]): Promise<string[]> {
    const missing: string[] = [];
    for (const id of new Set(integrationIds)) if (!(await this.queue.getJobScheduler(syncSchedulerId(id)))) missing.push(id);
    if (!missing.length) return [];
    const active = await this.db.runAsSyncScheduler((tx) => repo.activePulledIntegrationsAmong(tx, missing));
    for (const i of active) await this.upsert(i);
    if (active.length) this.logger.info({ integrationIds: active.map((i) => i.id) }, 'sync schedules created for newly active integrations');
    return active.map((i) => i.id);
  }

  private async upsert(i: { id: string; organizationId: string }) {
    const data: SyncTickJobV1 = { v: 1, organizationId: i.organizationId, integrationId: i.id };
    await this.queue.upsertJobScheduler(
      syncSchedulerId(i.id),
      // The first tick comes one interval from now: activation already queued the first (full) sync.
      { every: this.opts.intervalMs, startDate: Date.now() + this.opts.intervalMs },
      { name: JOBS.syncTick.name, data, opts: { removeOnComplete: { count: 100 }, removeOnFail: { age: 7 * 24 * 3600 } } },
    );
  }

  private async reconcileOnce(): Promise<ReconcileResult> {
    const active = await this.db.runAsSyncScheduler((tx) => repo.activePulledIntegrations(tx));
    const existing = new Map<string, number | null>();
    // Schedulers are few (one per pulled integration); page through them all.
    for (let start = 0; ; start += 500) {
      const batch = await this.queue.getJobSchedulers(start, start + 499, true);
      for (const s of batch) if (s.key.startsWith(SCHEDULER_PREFIX)) existing.set(s.key, s.every ?? null);
      if (batch.length < 500) break;
    }
    const result: Omit<ReconcileResult, 'lostRuns'> = { created: [], kept: [], removed: [] };
    const wanted = new Set<string>();
    for (const i of active) {
      const id = syncSchedulerId(i.id);
      wanted.add(id);
      if (existing.get(id) === this.opts.intervalMs) {
        // Upserting again would be harmless, but leaving it keeps its next tick where it is.
        result.kept.push(i.id);
        continue;
      }
      await this.upsert(i);
      result.created.push(i.id);
    }
    for (const id of existing.keys()) {
      if (wanted.has(id)) continue;
      await this.queue.removeJobScheduler(id);
      result.removed.push(id.slice(SCHEDULER_PREFIX.length));
    }
    if (result.created.length || result.removed.length)
      this.logger.info({ created: result.created.length, removed: result.removed.length, kept: result.kept.length }, 'sync schedules reconciled');
    // After the schedulers, so a run re-queued here finds its integration scheduled.
    return { ...result, lostRuns: await this.lostRuns.sweep() };
  }
}
