import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUES } from '@portal/contracts';
import { API_ENV } from '../config/config.module';
import type { ApiEnv } from '../config/env';

export const REDIS = Symbol('REDIS');
export const SYNC_QUEUE = Symbol('SYNC_QUEUE');

/**
 * The API is a producer: commands should fail fast when Redis is down
 * (BullMQ's guide: keep maxRetriesPerRequest finite on the producer side).
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [API_ENV],
      useFactory: (env: ApiEnv) => new Redis(env.REDIS_URL, { maxRetriesPerRequest: 3, enableOfflineQueue: true, lazyConnect: false }),
    },
    {
      provide: SYNC_QUEUE,
      inject: [REDIS, API_ENV],
      useFactory: (redis: Redis, env: ApiEnv) => new Queue(QUEUES.sync, { connection: redis, prefix: env.QUEUE_PREFIX }),
    },
  ],
  exports: [REDIS, SYNC_QUEUE],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SYNC_QUEUE) private readonly syncQueue: Queue,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.syncQueue.close();
    this.redis.disconnect();
  }
}
