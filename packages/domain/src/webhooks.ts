import { randomBytes } from 'node:crypto';
import { assertOutboundUrl, OutboundAddressRefused, type OutboundPolicy } from '@portal/connectors';
import { JOBS, type PortalEvent, webhookDeliverJobOptions } from '@portal/contracts';
import type { Queue } from 'bullmq';
import type { SealingBox } from './integration-secret-seal';

/**
 * Rules of webhook endpoints that the API (registering, rotating, testing)
 * and the worker (fanning out, delivering) both apply (issue 12,
 * docs/product/events.md): one home each.
 */

/** `whsec_` + base64 of 32 random bytes (Standard Webhooks allows 24 to 64). */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/** Sealed with the endpoint's id as associated data, so a secret copied onto another endpoint's row does not open. */
export const sealWebhookSecret = (box: SealingBox, secret: string, endpointId: string): string => box.encrypt(secret, `webhook:${endpointId}`);
export const openWebhookSecret = (box: SealingBox, sealed: string, endpointId: string): string => box.decrypt(sealed, `webhook:${endpointId}`);
export const resealWebhookSecret = (box: SealingBox, sealed: string, endpointId: string): string => box.reencrypt(sealed, `webhook:${endpointId}`);

/** How long the previous secret keeps signing after a rotation (Svix: 24 h). */
export const WEBHOOK_PREVIOUS_SECRET_MS = 24 * 3600_000;

/**
 * Why a URL may not receive webhooks, or null: plain http only where the
 * server may reach private addresses (development), and never an address
 * the outbound guard refuses. Names are judged again at each delivery, on
 * the address actually connected to.
 */
export function webhookUrlRefusal(url: URL, policy: OutboundPolicy): 'WEBHOOK_URL_INSECURE' | 'OUTBOUND_ADDRESS_REFUSED' | null {
  if (url.protocol !== 'https:' && !policy.allowPrivate) return 'WEBHOOK_URL_INSECURE';
  try {
    assertOutboundUrl(url, policy);
  } catch (err) {
    if (err instanceof OutboundAddressRefused) return 'OUTBOUND_ADDRESS_REFUSED';
    throw err;
  }
  return null;
}

/** The exact bytes every attempt of a message sends and signs. */
export const webhookBody = (event: PortalEvent): string => JSON.stringify(event);

/** Whether an endpoint gets an event: enabled and subscribed; the test event goes to the endpoint it names whatever it subscribes to. */
export function endpointReceives(endpoint: { id: string; enabled: boolean; eventTypes: readonly string[] }, event: PortalEvent): boolean {
  if (event.type === 'webhook_endpoint.test') return event.data.endpointId === endpoint.id;
  return endpoint.enabled && endpoint.eventTypes.includes(event.type);
}

export interface WebhookDelivery {
  organizationId: string;
  messageId: string;
  /** The attempt this job makes: the message's recorded attempts + 1. */
  attempt: number;
  delayMs?: number;
}

/** The one way any process queues a delivery attempt (job id from message and attempt, so adding it twice keeps one). */
export async function enqueueWebhookDeliveries(queue: Pick<Queue, 'addBulk'>, deliveries: readonly WebhookDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  await queue.addBulk(
    deliveries.map((d) => ({
      name: JOBS.webhookDeliver.name,
      data: { v: 1 as const, organizationId: d.organizationId, messageId: d.messageId, attempt: d.attempt },
      opts: webhookDeliverJobOptions(d.messageId, d.attempt, d.delayMs ?? 0),
    })),
  );
}
