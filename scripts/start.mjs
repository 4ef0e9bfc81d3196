#!/usr/bin/env node
// One command from a fresh clone to a running portal: installs what is
// missing, prepares the database, seeds demo data and starts the sample DMS,
// the sample SAP, the API (serving the SPA) and the worker. `--dev` runs the
// same with hot reload and Vite's dev server; `--workers N` (or WORKERS=N)
// runs N worker processes, as a scaled deployment does. Only Node built-ins
// are used before install.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants as fsConstants, existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
/** `--workers N`, `--workers=N` or WORKERS=N: how many worker processes share the queues (each its own health port). */
function workerCount() {
  const args = process.argv.slice(2);
  const at = args.findIndex((a) => a === '--workers' || a.startsWith('--workers='));
  const given = at < 0 ? process.env.WORKERS : args[at].includes('=') ? args[at].split('=')[1] : args[at + 1];
  if (given === undefined || given === '') return 1;
  const n = Number(given);
  if (!Number.isInteger(n) || n < 1 || n > 32) {
    console.error(`--workers / WORKERS must be a whole number from 1 to 32, not "${given}"`);
    process.exit(1);
  }
  return n;
}
const workers = workerCount();
// DATABASE_URL and REDIS_URL are settled by steps 3 and 4.
const env = {
  ...process.env,
  PORT: process.env.PORT ?? '3000',
  SAMPLE_DMS_PORT: process.env.SAMPLE_DMS_PORT ?? '4010',
  SAMPLE_SAP_PORT: process.env.SAMPLE_SAP_PORT ?? '4020',
  WORKER_HEALTH_PORT: process.env.WORKER_HEALTH_PORT ?? '3001',
  TURBO_TELEMETRY_DISABLED: '1',
};
env.DMS_BASE_URL ??= `http://127.0.0.1:${env.SAMPLE_DMS_PORT}`;
env.PUBLIC_BASE_URL ??= dev ? 'http://localhost:5173' : `http://localhost:${env.PORT}`;
env.API_URL ??= `http://127.0.0.1:${env.PORT}`; // Vite's dev server proxies /api there

const color = process.stdout.isTTY ? (c, s) => `\x1b[${c}m${s}\x1b[0m` : (_c, s) => s;
const TOTAL = 7;
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

// 3. PostgreSQL: a DATABASE_URL always wins; otherwise a server on the
// default address; otherwise an embedded one (PGlite) kept in .data/pglite.
const requireFromRoot = createRequire(path.join(root, 'package.json'));
const requireFromDb = createRequire(path.join(root, 'packages/db/package.json'));
const requireFromApi = createRequire(path.join(root, 'apps/api/package.json'));
const defaultPgUrl = `postgresql://postgres@127.0.0.1:${process.env.PORTAL_DEFAULT_PG_PORT ?? '5432'}/portal`;
const defaultRedisUrl = `redis://127.0.0.1:${process.env.PORTAL_DEFAULT_REDIS_PORT ?? '6379'}`;
const pgliteDir = path.resolve(root, process.env.PORTAL_PGLITE_DIR ?? '.data/pglite');
let databaseNote = '';
let redisNote = '';
let embeddedPg = null;
let embeddedRedis = null;

/** null when the server answers, else the connection error (err.code ECONNREFUSED: nothing listens). */
async function probePostgres(databaseUrl) {
  const { Client } = requireFromDb('pg');
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return null;
  } catch (err) {
    return err;
  }
}
async function probeRedis(redisUrl) {
  const { Redis } = requireFromApi('ioredis');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (err) {
    return err;
  } finally {
    redis.disconnect();
  }
}
/** Whether anything accepts a TCP connection there (the clients' own errors do not always say). */
function listens(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port), timeout: 3000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(true); // something is there but slow: report it rather than start another
    });
    socket.once('error', () => resolve(false));
  });
}
const displayPath = (p) => (p.startsWith(root + path.sep) ? path.relative(root, p) : p);

/** PGlite in a child process of its own, serving the Postgres protocol on a free local port. */
function startEmbeddedPostgres() {
  return new Promise((resolve, reject) => {
    // stdin stays open: the server stops when this launcher goes away, however it ends.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/embedded/pglite-server.ts', `--data-dir=${pgliteDir}`], {
      cwd: path.join(root, 'packages/db'),
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let ready = false;
    const timer = setTimeout(() => reject(new Error(`no answer within 60 s\n${out}`)), 60_000);
    child.stderr.on('data', (c) => {
      if (ready) process.stderr.write(`${color('36', 'db'.padEnd(6))} ${c}`);
      else out += c;
    });
    child.stdout.on('data', (c) => {
      out += c;
      const line = !ready && /ready (\{.*\})/.exec(out);
      if (line) {
        ready = true;
        clearTimeout(timer);
        resolve({ child, port: JSON.parse(line[1]).port });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code})\n${out}`));
    });
  });
}

function findRedisServer() {
  if (process.env.REDISMS_SYSTEM_BINARY) return process.env.REDISMS_SYSTEM_BINARY;
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/bin', '/opt/homebrew/bin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, 'redis-server');
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      /* not in this directory */
    }
  }
  return null;
}

step('Database');
if (process.env.DATABASE_URL) {
  const err = await probePostgres(env.DATABASE_URL);
  const host = new URL(env.DATABASE_URL).host;
  if (err)
    fail(
      `PostgreSQL does not answer at ${host} (DATABASE_URL: ${err.message})`,
      'start that server, correct DATABASE_URL, or unset it to use the embedded database.',
    );
  databaseNote = `PostgreSQL server at ${host}${new URL(env.DATABASE_URL).pathname} (DATABASE_URL)`;
} else {
  const err = (await listens(defaultPgUrl)) ? await probePostgres(defaultPgUrl) : 'nothing listens';
  if (!err) {
    env.DATABASE_URL = defaultPgUrl;
    databaseNote = `PostgreSQL server at ${new URL(defaultPgUrl).host}/portal`;
  } else if (err === 'nothing listens') {
    try {
      embeddedPg = await startEmbeddedPostgres();
    } catch (startErr) {
      fail(
        'the embedded PostgreSQL (PGlite) did not start',
        `if another portal uses ${displayPath(pgliteDir)}, stop it; otherwise delete that folder to start with a fresh database, or set DATABASE_URL.`,
        startErr.message,
      );
    }
    // PGlite is one database: the name in the URL is ignored, `postgres` says so honestly.
    env.DATABASE_URL = `postgresql://postgres@127.0.0.1:${embeddedPg.port}/postgres`;
    databaseNote = `embedded PostgreSQL (PGlite) in ${displayPath(pgliteDir)}, port ${embeddedPg.port}`;
  } else {
    fail(
      `PostgreSQL at ${new URL(defaultPgUrl).host} refused the connection (${err.message})`,
      'set DATABASE_URL to a user and password that may connect (e.g. postgresql://USER:PASSWORD@127.0.0.1:5432/portal).',
    );
  }
}
done(databaseNote);

// 4. Redis: a REDIS_URL always wins; otherwise a server on the default
// address; otherwise the machine's redis-server, started for this run only.
step('Redis');
if (process.env.REDIS_URL) {
  const err = await probeRedis(env.REDIS_URL);
  if (err)
    fail(
      `Redis does not answer at ${new URL(env.REDIS_URL).host} (REDIS_URL: ${err.message})`,
      'start that server, correct REDIS_URL, or unset it to use a Redis started for this run.',
    );
  redisNote = `Redis at ${new URL(env.REDIS_URL).host} (REDIS_URL)`;
} else {
  const err = (await listens(defaultRedisUrl)) ? await probeRedis(defaultRedisUrl) : 'nothing listens';
  if (!err) {
    env.REDIS_URL = defaultRedisUrl;
    redisNote = `Redis at ${new URL(defaultRedisUrl).host}`;
  } else if (err === 'nothing listens') {
    const binary = findRedisServer();
    if (binary && process.env.REDISMS_SYSTEM_BINARY && !existsSync(binary)) {
      fail(`REDISMS_SYSTEM_BINARY names ${binary}, which does not exist`, 'point it at redis-server (e.g. /usr/bin/redis-server), or unset it.');
    }
    if (!binary) {
      fail(
        'Redis is not running and no redis-server program was found',
        'install it (Debian/Ubuntu: `sudo apt-get install -y redis-server`; macOS: `brew install redis`), or run `docker compose up -d redis`, or set REDIS_URL.',
      );
    }
    try {
      const { RedisMemoryServer } = requireFromRoot('redis-memory-server');
      // BullMQ needs noeviction: an evicted job key would be lost silently.
      embeddedRedis = await RedisMemoryServer.create({
        binary: { systemBinary: binary },
        instance: { ip: '127.0.0.1', args: ['--maxmemory-policy', 'noeviction'] },
      });
    } catch (startErr) {
      fail(`${binary} did not start`, 'run it by hand to see why, or set REDIS_URL to a running Redis.', startErr.message);
    }
    env.REDIS_URL = `redis://127.0.0.1:${await embeddedRedis.getPort()}`;
    redisNote = `${binary} started for this run on port ${await embeddedRedis.getPort()} (in memory)`;
  } else {
    fail(
      `Redis at ${new URL(defaultRedisUrl).host} refused the connection (${err.message})`,
      'set REDIS_URL with the password it needs (redis://:PASSWORD@127.0.0.1:6379).',
    );
  }
}
done(redisNote);

// 5. migrations (creates the database and the application role when missing)
/**
 * Migrations on disk that the database has not recorded as applied, read
 * straight from Prisma's table so an unchanged checkout skips loading the
 * schema engine. null when it cannot tell (no database or table yet): the
 * full migrate then runs and reports any real error itself.
 */
async function pendingMigrations() {
  const dir = path.join(root, 'prisma/migrations');
  const onDisk = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name);
  const { Client } = requireFromDb('pg');
  const client = new Client({ connectionString: env.DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query('select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null');
    const applied = new Set(rows.map((r) => r.migration_name));
    return onDisk.filter((name) => !applied.has(name));
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

step('Applying database migrations');
if ((await pendingMigrations())?.length === 0) {
  done('up to date');
} else {
  const r = run('pnpm', ['--silent', 'db:migrate']);
  if (r.status !== 0) fail('migrations failed', 'read the error above; a half-applied migration must be fixed before the next start.', r.stdout + r.stderr);
  const applied = /applied (\d+)/.exec(r.stdout)?.[1];
  done(applied && applied !== '0' ? `${applied} applied` : 'up to date');
}

// 6. demo data (idempotent)
step('Loading demo data');
{
  const r = run('pnpm', ['--silent', 'db:seed']);
  if (r.status !== 0) fail('seeding demo data failed', 'read the error above.', r.stdout + r.stderr);
  done(r.stdout.includes('created') ? 'created' : 'present');
}

// 7. services
const workerNoun = workers > 1 ? `${workers} workers` : 'worker';
step(dev ? `Starting sample DMS, sample SAP, API, ${workerNoun} and Vite` : `Building the web app and starting sample DMS, sample SAP, API and ${workerNoun}`);
if (!dev) {
  const dist = path.join(root, 'apps/web/dist/index.html');
  const newest = (dir) =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, d) => {
      const p = path.join(dir, d.name);
      return Math.max(m, d.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }, 0);
  const web = (p) => path.join(root, 'apps/web', p);
  // The build's inputs: sources, static files, and the config that splits and precompresses the bundle.
  const inputs = [
    newest(web('src')),
    newest(web('public')),
    newest(path.join(root, 'packages/contracts/src')),
    ...['index.html', 'vite.config.ts'].map((f) => statSync(web(f)).mtimeMs),
  ];
  if (!existsSync(dist) || Math.max(...inputs) > statSync(dist).mtimeMs) {
    // Always React's production build: NODE_ENV=test (the browser tests) or development would make Vite bundle the development one.
    const r = run('pnpm', ['--filter', '@portal/web', 'build'], { env: { ...env, NODE_ENV: 'production' } });
    if (r.status !== 0) fail('building the web app failed', 'run `pnpm --filter @portal/web build` to see the error.', r.stdout + r.stderr);
  }
}

const children = [];
// Until the portal is up, the services' log lines are held back so the
// progress stays readable; they are printed after it (or before a failure).
let held = [];
function flushHeld() {
  if (held) for (const line of held) process.stdout.write(line);
  held = null;
}
// Log prefixes line up: `worker-2` is the longest name with several workers.
const NAME_WIDTH = workers > 1 ? 8 : 6;
// `runAlone`: how to run the service by hand, named when it fails (pnpm scripts by default).
function startChild(name, args, colorCode, childEnv = env, { command = 'pnpm', runAlone = `pnpm --filter ${args[1]} ${args[2]}` } = {}) {
  const child = spawn(command, command === 'pnpm' ? ['--silent', ...args] : args, { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = color(colorCode, name.padEnd(NAME_WIDTH));
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream.on('data', (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = `${prefix} ${buf.slice(0, i)}\n`;
        if (held) held.push(line);
        else process.stdout.write(line);
        buf = buf.slice(i + 1);
      }
    });
  }
  child.on('exit', (code, signal) => {
    if (shuttingDown) return;
    if (held) {
      process.stdout.write(`${color('31', 'failed')}\n\n`);
      flushHeld();
      console.error(color('31', `\n✖ ${name} stopped while starting (${signal ?? code})`));
      console.error(`\n${color('33', 'How to fix:')} read its log lines above; \`${runAlone}\` runs it alone.`);
    } else {
      console.error(color('31', `${name} exited (${signal ?? code}); stopping the portal.`));
    }
    shutdown(1);
  });
  children.push(child);
  return child;
}
let shuttingDown = false;
function shutdown(code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  const exited = (c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.on('exit', r)));
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 8000).unref();
  // The databases go last, once nothing writes to them; PGlite closes its folder cleanly.
  Promise.all(children.map(exited))
    .then(async () => {
      if (embeddedPg) {
        embeddedPg.child.kill('SIGTERM');
        await exited(embeddedPg.child);
      }
      await embeddedRedis?.stop();
    })
    .then(() => process.exit(code));
}
embeddedPg?.child.on('exit', (code, signal) => {
  if (!shuttingDown) {
    console.error(color('31', `the embedded PostgreSQL exited (${signal ?? code}); stopping the portal.`));
    shutdown(1);
  }
});
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

// The local mail catcher (issue 11): every email the portal sends lands in its
// web inbox, unless SMTP_URL names a real mail server. Bound to loopback: the
// inbox holds password reset and invite links.
let mailNote = `SMTP_URL (${process.env.SMTP_URL ? new URL(process.env.SMTP_URL).host : ''})`;
if (!process.env.SMTP_URL) {
  const ip = env.MAILDEV_IP ?? '127.0.0.1';
  const smtpPort = env.MAILDEV_SMTP_PORT ?? '1025';
  const webPort = env.MAILDEV_WEB_PORT ?? '1080';
  for (const port of [smtpPort, webPort]) {
    if (await listens(`http://${ip}:${port}`)) {
      fail(
        `port ${port} on ${ip} is taken, so the mail catcher cannot start`,
        "stop what uses it (another portal's catcher?), set MAILDEV_SMTP_PORT / MAILDEV_WEB_PORT to free ports, or set SMTP_URL to a mail server.",
      );
    }
  }
  const maildev = path.join(root, 'packages/testing/node_modules/maildev/bin/maildev');
  startChild('mail', [maildev, '--smtp', smtpPort, '--web', webPort, '--ip', ip], '90', env, {
    command: process.execPath,
    runAlone: `node ${path.relative(root, maildev)} --smtp ${smtpPort} --web ${webPort} --ip ${ip}`,
  });
  env.SMTP_URL = `smtp://${ip}:${smtpPort}`;
  mailNote = `${color('4', `http://${ip}:${webPort}`)}  (mail catcher inbox; SMTP ${ip}:${smtpPort})`;
}

const mode = dev ? 'dev' : 'start';
startChild('dms', ['--filter', '@portal/sample-dms', mode], '35');
startChild('sap', ['--filter', '@portal/sample-sap', mode], '36');
startChild('api', ['--filter', '@portal/api', mode], '34');
// Each worker binds its own health and metrics port, counting up from WORKER_HEALTH_PORT.
const workerPorts = Array.from({ length: workers }, (_, i) => Number(env.WORKER_HEALTH_PORT) + i);
for (const [i, port] of workerPorts.entries()) {
  startChild(workers > 1 ? `worker-${i + 1}` : 'worker', ['--filter', '@portal/worker', mode], '33', { ...env, WORKER_HEALTH_PORT: String(port) });
}
if (dev) startChild('web', ['--filter', '@portal/web', 'dev'], '32');

// Ready when the API's and every worker's health endpoints answer.
const awaited = [
  { what: 'the API', url: `http://127.0.0.1:${env.PORT}/api/health`, pkg: '@portal/api' },
  ...workerPorts.map((p) => ({ what: `the worker on port ${p}`, url: `http://127.0.0.1:${p}/health`, pkg: '@portal/worker' })),
];
const deadline = Date.now() + 120_000;
while (!shuttingDown && awaited.length) {
  const ok = await fetch(awaited[0].url).then(
    (res) => res.ok,
    () => false,
  );
  if (ok) {
    awaited.shift();
    continue;
  }
  if (Date.now() > deadline) {
    const { what, url, pkg } = awaited[0];
    process.stdout.write(`${color('31', 'failed')}\n\n`);
    flushHeld();
    console.error(color('31', `\n✖ ${what} did not answer at ${url} within 2 minutes`));
    console.error(`\n${color('33', 'How to fix:')} read the log lines above; \`pnpm --filter ${pkg} ${mode}\` runs it alone.`);
    shutdown(1);
    break;
  }
  await new Promise((r) => setTimeout(r, 300));
}
if (shuttingDown) await new Promise(() => {}); // shutdown() exits the process
done('running');

const adminEmail = env.ADMIN_EMAIL ?? 'admin@portal.local';
const adminPassword = env.ADMIN_EMAIL ? '(your ADMIN_PASSWORD)' : 'admin-portal-123';
console.log(`
${color('1', `Portal ready in ${((performance.now() - t0) / 1000).toFixed(1)} s:`)} ${color('4', env.PUBLIC_BASE_URL)}
  API docs      ${env.PUBLIC_BASE_URL.replace(/:\d+$/, `:${env.PORT}`)}/api/docs
  Sample DMS    ${env.DMS_BASE_URL}  (AccessKey 446-bebaspakaivalueapapun)
  Sample SAP    http://127.0.0.1:${env.SAMPLE_SAP_PORT}
    S/4HANA       client 100: PORTAL_COMM_100 / Sap#Demo100, or OAuth client PORTAL_CLIENT_100 / Sap#Secret100
                  (token URL http://127.0.0.1:${env.SAMPLE_SAP_PORT}/sap/bc/sec/oauth2/token?sap-client=100)
                  client 200 (older release): PORTAL_COMM_200 / Sap#Demo200
    Business One  company SBODEMOID: manager / B1#Demo1
  Workers       ${workers} process${workers > 1 ? 'es' : ''}, health and metrics at ${workerPorts.map((p) => `http://127.0.0.1:${p}/health`).join(', ')}
  Database      ${databaseNote}
  Redis         ${redisNote}
  Mail          ${mailNote}

  Demo logins
    Distributor   distributor@demo.local / demo-distributor-123
    Principal     principal@demo.local   / demo-principal-123
    Admin         ${adminEmail} / ${adminPassword}

Press Ctrl+C to stop.
`);
flushHeld();
