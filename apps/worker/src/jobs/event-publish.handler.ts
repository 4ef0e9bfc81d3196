import { type EventPublishJobV1, JOBS } from '@portal/contracts';
import type { JobHandler, JobOutcome } from './job-handler';

// Placeholder while issue 12's branches are built: the fan-out lands with them.
export class EventPublishHandler implements JobHandler<typeof JOBS.eventPublish.payload> {
  readonly job = JOBS.eventPublish;

  handle(payload: EventPublishJobV1): Promise<JobOutcome> {
    return Promise.resolve({ status: 'skipped', detail: { eventId: payload.event.id } });
  }
}
