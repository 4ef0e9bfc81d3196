import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client';

/** Per client: its pool's open connections by the server process serving each. */
const connectionsByBackend = new WeakMap<PrismaClient, Map<number, pg.PoolClient>>();

/** The server process id a connection learnt at startup (BackendKeyData); pg keeps it but does not type it. */
const backendPid = (client: pg.PoolClient): number | null => (client as pg.PoolClient & { processID?: number | null }).processID ?? null;

/**
 * One per process: the pool lives inside the adapter. `connectTimeoutMs`: give
 * up on a server that does not answer (a read replica falls back to the
 * primary); unset waits. `rawConnections: false`
 * keeps the writer on Prisma alone (the path before issue 14, which
 * `pnpm bench:consolidate` still measures as "previous").
 */
export function createPrismaClient(url: string, opts: { poolMax?: number; connectTimeoutMs?: number; rawConnections?: boolean } = {}): PrismaClient {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolMax ?? 10,
    ...(opts.connectTimeoutMs ? { connectionTimeoutMillis: opts.connectTimeoutMs } : {}),
  });
  // Kept so TenantDb can hand the set-based writer the very connection its
  // transaction runs on (see `poolConnection`).
  // A process id two open connections share names neither (PGlite serves
  // every connection from one process): such a transaction's writer stays on
  // Prisma rather than risk statements on another connection.
  const byBackend = new Map<number, pg.PoolClient>();
  const open = new Map<number, number>();
  pool.on('connect', (client) => {
    const pid = backendPid(client);
    if (pid === null) return;
    open.set(pid, (open.get(pid) ?? 0) + 1);
    if (open.get(pid) === 1) byBackend.set(pid, client);
    else byBackend.delete(pid);
  });
  pool.on('remove', (client) => {
    const pid = backendPid(client);
    if (pid === null) return;
    const left = (open.get(pid) ?? 1) - 1;
    if (left > 0) open.set(pid, left);
    else open.delete(pid);
    if (byBackend.get(pid) === client) byBackend.delete(pid);
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  if (opts.rawConnections !== false) connectionsByBackend.set(prisma, byBackend);
  return prisma;
}

/**
 * The connection of `prisma`'s pool that the server process `pid` serves:
 * inside an interactive transaction, the one the transaction holds. Unknown
 * when the server does not say which process a connection is (PGlite's
 * socket), or for a client not made by createPrismaClient.
 */
export function poolConnection(prisma: PrismaClient, pid: number | null): pg.PoolClient | undefined {
  return pid === null ? undefined : connectionsByBackend.get(prisma)?.get(pid);
}
