import { type EventPublishJobV1, JOBS } from '@portal/contracts';
import type { EventFanoutService } from '../events/event-fanout.service';
import type { JobHandler, JobOutcome } from './job-handler';

/** Fans one event out to webhooks, notifications and alert mails. Thin: the service holds the rules. */
export class EventPublishHandler implements JobHandler<typeof JOBS.eventPublish.payload> {
  readonly job = JOBS.eventPublish;

  constructor(private readonly fanout: EventFanoutService) {}

  async handle(payload: EventPublishJobV1): Promise<JobOutcome> {
    const result = await this.fanout.publish(payload.event);
    return { status: result.status === 'dropped' ? 'skipped' : 'succeeded', detail: { eventId: payload.event.id, ...result } };
  }
}
