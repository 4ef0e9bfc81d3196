import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppError } from '../common/app-error';
import { REDIS } from './redis.module';

// Increment, and start the window on the first hit only: a lockout ends when
// the window does, however long an attacker keeps knocking.
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`;

// Never below zero, never a counter without an expiry.
const REFUND = `
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then return redis.call('DECR', KEYS[1]) end
return 0`;

export interface Limit {
  key: string;
  max: number;
  windowMs: number;
}

/**
 * Fixed-window counters in Redis for the limits @fastify/rate-limit's one key
 * per route cannot express: several counters per login attempt, ingestion
 * counted only after the key is authenticated, failures counted apart from
 * successes. A refusal is 429 RATE_LIMITED with Retry-After, like the plugin's.
 */
@Injectable()
export class RateCounter {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /**
   * Counts one hit on every limit and refuses when any is now past its
   * ceiling. Counting before the work is done means a burst of parallel
   * requests cannot all slip in under the ceiling.
   */
  async hit(...limits: Limit[]): Promise<void> {
    const results = await Promise.all(limits.map((l) => this.count(l)));
    const overMs = results.filter(([count], i) => count > limits[i]!.max).map(([, ttl]) => ttl);
    if (overMs.length > 0) throw AppError.rateLimited(Math.max(...overMs));
  }

  /** Counts one hit without refusing (the request is being refused anyway). */
  async record(limit: Limit): Promise<void> {
    await this.count(limit);
  }

  /** Takes back a hit (a success that should not count towards a lockout). */
  async refund(...limits: Limit[]): Promise<void> {
    await Promise.all(limits.map((l) => this.redis.eval(REFUND, 1, `rl:${l.key}`)));
  }

  /** Refuses when a limit is already at its ceiling, without counting (for limits counted on failure only). */
  async refuseAtCeiling(limit: Limit): Promise<void> {
    const key = `rl:${limit.key}`;
    const [count, ttl] = await Promise.all([this.redis.get(key), this.redis.pttl(key)]);
    if (Number(count ?? 0) >= limit.max) throw AppError.rateLimited(ttl);
  }

  private count(l: Limit): Promise<[number, number]> {
    return this.redis.eval(HIT, 1, `rl:${l.key}`, l.windowMs) as Promise<[number, number]>;
  }
}
