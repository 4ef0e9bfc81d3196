import type { Prisma } from '../generated/client';
import type { OrgTx } from '../tenant-db';

/** Records an event to hand to the queue once the caller's transaction commits. */
export function insertOutboxEvent(tx: OrgTx, event: { organizationId: string; kind: string; payload: Prisma.InputJsonObject }) {
  return tx.outboxEvent.create({ data: event, select: { id: true } });
}

/** Marks events handed to the queue; one already marked (e.g. by the relay) keeps its time. */
export function markOutboxDispatched(tx: OrgTx, ids: string[]) {
  return tx.outboxEvent.updateMany({ where: { id: { in: ids }, dispatchedAt: null }, data: { dispatchedAt: new Date() } });
}
