import { webhookDeliverJobId } from '@portal/contracts';
import type { TenantDb } from '@portal/db';
import { enqueueWebhookDeliveries, type WebhookDelivery } from '@portal/domain';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { PeriodicPass } from '../infra/periodic-pass';
import { webhookDeliveryRepository as repo } from './webhook-delivery.repository';

// A due attempt normally has its job; only one this much overdue is looked at (its job may still be on its way).
const OVERDUE_MS = 10_000;
const PAGE = 500;

/**
 * Gives PENDING messages whose next attempt is overdue their job back: Redis
 * lost it (restarted without persistence, flushed), a worker died between
 * recording an attempt and queueing the next, or the job failed for a reason
 * of ours (the database was down). Job ids are per message and attempt, so a
 * job that is still waiting, delayed or running is left alone; one that
 * ended without recording its attempt is replaced.
 */
export class WebhookSweep {
  private readonly periodic: PeriodicPass<string[], [Date]>;

  constructor(
    private readonly db: TenantDb,
    private readonly queue: Queue,
    private readonly logger: Logger,
    opts: { everyMs: number },
  ) {
    this.periodic = new PeriodicPass((now?: Date) => this.sweep(now ?? new Date()), [], logger, {
      everyMs: opts.everyMs,
      failure: 'webhook sweep failed; will retry',
    });
  }

  start() {
    this.periodic.start();
  }

  stop() {
    this.periodic.stop();
  }

  /** One pass; returns the messages whose attempt was queued again. */
  tick(now = new Date()): Promise<string[]> {
    return this.periodic.run(now);
  }

  private async sweep(now: Date): Promise<string[]> {
    const overdue = await this.db.runAsWebhookSweep((tx) => repo.overdue(tx, new Date(now.getTime() - OVERDUE_MS), PAGE));
    const lost: WebhookDelivery[] = [];
    for (const m of overdue) {
      const attempt = m.attempts + 1;
      const job = await this.queue.getJob(webhookDeliverJobId(m.id, attempt));
      if (job) {
        const state = await job.getState();
        if (state !== 'completed' && state !== 'failed') continue;
        // Another worker's sweep may have replaced it a moment ago (and its job may be running): leave it to that one.
        const removed = await job.remove().then(
          () => true,
          () => false,
        );
        if (!removed) continue;
      }
      lost.push({ organizationId: m.organizationId, messageId: m.id, attempt });
    }
    await enqueueWebhookDeliveries(this.queue, lost);
    if (lost.length) this.logger.warn({ messages: lost.map((d) => d.messageId) }, 'webhook attempts whose job was lost: queued again');
    return lost.map((d) => d.messageId);
  }
}
