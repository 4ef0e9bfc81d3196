import type { OrgTx } from '@portal/db';

/** Prisma access of the event fan-out, as the receiving organisation. No rules here. */
export const eventFanoutRepository = {
  /**
   * What the receiver's CONNECTED connections grant it of one distributor:
   * `connection_grants()`, the one home of the connection scope (integration
   * null meaning all of the distributor's integrations).
   */
  grantsOf: (tx: OrgTx, distributorId: string): Promise<{ type: string; integration_id: string | null }[]> =>
    tx.$queryRaw`SELECT g.type::text AS type, g.integration_id FROM connection_grants() g WHERE g.organization_id = ${distributorId}::uuid`,

  endpoints: (tx: OrgTx, organizationId: string) =>
    tx.webhookEndpoint.findMany({ where: { organizationId }, select: { id: true, enabled: true, eventTypes: true } }),

  /** The event's messages no attempt was made of yet: those created now, and those of an earlier run of this fan-out that died before queueing them. */
  unsentMessages: (tx: OrgTx, organizationId: string, eventId: string) =>
    tx.webhookMessage.findMany({ where: { organizationId, eventId, status: 'PENDING', attempts: 0 }, select: { id: true } }),
};
