import { JOBS, syncJobOptions, syncJobV1 } from '@portal/contracts';
import type { TenantDb } from '@portal/db';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';

/**
 * Hands outbox events that the API committed but could not enqueue (Redis
 * down, API crashed right after commit) to BullMQ. Job ids are the sync run
 * ids, so an event relayed twice still makes one job.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly db: TenantDb,
    private readonly queue: Queue,
    private readonly logger: Logger,
    private readonly opts: { intervalMs: number; graceMs: number; backoffMs: number },
  ) {}

  start() {
    this.timer = setInterval(() => void this.tick(), this.opts.intervalMs);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
  }

  /** One pass; returns how many events were relayed. */
  async tick(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      return await this.db.runAsOutboxRelay(async (tx) => {
        const pending = await tx.outboxEvent.findMany({
          // Leave the API a moment to dispatch its own events first.
          where: { dispatchedAt: null, createdAt: { lt: new Date(Date.now() - this.opts.graceMs) } },
          orderBy: { createdAt: 'asc' },
          take: 500,
        });
        if (!pending.length) return 0;
        const jobs = [];
        for (const e of pending) {
          const payload = e.kind === JOBS.sync.name ? syncJobV1.safeParse(e.payload) : null;
          if (!payload?.success) {
            this.logger.error({ outboxId: e.id, kind: e.kind }, 'outbox event with an unknown kind or payload; marking it dispatched to stop retrying');
            continue;
          }
          jobs.push({ name: JOBS.sync.name, data: payload.data, opts: syncJobOptions(payload.data.syncRunId, this.opts.backoffMs) });
        }
        if (jobs.length) await this.queue.addBulk(jobs);
        await tx.outboxEvent.updateMany({ where: { id: { in: pending.map((e) => e.id) } }, data: { dispatchedAt: new Date() } });
        this.logger.info({ relayed: jobs.length }, 'outbox events relayed');
        return jobs.length;
      });
    } catch (err) {
      this.logger.warn({ err }, 'outbox relay pass failed; will retry');
      return 0;
    } finally {
      this.running = false;
    }
  }
}
