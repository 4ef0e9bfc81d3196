import { SecretBox } from '@portal/crypto';
import { appDatabaseUrl, assertSafeDatabaseRole, createPrismaClient, TenantDb } from '@portal/db';
import pino from 'pino';
import { loadWorkerEnv } from './env';
import { createWorkerRedis, warnUnlessNoEviction } from './infra/redis';
import { SyncHandler } from './jobs/sync.handler';
import { ConsolidationService } from './sync/consolidation.service';
import { OrgSlots } from './sync/org-slots';
import { OutboxRelay } from './sync/outbox-relay';
import { Queue } from 'bullmq';
import { QUEUES } from '@portal/contracts';
import { startWorker } from './worker';

async function main() {
  const env = loadWorkerEnv();
  const logger = pino({ level: env.LOG_LEVEL, base: { service: 'worker' } });

  const prisma = createPrismaClient(env.APP_DATABASE_URL ?? appDatabaseUrl(env.DATABASE_URL), { poolMax: env.DATABASE_POOL_MAX });
  await assertSafeDatabaseRole(prisma);
  const db = new TenantDb(prisma);

  const redis = createWorkerRedis(env.REDIS_URL);
  await redis.ping();
  await warnUnlessNoEviction(redis, logger);

  const consolidation = new ConsolidationService(db, SecretBox.fromConfig(env.ENCRYPTION_KEYS), { dmsBaseUrl: env.DMS_BASE_URL, pageSize: env.SYNC_PAGE_SIZE }, logger);
  const slots = new OrgSlots(redis, env.SYNC_ORG_CONCURRENCY);
  const running = await startWorker({ env, logger, redis, handlers: [new SyncHandler(consolidation, slots, logger)] });
  const syncQueue = new Queue(QUEUES.sync, { connection: redis });
  const relay = new OutboxRelay(db, syncQueue, logger, { intervalMs: env.OUTBOX_RELAY_INTERVAL_MS, graceMs: 3_000 });
  relay.start();
  logger.info({ healthPort: env.WORKER_HEALTH_PORT, concurrency: env.SYNC_CONCURRENCY }, 'worker ready');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    relay.stop();
    await running.close();
    await syncQueue.close();
    redis.disconnect();
    await prisma.$disconnect();
    logger.info('worker stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Worker failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
