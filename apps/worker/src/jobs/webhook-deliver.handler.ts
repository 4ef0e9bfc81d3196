import { DelayedError, type Job } from 'bullmq';
import { JOBS, type WebhookDeliverJobV1 } from '@portal/contracts';
import type { Slots } from '../infra/slots';
import type { WebhookDeliveryService } from '../webhooks/webhook-delivery.service';
import type { JobHandler, JobOutcome } from './job-handler';

/**
 * One delivery attempt of one webhook message. Thin: take one of the
 * endpoint's slots (WEBHOOK_ENDPOINT_CONCURRENCY across all workers), let the
 * service attempt and record it.
 */
export class WebhookDeliverHandler implements JobHandler<typeof JOBS.webhookDeliver.payload> {
  readonly job = JOBS.webhookDeliver;

  constructor(
    private readonly delivery: WebhookDeliveryService,
    private readonly slots: Slots,
  ) {}

  async handle(payload: WebhookDeliverJobV1, job: Job, token?: string): Promise<JobOutcome> {
    const prepared = await this.delivery.prepare(payload);
    if (prepared.kind === 'skip') return { status: 'skipped', detail: { messageId: payload.messageId, reason: prepared.reason } };
    const endpointId = prepared.target.endpoint.id;
    const holder = String(job.id);
    if (!(await this.slots.acquire(endpointId, holder))) {
      // The endpoint already has its share of deliveries under way (a slow
      // receiver): come back shortly without spending an attempt, leaving
      // this worker's slot to other endpoints.
      await job.moveToDelayed(Date.now() + 1_000 + Math.floor(Math.random() * 500), token);
      throw new DelayedError();
    }
    try {
      const outcome = await this.delivery.attempt(prepared.target, payload.attempt);
      return { status: 'succeeded', detail: { messageId: payload.messageId, ...outcome } };
    } finally {
      await this.slots.release(endpointId, holder);
    }
  }
}
