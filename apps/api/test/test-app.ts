import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { QUEUES } from '@portal/contracts';
import { createTestDatabase, type TestDatabase } from '@portal/db/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import { createApp } from '../src/app.factory';
import { loadApiEnv } from '../src/config/env';

export interface TestApp {
  app: NestFastifyApplication;
  ownerUrl: string;
  close(): Promise<void>;
}

/**
 * The real API on its own fresh, migrated database, talking to the machine's Redis.
 * `beforeInit` sees the app before Nest registers its routes (e.g. to add an onRoute hook);
 * `logger` replaces the silent one (e.g. to collect the errors the app logs).
 */
export async function startTestApp(
  prefix: string,
  overrides: Record<string, string> = {},
  beforeInit?: (app: NestFastifyApplication) => void,
  logger: Logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
): Promise<TestApp> {
  return startTestAppOn(await createTestDatabase(prefix), overrides, beforeInit, logger);
}

/** The same on a database the test made itself (e.g. on a server it started); `close` drops it through `db.drop`. */
export async function startTestAppOn(
  db: TestDatabase,
  overrides: Record<string, string> = {},
  beforeInit?: (app: NestFastifyApplication) => void,
  logger: Logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
): Promise<TestApp> {
  const env = loadApiEnv({
    NODE_ENV: 'test',
    DATABASE_URL: db.ownerUrl,
    APP_DATABASE_URL: db.appUrl,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/5',
    DATABASE_POOL_MAX: '4',
    ...overrides,
  });
  const app = await createApp(env, logger);
  beforeInit?.(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    ownerUrl: db.ownerUrl,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/** Removes every portal queue under `prefix` with its jobs: what a suite that ran a worker leaves in Redis. */
export async function obliterateQueues(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  for (const name of Object.values(QUEUES)) {
    const queue = new Queue(name, { connection: redis, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
  }
  redis.disconnect();
}
