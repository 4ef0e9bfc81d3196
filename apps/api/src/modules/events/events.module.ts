import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { QUEUES } from '@portal/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';
import { REDIS } from '../../infra/redis.module';
import { EVENTS_QUEUE, EventOutbox } from './event-outbox';

/** Events for every module (issue 12): `EventOutbox` queues them in the caller's transaction. */
@Module({
  providers: [
    {
      provide: EVENTS_QUEUE,
      inject: [REDIS, API_ENV],
      useFactory: (redis: Redis, env: ApiEnv) => new Queue(QUEUES.events, { connection: redis, prefix: env.QUEUE_PREFIX }),
    },
    EventOutbox,
  ],
  exports: [EventOutbox],
})
export class EventsModule implements OnApplicationShutdown {
  constructor(@Inject(EVENTS_QUEUE) private readonly queue: Queue) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
