import { type EventData, type EventType, eventPublishJobOptions, JOBS, type PortalEvent, type PortalEventOf } from '@portal/contracts';
import { randomUUID } from 'node:crypto';
import { insertOutboxEvents, markOutboxDispatched, type OrgTx, type TenantDb } from '@portal/db';
import type { Queue } from 'bullmq';
import { ulid } from 'ulid';

/** `evt_<ulid>`: an event's own id (correlation); sortable by creation time. */
export const newEventId = (): string => `evt_${ulid()}`;
/** `msg_<ulid>`: one event to one endpoint, the `webhook-id` every attempt carries. */
export const newWebhookMessageId = (): string => `msg_${ulid()}`;

/** An event addressed to one receiving organisation. */
export function buildEvent<T extends EventType>(type: T, organizationId: string, data: EventData<T>, at: Date): PortalEventOf<T> {
  return { id: newEventId(), type, timestamp: at.toISOString(), organizationId, data } as PortalEventOf<T>;
}

/** An `events.publish` outbox event: its event becomes the fan-out job. */
export interface QueuedEvent {
  outboxId: string;
  event: PortalEvent;
}

/**
 * The one way any process announces events (docs/product/events.md): in the
 * transaction of the change, as the organisation whose transaction it is
 * (`producerOrgId`, the outbox row's owner), each event addressed to its
 * receiver. A rolled-back change announces nothing; a committed one is fanned
 * out at least once (after commit by the caller, or by the outbox relay).
 */
export async function queueEvents(tx: OrgTx, producerOrgId: string, events: readonly PortalEvent[]): Promise<QueuedEvent[]> {
  // One statement however many receivers (a run's documents.updated reaches every connected principal).
  const queued = events.map((event) => ({ outboxId: randomUUID(), event }));
  await insertOutboxEvents(
    tx,
    queued.map((q) => ({ id: q.outboxId, organizationId: producerOrgId, kind: JOBS.eventPublish.name, payload: { v: 1, event: q.event } })),
  );
  return queued;
}

/** Adds the fan-out jobs (job id from the event's id, so the API and the relay adding the same event keep one job). */
export async function enqueueEventJobs(queue: Pick<Queue, 'addBulk'>, events: readonly PortalEvent[]): Promise<void> {
  if (events.length === 0) return;
  await queue.addBulk(events.map((event) => ({ name: JOBS.eventPublish.name, data: { v: 1, event }, opts: eventPublishJobOptions(event.id) })));
}

/**
 * After commit (API and worker alike): the fan-out jobs, then the outbox rows
 * marked dispatched as the organisation that wrote them. Throws when Redis or
 * the database fails; the caller logs it and the outbox relay hands them on.
 */
export async function handOnEvents(db: TenantDb, queue: Pick<Queue, 'addBulk'>, producerOrgId: string, queued: readonly QueuedEvent[]): Promise<void> {
  if (queued.length === 0) return;
  await enqueueEventJobs(
    queue,
    queued.map((q) => q.event),
  );
  await db.runAsOrg(producerOrgId, (tx) =>
    markOutboxDispatched(
      tx,
      queued.map((q) => q.outboxId),
    ),
  );
}
