import path from 'node:path';
import { type AppProcess, freePort, spawnApp } from './child-process';

// Apps never import apps: a test that needs the worker runs it as `pnpm start`
// does, as a process of its own, and talks to it over HTTP, Redis and Postgres.
const WORKER_DIR = path.resolve(__dirname, '../../../apps/worker');

export interface WorkerProcess extends AppProcess {
  /** Base URL of the worker's health server (/health, /metrics). */
  healthUrl: string;
}

/**
 * Starts apps/worker/src/main.ts with `env` (DATABASE_URL, REDIS_URL,
 * QUEUE_PREFIX, DMS_BASE_URL, …) on top of quiet, fast test defaults, and
 * resolves once its /health answers 200.
 */
export async function startWorkerProcess(env: Record<string, string>, opts: { timeoutMs?: number } = {}): Promise<WorkerProcess> {
  const port = await freePort();
  const healthUrl = `http://127.0.0.1:${port}`;
  const { process: worker } = await spawnApp(
    'worker',
    WORKER_DIR,
    {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
      DATABASE_POOL_MAX: '4',
      SYNC_BACKOFF_MS: '50',
      SHUTDOWN_GRACE_MS: '3000',
      ...env,
      WORKER_HEALTH_PORT: String(port),
    },
    `${healthUrl}/health`,
    opts.timeoutMs ?? 60_000,
  );
  return { ...worker, healthUrl };
}
