import type { PortalEvent } from '@portal/contracts';
import type { OrgTx, TenantDb } from '@portal/db';
import { handOnEvents, type QueuedEvent, queueEvents } from '@portal/domain';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';

/**
 * How the worker announces events (docs/product/events.md), as the API's
 * `EventOutbox` does: `queue` inside the transaction of the change, as the
 * organisation whose transaction it is (each event names its receiver), then
 * `dispatch` after commit so the fan-out starts at once. When Redis fails
 * there the outbox relay hands them on within seconds; a committed change is
 * never failed by its announcement.
 */
export class WorkerEventOutbox {
  constructor(
    private readonly db: TenantDb,
    private readonly queue: Pick<Queue, 'addBulk'>,
    private readonly logger: Logger,
  ) {}

  queueAll(tx: OrgTx, producerOrgId: string, events: readonly PortalEvent[]): Promise<QueuedEvent[]> {
    return events.length ? queueEvents(tx, producerOrgId, events) : Promise.resolve([]);
  }

  /** After commit: the fan-out jobs, then the outbox rows marked dispatched; on failure the relay does both. */
  async dispatch(producerOrgId: string, queued: readonly QueuedEvent[]): Promise<void> {
    if (queued.length === 0) return;
    try {
      await handOnEvents(this.db, this.queue, producerOrgId, queued);
    } catch (err) {
      this.logger.warn({ err }, 'events not handed to the queue; the outbox relay will fan them out');
    }
  }
}
