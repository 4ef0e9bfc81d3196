import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PortalEvent } from '@portal/contracts';
import { type OrgTx, TenantDb } from '@portal/db';
import { handOnEvents, type QueuedEvent, queueEvents } from '@portal/domain';
import type { Queue } from 'bullmq';

export const EVENTS_QUEUE = Symbol('EVENTS_QUEUE');

/**
 * How a module announces events (issue 12, docs/product/events.md): `queue`
 * inside the transaction of the change (as the caller's organisation; each
 * event names its receiver), then `dispatch` after commit so the fan-out
 * starts at once. When Redis fails there the worker's outbox relay does it
 * within seconds. Nothing here can fail a request once its transaction
 * committed.
 */
@Injectable()
export class EventOutbox {
  private readonly logger = new Logger(EventOutbox.name);

  constructor(
    private readonly db: TenantDb,
    @Inject(EVENTS_QUEUE) private readonly queue: Queue,
  ) {}

  queueAll(tx: OrgTx, producerOrgId: string, events: readonly PortalEvent[]): Promise<QueuedEvent[]> {
    return queueEvents(tx, producerOrgId, events);
  }

  /** After commit: hands the events to the fan-out queue and marks them dispatched; on failure the relay does it. */
  async dispatch(producerOrgId: string, queued: readonly QueuedEvent[]): Promise<void> {
    if (queued.length === 0) return;
    try {
      await handOnEvents(this.db, this.queue, producerOrgId, queued);
    } catch (err) {
      this.logger.warn({ err }, 'events not handed to the queue; the outbox relay will fan them out');
    }
  }
}
