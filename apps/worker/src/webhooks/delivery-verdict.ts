import { OutboundAddressRefused, OutboundNetworkError, type OutboundResponse } from '@portal/connectors';
import type { WebhookDisabledReason } from '@portal/contracts';

/** What one attempt's answer (or lack of one) means for the message and the endpoint (docs/research/webhooks.md). */
export type DeliveryVerdict =
  /** 2xx: delivered. */
  | { kind: 'delivered' }
  /** Worth another attempt while the schedule has one. */
  | { kind: 'retry'; retryAfter?: string }
  /** The receiver asked to stop retrying this message (`webhook-delivery: abort-message`). */
  | { kind: 'abort' }
  /** The endpoint stops receiving: `410 Gone`, or the receiver's `webhook-delivery: disable`. */
  | { kind: 'disable'; reason: WebhookDisabledReason };

export interface JudgedAttempt {
  statusCode: number | null;
  /** The first 1 kB of the answer. */
  responseBody: string;
  /** Why the attempt did not succeed, as a stable code; null when it did. */
  error: string | null;
  verdict: DeliveryVerdict;
}

export const RESPONSE_BODY_CHARS = 1024;

const header = (res: OutboundResponse, name: string): string | undefined => {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** An answer: only 2xx is success; a redirect is a failure and never followed; 410 and the receiver's own header stop deliveries. */
export function judgeAnswer(res: OutboundResponse): JudgedAttempt {
  const statusCode = res.status;
  const responseBody = res.body.slice(0, RESPONSE_BODY_CHARS);
  if (statusCode >= 200 && statusCode < 300) return { statusCode, responseBody, error: null, verdict: { kind: 'delivered' } };
  const error = statusCode >= 300 && statusCode < 400 ? 'REDIRECT' : `HTTP_${statusCode}`;
  const control = header(res, 'webhook-delivery')?.trim().toLowerCase();
  if (statusCode === 410) return { statusCode, responseBody, error, verdict: { kind: 'disable', reason: 'GONE' } };
  if (control === 'disable') return { statusCode, responseBody, error, verdict: { kind: 'disable', reason: 'RECEIVER' } };
  if (control === 'abort-message') return { statusCode, responseBody, error, verdict: { kind: 'abort' } };
  return { statusCode, responseBody, error, verdict: { kind: 'retry', retryAfter: header(res, 'retry-after') } };
}

/** No answer: the address was refused by the outbound guard, the time ran out, or the connection failed. All are retried. */
export function judgeFailure(err: unknown): JudgedAttempt {
  const error =
    err instanceof OutboundAddressRefused ? 'ADDRESS_REFUSED' : err instanceof OutboundNetworkError && err.timedOut ? 'TIMEOUT' : 'CONNECTION_FAILED';
  return { statusCode: null, responseBody: '', error, verdict: { kind: 'retry' } };
}
