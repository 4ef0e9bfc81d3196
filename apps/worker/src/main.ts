import pino from 'pino';
import { bootWorker } from './app';
import { loadWorkerEnv } from './env';

async function main() {
  const env = loadWorkerEnv();
  const logger = pino({ level: env.LOG_LEVEL, base: { service: 'worker' } });
  const app = await bootWorker(env, logger);
  logger.info(
    {
      healthPort: env.WORKER_HEALTH_PORT,
      concurrency: env.SYNC_CONCURRENCY,
      orgConcurrency: env.SYNC_ORG_CONCURRENCY,
      intervalMinutes: env.SYNC_INTERVAL_MINUTES,
    },
    'worker ready',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await app.close();
    logger.info('worker stopped');
    process.exit(0);
  };
  const onSignal = (signal: string) =>
    shutdown(signal).catch((err: unknown) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  process.on('SIGTERM', () => void onSignal('SIGTERM'));
  process.on('SIGINT', () => void onSignal('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Worker failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
