import type { FastifyRequest } from 'fastify';
import { apiKeyPrefixOf } from '../integrations/api-keys.service';

/**
 * Route config for @fastify/rate-limit on ingestion: counted per API key
 * (its public prefix), before authentication, so a flood with a wrong key is
 * cut off too. The ceiling is INGEST_RATE_LIMIT_MAX requests per minute.
 */
export const INGEST_RATE_LIMIT = {
  hook: 'onRequest',
  timeWindow: '1 minute',
  keyGenerator: (req: FastifyRequest) => {
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const prefix = token ? apiKeyPrefixOf(token) : null;
    return prefix ? `ingest:${prefix}` : `ingest:ip:${req.ip}`;
  },
} as const;
