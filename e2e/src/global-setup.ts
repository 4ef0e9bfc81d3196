import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

const ROOT = path.resolve(__dirname, '../..');
const SERVER = 'postgresql://postgres@127.0.0.1:5432';

/** Starts the portal exactly as `pnpm start` does, on ports and a database of its own. */
export default async function setup(project: TestProject) {
  const db = `portal_e2e_${randomBytes(3).toString('hex')}`;
  const port = Number(process.env.E2E_PORT ?? 3100);
  // The mail catcher of this run alone, never a developer's `pnpm start` one (1025/1080) nor a real server.
  const mailSmtpPort = port + 1025;
  const mailWebPort = port + 1080;
  const { SMTP_URL: _realMailServer, ...inherited } = process.env;
  const env = {
    ...inherited,
    DATABASE_URL: `${SERVER}/${db}`,
    REDIS_URL: process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379/7',
    PORT: String(port),
    PUBLIC_BASE_URL: `http://localhost:${port}`,
    SAMPLE_DMS_PORT: String(port + 1010),
    SAMPLE_SAP_PORT: String(port + 1020),
    WORKER_HEALTH_PORT: String(port + 1),
    MAILDEV_IP: '127.0.0.1',
    MAILDEV_SMTP_PORT: String(mailSmtpPort),
    MAILDEV_WEB_PORT: String(mailWebPort),
    LOG_LEVEL: 'warn',
    SAMPLE_DMS_DOCS_PER_TYPE: '30',
    // Failed sync attempts retry after 200 ms, 400 ms, … instead of 2 s, 4 s, …
    SYNC_BACKOFF_MS: '200',
    // The webhooks test's receiver listens on 127.0.0.1 over plain http (the default outside production, said here so it stays so).
    OUTBOUND_ALLOW_PRIVATE: 'true',
    NODE_ENV: 'test',
  };
  let output = '';
  const child: ChildProcess = spawn('node', ['scripts/start.mjs'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout?.on('data', (c) => (output += c));
  child.stderr?.on('data', (c) => (output += c));
  const deadline = Date.now() + 170_000;
  while (!output.includes('Portal ready')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the portal did not start for the browser tests:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  project.provide('baseUrl', `http://localhost:${port}`);
  project.provide('dmsUrl', `http://127.0.0.1:${port + 1010}`);
  project.provide('sapUrl', `http://127.0.0.1:${port + 1020}`);
  project.provide('mailUrl', `http://127.0.0.1:${mailWebPort}`);
  project.provide('databaseUrl', env.DATABASE_URL);
  return async () => {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 2500));
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    const c = new pg.Client({ connectionString: `${SERVER}/postgres` });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    await c.end();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    dmsUrl: string;
    /** The sample SAP that `pnpm start` runs beside the sample DMS (S/4HANA and Business One). */
    sapUrl: string;
    /** The mail catcher's web inbox and REST API (maildev), where every mail the portal sends lands. */
    mailUrl: string;
    /** The run's own database (owner role), for tests that set up rows no screen makes yet (e.g. notifications). */
    databaseUrl: string;
  }
}
