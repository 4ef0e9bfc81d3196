import { JOBS, type WebhookDeliverJobV1 } from '@portal/contracts';
import type { JobHandler, JobOutcome } from './job-handler';

// Placeholder while issue 12's branches are built: delivery lands with them.
export class WebhookDeliverHandler implements JobHandler<typeof JOBS.webhookDeliver.payload> {
  readonly job = JOBS.webhookDeliver;

  handle(payload: WebhookDeliverJobV1): Promise<JobOutcome> {
    return Promise.resolve({ status: 'skipped', detail: { messageId: payload.messageId } });
  }
}
