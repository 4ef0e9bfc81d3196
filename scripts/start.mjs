#!/usr/bin/env node
// One command from a fresh clone to a running portal: installs what is
// missing, prepares the database, seeds demo data and starts the sample DMS,
// the API (serving the SPA) and the worker. `--dev` runs the same with hot
// reload and Vite's dev server. Only Node built-ins are used before install.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/portal',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  PORT: process.env.PORT ?? '3000',
  SAMPLE_DMS_PORT: process.env.SAMPLE_DMS_PORT ?? '4010',
  TURBO_TELEMETRY_DISABLED: '1',
};
env.DMS_BASE_URL ??= `http://127.0.0.1:${env.SAMPLE_DMS_PORT}`;
env.PUBLIC_BASE_URL ??= dev ? 'http://localhost:5173' : `http://localhost:${env.PORT}`;

const color = process.stdout.isTTY ? (c, s) => `\x1b[${c}m${s}\x1b[0m` : (_c, s) => s;
const TOTAL = 6;
let stepNo = 0;
let stepStarted = 0;
function step(title) {
  stepNo += 1;
  stepStarted = performance.now();
  process.stdout.write(`${color('36', `[${stepNo}/${TOTAL}]`)} ${title} … `);
}
function done(note = 'ok') {
  const ms = Math.round(performance.now() - stepStarted);
  process.stdout.write(`${color('32', note)} ${color('2', `(${ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`})`)}\n`);
}
function fail(what, fix, detail) {
  process.stdout.write(`${color('31', 'failed')}\n\n${color('31', `✖ ${what}`)}\n`);
  if (detail) process.stdout.write(`${String(detail).trim().split('\n').slice(-15).join('\n')}\n`);
  process.stdout.write(`\n${color('33', 'How to fix:')} ${fix}\n`);
  process.exit(1);
}
function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { cwd: root, env, encoding: 'utf8', ...opts });
}

const t0 = performance.now();
console.log(color('1', `FMCG data-sharing portal — ${dev ? 'development (hot reload)' : 'start'}\n`));

// 1. pnpm
step('Checking tools (Node, pnpm)');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) fail(`Node ${process.versions.node} is too old`, 'install Node.js 20.19 or newer (https://nodejs.org).');
if (run('pnpm', ['--version']).status !== 0) {
  const r = run('npm', ['install', '-g', 'pnpm@12']);
  if (r.status !== 0) fail('pnpm is not installed and could not be installed', 'run `npm install -g pnpm` and start again.', r.stderr);
}
done(`node ${process.versions.node}, pnpm ${run('pnpm', ['--version']).stdout.trim()}`);

// 2. dependencies: skipped when the install is newer than the lockfile.
step('Installing dependencies');
const marker = path.join(root, 'node_modules/.modules.yaml');
const lock = path.join(root, 'pnpm-lock.yaml');
if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs && existsSync(path.join(root, 'packages/db/src/generated'))) {
  done('up to date');
} else {
  const r = run('pnpm', ['install', '--frozen-lockfile']);
  if (r.status !== 0) fail('pnpm install failed', 'check your network access to the npm registry, then run `pnpm install`.', r.stdout + r.stderr);
  done('installed');
}

// 3. Postgres and Redis must answer before anything else starts.
step('Checking PostgreSQL and Redis');
const requireFromDb = createRequire(path.join(root, 'packages/db/package.json'));
const requireFromApi = createRequire(path.join(root, 'apps/api/package.json'));
{
  const { Client } = requireFromDb('pg');
  const url = new URL(env.DATABASE_URL);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
  } catch (err) {
    fail(
      `PostgreSQL does not answer at ${url.host} (${err.message})`,
      'start it with `docker compose up -d postgres`, or install it (Debian/Ubuntu: `sudo apt-get install -y postgresql`; macOS: `brew install postgresql@16`), or set DATABASE_URL.',
    );
  }
  const { Redis } = requireFromApi('ioredis');
  const redis = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    redis.disconnect();
  } catch (err) {
    fail(
      `Redis does not answer at ${new URL(env.REDIS_URL).host} (${err.message})`,
      'start it with `docker compose up -d redis`, or install it (Debian/Ubuntu: `sudo apt-get install -y redis-server`; macOS: `brew install redis`), or set REDIS_URL.',
    );
  }
}
done(`${new URL(env.DATABASE_URL).host}${new URL(env.DATABASE_URL).pathname}, ${new URL(env.REDIS_URL).host}`);

// 4. migrations (creates the database and the application role when missing)
step('Applying database migrations');
{
  const r = run('pnpm', ['--silent', 'db:migrate']);
  if (r.status !== 0) fail('migrations failed', 'read the error above; a half-applied migration must be fixed before the next start.', r.stdout + r.stderr);
  const applied = /applied (\d+)/.exec(r.stdout)?.[1];
  done(applied && applied !== '0' ? `${applied} applied` : 'up to date');
}

// 5. demo data (idempotent)
step('Loading demo data');
{
  const r = run('pnpm', ['--silent', 'db:seed']);
  if (r.status !== 0) fail('seeding demo data failed', 'read the error above.', r.stdout + r.stderr);
  done(r.stdout.includes('created') ? 'created' : 'present');
}

// 6. services
step(dev ? 'Starting sample DMS, API, worker and Vite' : 'Building the web app and starting sample DMS, API and worker');
if (!dev) {
  const dist = path.join(root, 'apps/web/dist/index.html');
  const newest = (dir) =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, d) => {
      const p = path.join(dir, d.name);
      return Math.max(m, d.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }, 0);
  const webSrc = path.join(root, 'apps/web/src');
  const contractsSrc = path.join(root, 'packages/contracts/src');
  if (!existsSync(dist) || Math.max(newest(webSrc), newest(contractsSrc)) > statSync(dist).mtimeMs) {
    const r = run('pnpm', ['--filter', '@portal/web', 'build']);
    if (r.status !== 0) fail('building the web app failed', 'run `pnpm --filter @portal/web build` to see the error.', r.stdout + r.stderr);
  }
}

const children = [];
function startChild(name, args, colorCode) {
  const child = spawn('pnpm', args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = color(colorCode, name.padEnd(6));
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream.on('data', (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        process.stdout.write(`${prefix} ${buf.slice(0, i)}\n`);
        buf = buf.slice(i + 1);
      }
    });
  }
  child.on('exit', (code, signal) => {
    if (!shuttingDown) {
      console.error(color('31', `${name} exited (${signal ?? code}); stopping the portal.`));
      shutdown(1);
    }
  });
  children.push(child);
  return child;
}
let shuttingDown = false;
function shutdown(code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.on('exit', r))))).then(() => process.exit(code));
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

const mode = dev ? 'dev' : 'start';
startChild('dms', ['--filter', '@portal/sample-dms', mode], '35');
startChild('api', ['--filter', '@portal/api', mode], '34');
startChild('worker', ['--filter', '@portal/worker', mode], '33');
if (dev) startChild('web', ['--filter', '@portal/web', 'dev'], '32');

// Ready when the API's health endpoint answers.
const healthUrl = `http://127.0.0.1:${env.PORT}/api/health`;
const deadline = Date.now() + 120_000;
for (;;) {
  try {
    const res = await fetch(healthUrl);
    if (res.ok) break;
  } catch {
    /* not up yet */
  }
  if (Date.now() > deadline) {
    console.error(color('31', `\nThe API did not become healthy at ${healthUrl} within 2 minutes; see its log lines above.`));
    shutdown(1);
    break;
  }
  await new Promise((r) => setTimeout(r, 300));
}
done('running');

const adminEmail = env.ADMIN_EMAIL ?? 'admin@portal.local';
const adminPassword = env.ADMIN_EMAIL ? '(your ADMIN_PASSWORD)' : 'admin-portal-123';
console.log(`
${color('1', `Portal ready in ${((performance.now() - t0) / 1000).toFixed(1)} s:`)} ${color('4', env.PUBLIC_BASE_URL)}
  API docs      ${env.PUBLIC_BASE_URL.replace(/:\d+$/, `:${env.PORT}`)}/api/docs
  Sample DMS    ${env.DMS_BASE_URL}  (AccessKey 446-bebaspakaivalueapapun)

  Demo logins
    Distributor   distributor@demo.local / demo-distributor-123
    Principal     principal@demo.local   / demo-principal-123
    Admin         ${adminEmail} / ${adminPassword}

Press Ctrl+C to stop.
`);
