import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { QUEUES } from '@portal/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';
import { REDIS } from '../../infra/redis.module';
import { WEBHOOKS_QUEUE, WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';

/** The organisation's webhook endpoints and their delivery history (issue 12); the worker fans out and delivers. */
@Module({
  controllers: [WebhooksController],
  providers: [
    {
      provide: WEBHOOKS_QUEUE,
      inject: [REDIS, API_ENV],
      useFactory: (redis: Redis, env: ApiEnv) => new Queue(QUEUES.webhooks, { connection: redis, prefix: env.QUEUE_PREFIX }),
    },
    WebhooksRepository,
    WebhookEndpointsService,
    WebhookDeliveriesService,
  ],
  exports: [WebhookEndpointsService],
})
export class WebhooksModule implements OnApplicationShutdown {
  constructor(@Inject(WEBHOOKS_QUEUE) private readonly queue: Queue) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
