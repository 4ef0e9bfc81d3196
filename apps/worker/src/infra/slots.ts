import type { Redis } from 'ioredis';

// Sorted set of job ids holding a slot, scored by when they took it; slots
// older than the lease are reclaimed so a crashed worker cannot leak them.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[3])
if redis.call('ZSCORE', KEYS[1], ARGV[4]) then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
  return 1
end
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return 1
end
return 0`;

/**
 * At most `limit` jobs per key at once across every worker process: per
 * organisation for sync jobs (one organisation's backfill cannot take every
 * worker slot while others wait), per endpoint for webhook deliveries (one
 * slow receiver cannot take every delivery slot). `keyPrefix` names the kind.
 */
export class Slots {
  // Slots this process holds, for the slots-in-use gauge (the Redis sets span all workers).
  private readonly held = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly limit: number,
    private readonly leaseMs = 15 * 60_000,
  ) {}

  private key(id: string) {
    return `${this.keyPrefix}:${id}`;
  }

  async acquire(id: string, holder: string): Promise<boolean> {
    const ok = await this.redis.eval(ACQUIRE, 1, this.key(id), Date.now(), this.limit, this.leaseMs, holder);
    if (ok === 1) this.held.add(`${id}/${holder}`);
    return ok === 1;
  }

  async release(id: string, holder: string): Promise<void> {
    this.held.delete(`${id}/${holder}`);
    await this.redis.zrem(this.key(id), holder);
  }

  /** How many slots this process holds now. */
  inUse(): number {
    return this.held.size;
  }

  /** Keeps a long run's slot from being reclaimed. */
  async renew(id: string, holder: string): Promise<void> {
    await this.redis.zadd(this.key(id), 'XX', Date.now(), holder);
  }
}
