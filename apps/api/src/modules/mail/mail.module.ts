import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { QUEUES } from '@portal/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';
import { REDIS } from '../../infra/redis.module';
import { MAIL_QUEUE, MailOutbox } from './mail-outbox';

/** Outgoing email for every module: `MailOutbox` queues a mail in the caller's transaction. */
@Module({
  providers: [
    {
      provide: MAIL_QUEUE,
      inject: [REDIS, API_ENV],
      useFactory: (redis: Redis, env: ApiEnv) => new Queue(QUEUES.mail, { connection: redis, prefix: env.QUEUE_PREFIX }),
    },
    MailOutbox,
  ],
  exports: [MailOutbox],
})
export class MailModule implements OnApplicationShutdown {
  constructor(@Inject(MAIL_QUEUE) private readonly queue: Queue) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
