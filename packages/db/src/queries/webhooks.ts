import type { OrgTx } from '../tenant-db';

/**
 * Records one message per endpoint for an event, as the receiving
 * organisation; an (endpoint, event) pair that already has its message keeps
 * it (a fan-out run twice adds nothing). Returns the messages it created.
 */
export async function insertWebhookMessages(
  tx: OrgTx,
  rows: readonly { id: string; organizationId: string; endpointId: string; eventId: string; eventType: string; payload: string; nextAttemptAt: Date }[],
): Promise<{ id: string; endpointId: string }[]> {
  if (rows.length === 0) return [];
  return tx.webhookMessage.createManyAndReturn({ data: [...rows], skipDuplicates: true, select: { id: true, endpointId: true } });
}
