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
 * Per-organisation concurrency limit for sync jobs, so one organisation's
 * backfill cannot take every worker slot while others wait.
 */
export class OrgSlots {
  // Slots this process holds, for the slots-in-use gauge (the Redis sets span all workers).
  private readonly held = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly limit: number,
    private readonly leaseMs = 15 * 60_000,
  ) {}

  private key(organizationId: string) {
    return `portal:sync-slots:${organizationId}`;
  }

  async acquire(organizationId: string, holder: string): Promise<boolean> {
    const ok = await this.redis.eval(ACQUIRE, 1, this.key(organizationId), Date.now(), this.limit, this.leaseMs, holder);
    if (ok === 1) this.held.add(`${organizationId}/${holder}`);
    return ok === 1;
  }

  async release(organizationId: string, holder: string): Promise<void> {
    this.held.delete(`${organizationId}/${holder}`);
    await this.redis.zrem(this.key(organizationId), holder);
  }

  /** How many slots this process holds now. */
  inUse(): number {
    return this.held.size;
  }

  /** Keeps a long run's slot from being reclaimed. */
  async renew(organizationId: string, holder: string): Promise<void> {
    await this.redis.zadd(this.key(organizationId), 'XX', Date.now(), holder);
  }
}
