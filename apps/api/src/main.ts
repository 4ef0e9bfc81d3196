import 'reflect-metadata';
import { assertSafeDatabaseRole, appDatabaseUrl, createPrismaClient, type ReadReplica } from '@portal/db';
import pino from 'pino';
import { createApp } from './app.factory';
import { loadApiEnv } from './config/env';
import { READ_REPLICA } from './infra/database.module';

async function main() {
  const env = loadApiEnv();
  const logger = pino({ level: env.LOG_LEVEL, base: { service: 'api' } });

  // Refuse to serve tenant data through a role that could bypass row-level security.
  const probe = createPrismaClient(env.APP_DATABASE_URL ?? appDatabaseUrl(env.DATABASE_URL), { poolMax: 1 });
  try {
    await assertSafeDatabaseRole(probe);
  } finally {
    await probe.$disconnect();
  }

  const app = await createApp(env, logger);
  // The replica's role passes the same check; an unreachable replica is not a reason to refuse to start.
  const replica = app.get<ReadReplica | null>(READ_REPLICA);
  if (replica && !(await replica.verify())) logger.warn('the read replica (DATABASE_READ_URL) is unreachable; reads use the primary until it answers');
  await app.listen({ port: env.PORT, host: env.HOST });
  logger.info({ url: env.PUBLIC_BASE_URL, port: env.PORT }, 'API listening');
}

main().catch((err: unknown) => {
  // One readable line for configuration and connectivity problems, not a stack dump.
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`API failed to start: ${message}\n`);
  process.exit(1);
});
