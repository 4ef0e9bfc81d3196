import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, launch, login } from '../src/browser';

// The newcomer path: no DATABASE_URL, no REDIS_URL, and nothing listening on
// the addresses `pnpm start` probes, so it must bring up PGlite and the
// machine's redis-server itself. The probe ports are free ports of this run
// (the machine's own Postgres and Redis keep answering on 5432 and 6379).
const ROOT = path.resolve(__dirname, '../..');
const port = Number(process.env.E2E_PORT ?? 3100) + 20;
const baseUrl = `http://localhost:${port}`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
}

let dataDir: string;
let probeEnv: Record<string, string>;
let browser: Browser;
let portal: Started | undefined;

async function startPortal(): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...probeEnv,
    PORT: String(port),
    PUBLIC_BASE_URL: baseUrl,
    SAMPLE_DMS_PORT: String(port + 1010),
    WORKER_HEALTH_PORT: String(port + 1),
    // Its own mail catcher, beside the browser tests' stack and a developer's `pnpm start`.
    MAILDEV_IP: '127.0.0.1',
    MAILDEV_SMTP_PORT: String(port + 1025),
    MAILDEV_WEB_PORT: String(port + 1080),
    PORTAL_PGLITE_DIR: path.join(dataDir, 'pglite'),
    LOG_LEVEL: 'warn',
    SAMPLE_DMS_DOCS_PER_TYPE: '30',
    NODE_ENV: 'test',
  };
  delete env.DATABASE_URL;
  delete env.APP_DATABASE_URL;
  delete env.REDIS_URL;
  delete env.SMTP_URL;
  let output = '';
  const child = spawn('node', ['scripts/start.mjs'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout?.on('data', (c) => (output += c));
  child.stderr?.on('data', (c) => (output += c));
  const deadline = Date.now() + 170_000;
  while (!output.includes('Portal ready')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the portal did not start on the embedded services:\n${output.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, output: () => output };
}

/** Ctrl+C for the whole process group, as a terminal would send it. */
async function stopPortal(started: Started): Promise<void> {
  const { child } = started;
  if (!child.pid || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid, 'SIGINT');
  const stopped = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 15_000))]);
  if (!stopped) process.kill(-child.pid, 'SIGKILL');
}

async function signInAsDistributor() {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'id-ID' });
  const page = await context.newPage();
  await login(page, DEMO.distributor.email, DEMO.distributor.password);
  const nav = page.getByRole('navigation', { name: 'Navigasi utama' });
  await expect
    .poll(() => nav.getByRole('link').allTextContents())
    .toEqual(['Integrasi & Koneksi', 'Insight', 'Dokumen', 'Data master', 'Tim', 'Akses API', 'Webhook', 'Log audit']);
  const heading = await page.getByRole('heading', { level: 1 }).textContent();
  await context.close();
  return heading;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'portal-embedded-'));
  probeEnv = { PORTAL_DEFAULT_PG_PORT: String(await freePort()), PORTAL_DEFAULT_REDIS_PORT: String(await freePort()) };
  browser = await launch();
});

afterAll(async () => {
  if (portal) await stopPortal(portal);
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('pnpm start on a machine with no database and no Redis running', () => {
  it('brings up an embedded PostgreSQL and a Redis of its own, migrates, seeds and says so', async () => {
    portal = await startPortal();
    const log = portal.output();
    expect(log).toContain(`Database … embedded PostgreSQL (PGlite) in ${path.join(dataDir, 'pglite')}`);
    expect(log).toMatch(/Redis … \S*redis-server started for this run on port \d+ \(in memory\)/);
    expect(log).toMatch(/Applying database migrations … \d+ applied/);
    expect(log).toMatch(/Loading demo data … created/);
    expect(log).toContain('distributor@demo.local / demo-distributor-123');
  });

  it('the demo distributor signs in through Chromium and sees its screen', async () => {
    expect(await signInAsDistributor()).toBe('Integrasi & Koneksi');
  });

  it('a second start keeps the data: nothing to migrate, no re-seeding, the same login works', async () => {
    if (portal) await stopPortal(portal);
    portal = await startPortal();
    const log = portal.output();
    expect(log).toContain('Applying database migrations … up to date');
    expect(log).toContain('Loading demo data … present');
    expect(await signInAsDistributor()).toBe('Integrasi & Koneksi');
  });
});
