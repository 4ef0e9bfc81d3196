import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';

// Apps never import apps: a test that needs the worker runs it as `pnpm start`
// does, as a process of its own, and talks to it over HTTP, Redis and Postgres.
const WORKER_DIR = path.resolve(__dirname, '../../../apps/worker');

export interface WorkerProcess {
  /** Base URL of the worker's health server (/health, /metrics). */
  healthUrl: string;
  /** SIGTERM, then waits for the graceful shutdown (running jobs finish). */
  close(): Promise<void>;
}

/**
 * Starts apps/worker/src/main.ts with `env` (DATABASE_URL, REDIS_URL,
 * QUEUE_PREFIX, DMS_BASE_URL, …) on top of quiet, fast test defaults, and
 * resolves once its /health answers 200.
 */
export async function startWorkerProcess(env: Record<string, string>, opts: { timeoutMs?: number } = {}): Promise<WorkerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
    cwd: WORKER_DIR,
    // Only what the worker is given: the test runner's own DATABASE_URL etc. must not leak in.
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
      DATABASE_POOL_MAX: '4',
      SYNC_BACKOFF_MS: '50',
      SHUTDOWN_GRACE_MS: '3000',
      ...env,
      WORKER_HEALTH_PORT: String(port),
    },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    process.stderr.write(chunk);
  });
  const healthUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(child, healthUrl, opts.timeoutMs ?? 60_000, () => stderr);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return { healthUrl, close: () => stop(child) };
}

async function waitForHealth(child: ChildProcess, url: string, timeoutMs: number, stderr: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`worker exited with code ${child.exitCode} before it was healthy:\n${stderr()}`);
    const status = await fetch(`${url}/health`).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > until) throw new Error(`worker not healthy after ${timeoutMs} ms (last /health status ${status}):\n${stderr()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (typeof address !== 'object' || !address) throw new Error('no free port');
  return address.port;
}
