import { Webhook } from 'standardwebhooks';

/** Sent on every attempt for information; receivers must not trust it (it is not signed). */
export const WEBHOOK_USER_AGENT = 'portal-webhooks/1';

/**
 * The `webhook-signature` header of one attempt (Standard Webhooks v1,
 * docs/research/webhooks.md): one `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`
 * per secret, space-separated, so during a rotation a receiver holding either
 * the old or the new secret verifies the delivery.
 */
export function signatureHeader(secrets: readonly string[], messageId: string, at: Date, body: string): string {
  return secrets.map((secret) => new Webhook(secret).sign(messageId, at, body)).join(' ');
}

/** Every header of one attempt; `at` is this attempt's time (the timestamp changes on each retry, the id never). */
export function deliveryHeaders(opts: { secrets: readonly string[]; messageId: string; at: Date; body: string; attempt: number }) {
  return {
    'content-type': 'application/json',
    'user-agent': WEBHOOK_USER_AGENT,
    'webhook-id': opts.messageId,
    'webhook-timestamp': String(Math.floor(opts.at.getTime() / 1000)),
    'webhook-signature': signatureHeader(opts.secrets, opts.messageId, opts.at, opts.body),
    'webhook-attempt': String(opts.attempt),
  };
}
