import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Worker connections follow BullMQ's production guide: blocking commands must
 * wait for Redis to come back instead of failing after a few retries.
 */
export function createWorkerRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

/** BullMQ loses jobs if Redis evicts keys under memory pressure. */
export async function warnUnlessNoEviction(redis: Redis, logger: Logger): Promise<string | undefined> {
  try {
    const res = (await redis.config('GET', 'maxmemory-policy')) as unknown;
    const policy = Array.isArray(res) ? String(res[1]) : undefined;
    if (policy && policy !== 'noeviction') {
      logger.warn({ policy }, 'Redis maxmemory-policy is not "noeviction": queued jobs may be evicted; set maxmemory-policy noeviction');
    }
    return policy;
  } catch (err) {
    // Managed Redis services often forbid CONFIG; say so rather than guess.
    logger.warn({ err }, 'could not read Redis maxmemory-policy; make sure it is "noeviction"');
    return undefined;
  }
}
