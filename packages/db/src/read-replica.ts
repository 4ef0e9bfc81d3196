import { AsyncLocalStorage } from 'node:async_hooks';
import type { PrismaClient } from './generated/client';
import { assertSafeDatabaseRole } from './safety';

/** Which server answered a routed read, and why (the API counts these as a metric). */
export type ReadServer = 'replica' | 'primary';
export type ReadReason =
  // replica: no recent write of the caller to wait for, or the replica has replayed it
  | 'fresh'
  | 'caught-up'
  // primary: the replica had not replayed the caller's write within the wait, it is
  // unreachable (or failed the read), its role is unsafe, or the caller's last write is unknown
  | 'lagging'
  | 'unavailable'
  | 'unsafe-role'
  | 'write-unknown';

export interface ReadReplicaOptions {
  /** How long a read waits for the replica to replay the caller's last write before asking the primary. */
  maxWaitMs?: number;
  /** How often the replay position is asked during that wait. */
  pollMs?: number;
  /** How long an unreachable replica is left alone before reads try it again. */
  retryAfterMs?: number;
  onReplicaFailure?: (err: unknown, reason: 'unavailable' | 'unsafe-role') => void;
}

/**
 * The WAL position the current request's reads must see: the caller's last
 * write on the primary (null when there is none to wait for). The API sets it
 * per request (`withReadYourWrites`); a lookup, so requests that read nothing
 * routed cost nothing.
 */
type WriteFloor = () => Promise<string | null>;
const writeFloor = new AsyncLocalStorage<WriteFloor>();

/** Runs `fn` (a request) with reads that must see the caller's last write. */
export function withReadYourWrites<T>(floor: WriteFloor, fn: () => T): T {
  return writeFloor.run(floor, fn);
}

// Driver adapter error kinds that say the server is not there (or went away), not that the query was wrong.
const UNREACHABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TlsConnectionError', 'TooManyConnections']);
// Prisma's own codes for the same (can't reach, timed out, closed, pool timeout).
const UNREACHABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
// Postgres: connection exceptions (08…), shutdown and "starting up" (57P01–57P03), and a hot
// standby cancelling a query that conflicts with replay (40001; SQLSTATE 40P01 never occurs on a
// read-only transaction): each is the replica's trouble, the same read on the primary succeeds.
const REPLICA_SQLSTATE = /^(08...|57P0[123]|40001)$/;

/** Whether a failed read is the replica's fault (unreachable, shutting down, replay conflict) rather than the read's. */
export function isReplicaFailure(err: unknown): boolean {
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: unknown } }; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && UNREACHABLE_CODES.has(e.code)) return true;
  for (const cause of [e.meta?.driverAdapterError?.cause, e.cause]) {
    const c = cause as { kind?: unknown; code?: unknown } | undefined;
    if (!c || typeof c !== 'object') continue;
    if (typeof c.kind === 'string' && UNREACHABLE_KINDS.has(c.kind)) return true;
    if (c.kind === 'TransactionWriteConflict') return true;
    if (c.kind === 'postgres' && typeof c.code === 'string' && REPLICA_SQLSTATE.test(c.code)) return true;
  }
  return false;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Routes read-only transactions to a streaming replica (DATABASE_READ_URL)
 * with read-your-writes for the caller.
 *
 * Why wait-for-LSN rather than pinning a writer to the primary for a while:
 * after a write the API stores the primary's WAL position for the user (a
 * few bytes in Redis); a read compares it with the replica's replay position
 * and uses the replica as soon as it has caught up, which on a healthy
 * replica is within milliseconds. Pinning would send every read of an active
 * user to the primary for a fixed guess of the lag, and still be wrong when
 * the lag is longer. Only a replica that stays behind (`maxWaitMs`, polled)
 * costs the wait, and then the primary answers. An unreachable replica is
 * skipped for `retryAfterMs` and the primary answers; a read never fails
 * because of the replica.
 *
 * Writes the caller did not make (another organisation's ingestion, the
 * worker finishing a sync) are seen when the replica replays them: the same
 * as seeing them a moment later, which a reader cannot tell apart.
 */
export class ReadReplica {
  private readonly maxWaitMs: number;
  private readonly pollMs: number;
  private readonly retryAfterMs: number;
  private downUntil = 0;
  private verified: Promise<void> | null = null;
  private refused = false;
  private readonly readListeners: ((server: ReadServer, reason: ReadReason) => void)[] = [];

  constructor(
    readonly primary: PrismaClient,
    readonly replica: PrismaClient,
    private readonly opts: ReadReplicaOptions = {},
  ) {
    this.maxWaitMs = opts.maxWaitMs ?? 250;
    this.pollMs = opts.pollMs ?? 25;
    this.retryAfterMs = opts.retryAfterMs ?? 5_000;
  }

  /** Told which server answered each routed read, and why (the API's metrics). */
  onRead(listener: (server: ReadServer, reason: ReadReason) => void): void {
    this.readListeners.push(listener);
  }

  /**
   * The primary's WAL position now. Taken after a write committed, it is at
   * or past that commit's record, so a replica that replayed it shows the write.
   */
  async primaryPosition(): Promise<string> {
    const [row] = await this.primary.$queryRaw<{ lsn: string }[]>`select pg_current_wal_lsn()::text as lsn`;
    if (!row) throw new Error('pg_current_wal_lsn() answered nothing');
    return row.lsn;
  }

  /**
   * The replica's role passes the same check as the primary's
   * (`assertSafeDatabaseRole`: no superuser, no BYPASSRLS, owns nothing, every
   * table's RLS forced). True once checked; false while the replica cannot be
   * reached; throws if its role is unsafe (the API refuses to start).
   */
  async verify(): Promise<boolean> {
    try {
      await this.checkRole();
      return true;
    } catch (err) {
      if (isReplicaFailure(err)) return false;
      throw err;
    }
  }

  /** Checked once per process; again after a failure to reach the replica. */
  private checkRole(): Promise<void> {
    this.verified ??= assertSafeDatabaseRole(this.replica).catch((err: unknown) => {
      this.verified = null;
      throw err;
    });
    return this.verified;
  }

  /**
   * Runs a read-only unit of work on the replica when it may answer, else on
   * the primary. `work` may run twice (replica, then primary, when the replica
   * fails under it): it must only read, which the READ ONLY transaction of
   * `TenantDb.readAsOrg` guarantees.
   */
  async read<T>(work: (client: PrismaClient) => Promise<T>): Promise<T> {
    const reason = await this.choose();
    if (reason !== 'fresh' && reason !== 'caught-up') return this.onPrimary(work, reason);
    let result: T;
    try {
      result = await work(this.replica);
    } catch (err) {
      if (!isReplicaFailure(err)) throw err;
      this.markDown(err);
      return this.onPrimary(work, 'unavailable');
    }
    this.tell('replica', reason);
    return result;
  }

  private async onPrimary<T>(work: (client: PrismaClient) => Promise<T>, reason: ReadReason): Promise<T> {
    const result = await work(this.primary);
    this.tell('primary', reason);
    return result;
  }

  private async choose(): Promise<ReadReason> {
    if (this.refused) return 'unsafe-role';
    if (Date.now() < this.downUntil) return 'unavailable';
    let floor: string | null;
    try {
      floor = (await writeFloor.getStore()?.()) ?? null;
    } catch {
      return 'write-unknown';
    }
    try {
      await this.checkRole();
    } catch (err) {
      if (isReplicaFailure(err)) {
        this.markDown(err);
        return 'unavailable';
      }
      // The role check failed on a replica reachable only now: never read through it.
      this.refused = true;
      this.opts.onReplicaFailure?.(err, 'unsafe-role');
      return 'unsafe-role';
    }
    if (!floor) return 'fresh';
    const deadline = Date.now() + this.maxWaitMs;
    try {
      for (;;) {
        // A server not in recovery (DATABASE_READ_URL naming the primary itself) has every write.
        const [row] = await this.replica.$queryRaw<{ replayed: boolean }[]>`
          select (not pg_is_in_recovery() or pg_last_wal_replay_lsn() >= ${floor}::pg_lsn) as replayed`;
        if (row?.replayed) return 'caught-up';
        if (Date.now() + this.pollMs > deadline) return 'lagging';
        await sleep(this.pollMs);
      }
    } catch (err) {
      if (!isReplicaFailure(err)) return 'write-unknown';
      this.markDown(err);
      return 'unavailable';
    }
  }

  private tell(server: ReadServer, reason: ReadReason) {
    for (const listener of this.readListeners) listener(server, reason);
  }

  private markDown(err: unknown) {
    this.downUntil = Date.now() + this.retryAfterMs;
    this.opts.onReplicaFailure?.(err, 'unavailable');
  }
}
