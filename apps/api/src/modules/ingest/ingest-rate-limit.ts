import type { FastifyRequest } from 'fastify';

/**
 * Route config for @fastify/rate-limit on ingestion: counted per API key
 * (its public prefix), before authentication, so a flood with a wrong key is
 * cut off too. The ceiling is INGEST_RATE_LIMIT_MAX requests per minute.
 */
export const INGEST_RATE_LIMIT = {
  hook: 'onRequest',
  timeWindow: '1 minute',
  keyGenerator: (req: FastifyRequest) => {
    const prefix = /^Bearer (pk_[\w-]{1,40})\./.exec(req.headers.authorization ?? '')?.[1];
    return prefix ? `ingest:${prefix}` : `ingest:ip:${req.ip}`;
  },
} as const;
