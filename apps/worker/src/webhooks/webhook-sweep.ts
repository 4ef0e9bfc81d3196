import { webhookDeliverJobId } from '@portal/contracts';
import type { TenantDb } from '@portal/db';
import { enqueueWebhookDeliveries, type WebhookDelivery } from '@portal/domain';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
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
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly db: TenantDb,
    private readonly queue: Queue,
    private readonly logger: Logger,
    private readonly opts: { everyMs: number },
  ) {}

  start() {
    this.timer = setInterval(() => void this.tick(), this.opts.everyMs);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
  }

  /** One pass; returns the messages whose attempt was queued again. */
  async tick(now = new Date()): Promise<string[]> {
    if (this.running) return [];
    this.running = true;
    try {
      return await this.sweep(now);
    } catch (err) {
      this.logger.warn({ err }, 'webhook sweep failed; will retry');
      return [];
    } finally {
      this.running = false;
    }
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
