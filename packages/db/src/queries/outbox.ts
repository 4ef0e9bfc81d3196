import { JOBS, type MailJobV1 } from '@portal/contracts';
import type { Prisma } from '../generated/client';
import type { OrgTx } from '../tenant-db';

/** Records an event to hand to the queue once the caller's transaction commits. */
export function insertOutboxEvent(tx: OrgTx, event: { organizationId: string; kind: string; payload: Prisma.InputJsonObject }) {
  return tx.outboxEvent.create({ data: event, select: { id: true } });
}

/** Several outbox events in one statement (ids chosen by the caller, so each is known without relying on the order rows come back in). */
export function insertOutboxEvents(tx: OrgTx, events: readonly { id: string; organizationId: string; kind: string; payload: Prisma.InputJsonObject }[]) {
  return events.length ? tx.outboxEvent.createMany({ data: [...events] }) : Promise.resolve({ count: 0 });
}

/** Marks events handed to the queue; one already marked (e.g. by the relay) keeps its time. */
export function markOutboxDispatched(tx: OrgTx, ids: string[]) {
  return tx.outboxEvent.updateMany({ where: { id: { in: ids }, dispatchedAt: null }, data: { dispatchedAt: new Date() } });
}

/**
 * Queues an email in the caller's transaction (outbox kind `mail.send`): it
 * is sent only if the transaction commits, and a mail server that is down
 * only delays it (the worker retries). The API may hand it to the queue
 * after commit; otherwise the worker's outbox relay does within seconds.
 */
export function insertMailEvent(tx: OrgTx, mail: MailJobV1) {
  return insertOutboxEvent(tx, { organizationId: mail.organizationId, kind: JOBS.mail.name, payload: mail });
}
