import { Inject, Injectable } from '@nestjs/common';
import type { HealthResponse } from '@portal/contracts';
import type { PrismaClient } from '@portal/db';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { PRISMA } from '../../infra/database.module';
import { REDIS, SYNC_QUEUE } from '../../infra/redis.module';

const timed = async <T>(fn: () => Promise<T>) => {
  const start = performance.now();
  const value = await fn();
  return { value, latencyMs: Math.round((performance.now() - start) * 10) / 10 };
};

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

@Injectable()
export class HealthService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SYNC_QUEUE) private readonly syncQueue: Queue,
  ) {}

  async check(): Promise<HealthResponse> {
    const [database, redis, queues] = await Promise.all([this.database(), this.redisCheck(), this.queues()]);
    const status = database.status === 'up' && redis.status === 'up' ? 'ok' : 'degraded';
    return { status, database, redis, queues };
  }

  private async database(): Promise<HealthResponse['database']> {
    try {
      // No tenant data is touched: a bare round trip needs no organisation.
      const { latencyMs } = await timed(() => this.prisma.$queryRaw`select 1`);
      return { status: 'up', latencyMs };
    } catch (err) {
      return { status: 'down', error: message(err) };
    }
  }

  private async redisCheck(): Promise<HealthResponse['redis']> {
    try {
      const { latencyMs } = await timed(() => this.redis.ping());
      const policy = await this.redis.config('GET', 'maxmemory-policy').catch(() => null);
      const maxmemoryPolicy = Array.isArray(policy) ? String(policy[1]) : undefined;
      return { status: 'up', latencyMs, ...(maxmemoryPolicy ? { maxmemoryPolicy } : {}) };
    } catch (err) {
      return { status: 'down', error: message(err) };
    }
  }

  private async queues(): Promise<HealthResponse['queues']> {
    try {
      const c = await this.syncQueue.getJobCounts('waiting', 'active', 'failed', 'delayed');
      return { [this.syncQueue.name]: { waiting: c.waiting ?? 0, active: c.active ?? 0, failed: c.failed ?? 0, delayed: c.delayed ?? 0 } };
    } catch {
      return {};
    }
  }
}
