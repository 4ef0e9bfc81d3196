import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Optional bearer token for the Prometheus endpoints of the API and worker.
 * Unset: only loopback clients may scrape (a sidecar or a local agent).
 */
export const metricsToken = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional());

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
export const isLoopback = (address: string | undefined): boolean => address !== undefined && LOOPBACK.test(address);

export type MetricsAccess = 'allowed' | 'unauthenticated' | 'forbidden';

/**
 * Who may read metrics. With a token: exactly `Authorization: Bearer <token>`.
 * Without: the connection must come from loopback and, behind a trusted proxy,
 * so must the forwarded client address (a local proxy relaying an outside
 * client is refused).
 */
export function metricsAccess(opts: {
  token: string | undefined;
  authorization: string | undefined;
  peerAddress: string | undefined;
  clientAddress: string | undefined;
}): MetricsAccess {
  if (opts.token) {
    const given = /^Bearer (.+)$/i.exec(opts.authorization ?? '')?.[1] ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(opts.token);
    return a.length === b.length && timingSafeEqual(a, b) ? 'allowed' : 'unauthenticated';
  }
  return isLoopback(opts.peerAddress) && isLoopback(opts.clientAddress) ? 'allowed' : 'forbidden';
}
