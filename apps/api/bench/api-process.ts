import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createPrismaClient } from '@portal/db';
import { freePort } from '@portal/testing';

const API_DIR = path.resolve(__dirname, '..');

export interface RunningApi {
  url: string;
  /** The origin the API takes as its own (PUBLIC_BASE_URL): login's CSRF check wants it as Origin. */
  origin: string;
  /** Lines the API logged at level error or above while it ran. */
  loggedErrors(): string[];
  stop(): Promise<void>;
}

export interface ApiOptions {
  label: string;
  ownerUrl: string;
  /** The application connection: the restricted role, or a superuser for the RLS-bypass reference. */
  appUrl: string;
  bypassRls: boolean;
  redisUrl: string;
}

/**
 * The real API as `pnpm --filter @portal/api start` runs it (transpiled on
 * the fly), in a child process on a port of its own. Configured as in
 * production except NODE_ENV (which here only picks development defaults, all
 * given explicitly), and only warnings and errors logged so the numbers
 * are the requests', not the terminal's.
 */
export async function startApi(opts: ApiOptions): Promise<RunningApi> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: origin,
    DATABASE_URL: opts.ownerUrl,
    APP_DATABASE_URL: opts.appUrl,
    REDIS_URL: opts.redisUrl,
    QUEUE_PREFIX: 'bench-api',
    SESSION_SECRET: 'bench-api-session-secret-0123456789abcdef',
    ENCRYPTION_KEYS: 'bench:YmVuY2gtYXBpLWVuY3J5cHRpb24ta2V5LTMyYnl0ZXM=',
    // 32 sessions sign in from one address within seconds.
    LOGIN_RATE_LIMIT_MAX: '1000',
    LOGIN_ADDRESS_RATE_LIMIT_MAX: '1000',
    LOGIN_ACCOUNT_RATE_LIMIT_MAX: '1000',
    UNSAFE_BYPASS_RLS_FOR_BENCHMARK: opts.bypassRls ? '1' : '',
  };
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], { cwd: API_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const errors: string[] = [];
  let stderr = '';
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      // pino: error is 50, fatal 60.
      if (/"level":(50|60)/.test(line)) errors.push(line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    collect(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitHealthy(`${origin}/api/health`, child, () => stderr, opts.label);
  return {
    url: origin,
    origin,
    loggedErrors: () => [...errors],
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

async function waitHealthy(url: string, child: ChildProcess, stderr: () => string, label: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the ${label} API exited (${child.exitCode}):\n${stderr()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  child.kill('SIGKILL');
  throw new Error(`the ${label} API did not become healthy within 90 s:\n${stderr()}`);
}

/** Signs in through the real login route, as the SPA does (JSON, its own Origin), and answers the session cookie. */
export async function login(api: RunningApi, email: string, password: string): Promise<string> {
  const res = await fetch(`${api.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: api.origin },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login of ${email} answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  if (!cookie) throw new Error(`login of ${email} set no cookie`);
  return cookie;
}

/**
 * Waits until the API has worked off what an ended run left queued (health's
 * `select 1` queues behind it in the pool). With `ownerUrl`, also until the
 * database runs no client statement (at most 2 minutes): requests a run gave
 * up on still run in the API, and would otherwise be measured as the next
 * run's load.
 */
export async function drain(api: RunningApi, ownerUrl?: string): Promise<void> {
  await fetch(`${api.url}/api/health`).catch(() => undefined);
  if (!ownerUrl) return;
  const owner = createPrismaClient(ownerUrl, { poolMax: 1 });
  try {
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
      const [row] = await owner.$queryRawUnsafe<{ n: number }[]>(
        `select count(*)::int as n from pg_stat_activity
          where datname = current_database() and backend_type = 'client backend' and state = 'active' and pid <> pg_backend_pid()`,
      );
      if (!row?.n) return;
    }
  } finally {
    await owner.$disconnect();
  }
}
