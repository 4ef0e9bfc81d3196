// Embedded PostgreSQL for machines without a Postgres server: PGlite (Postgres
// compiled to WebAssembly) persisted in a folder, served over the Postgres
// wire protocol so every process uses the ordinary `pg` adapter.
//
//   tsx src/embedded/pglite-server.ts --data-dir=DIR [--port=0] [--host=127.0.0.1]
//
// DIR "memory://" keeps everything in memory (tests). Prints one line
// `ready {"port":N}` once it listens. Stops cleanly on SIGTERM/SIGINT and when
// its parent goes away (stdin closes), so a killed launcher never leaves the
// data folder open.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Extension, PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';
import { MIGRATIONS_DIR } from '../migrate/schema-engine';
import { SessionQueue } from './session-queue';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});
const dataDir = values['data-dir'];
if (!dataDir) throw new Error('--data-dir is required (a folder, or memory://)');
const inMemory = dataDir.startsWith('memory://');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** PGlite has no postmaster lock: two processes on one folder would corrupt it. */
function lockDataDir(dir: string): () => void {
  mkdirSync(path.dirname(dir), { recursive: true });
  const lockFile = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(lockFile, 'utf8'));
      if (holder && isAlive(holder)) throw new Error(`${dir} is in use by another embedded PostgreSQL (pid ${holder}); stop that portal first`);
      rmSync(lockFile, { force: true }); // left by a process that died
    }
  }
  throw new Error(`cannot lock ${dir}`);
}

/**
 * PGlite ships contrib extensions as separate bundles that must be loaded when
 * it opens; load every one the migrations create, so they apply as on a server.
 */
async function extensionsForMigrations(): Promise<Record<string, Extension>> {
  const names = new Set<string>();
  const dirs = existsSync(MIGRATIONS_DIR) ? readdirSync(MIGRATIONS_DIR) : [];
  for (const dir of dirs) {
    const file = path.join(MIGRATIONS_DIR, dir, 'migration.sql');
    if (!existsSync(file)) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(/create\s+extension\s+(?:if\s+not\s+exists\s+)?"?([a-z0-9_-]+)"?/gi))
      names.add((m[1] as string).toLowerCase());
  }
  const extensions: Record<string, Extension> = {};
  for (const name of names) {
    const exportName = name.replace(/-/g, '_');
    let mod: Record<string, Extension | undefined>;
    try {
      mod = (await import(`@electric-sql/pglite/contrib/${name}`)) as Record<string, Extension | undefined>;
    } catch {
      throw new Error(`the migrations create the extension ${name}, which PGlite does not provide; use a PostgreSQL server (DATABASE_URL)`);
    }
    const extension = mod[exportName];
    if (!extension) throw new Error(`@electric-sql/pglite/contrib/${name} has no export ${exportName}`);
    extensions[exportName] = extension;
  }
  return extensions;
}

async function main() {
  const unlock = inMemory ? () => undefined : lockDataDir(path.resolve(dataDir as string));
  const db = await PGlite.create(inMemory ? 'memory://' : path.resolve(dataDir as string), { extensions: await extensionsForMigrations() });
  const queue = new SessionQueue(db);
  const sockets = new Set<PGLiteSocketHandler>();
  const server = createServer((socket: Socket) => {
    // SessionQueue implements the queue interface the handler calls; the
    // declared type is pglite-socket's class, whose private fields no other class can match.
    const handler = new PGLiteSocketHandler({ queryQueue: queue as unknown as PGLiteSocketHandlerOptions['queryQueue'], closeOnDetach: true });
    sockets.add(handler);
    handler.addEventListener('close', () => sockets.delete(handler));
    handler.addEventListener('error', () => sockets.delete(handler));
    void handler.attach(socket);
  });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    server.close();
    await Promise.all([...sockets].map((h) => h.detach(true)));
    await db.close(); // flushes and leaves the folder clean for a fast reopen
    unlock();
    process.exit(code);
  };
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
  process.stdin.on('end', () => void stop(0));
  process.stdin.resume();
  server.on('error', (err) => {
    console.error(`embedded PostgreSQL: ${err.message}`);
    void stop(1);
  });
  server.listen(Number(values.port), values.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : Number(values.port);
    process.stdout.write(`ready ${JSON.stringify({ port })}\n`);
  });
}

main().catch((err: unknown) => {
  console.error(`embedded PostgreSQL failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
