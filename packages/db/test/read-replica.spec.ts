import { describe, expect, it } from 'vitest';
import { isReplicaFailure, type PrismaClient, ReadReplica, type ReadReason, type ReadServer, readDatabaseUrl, withReadYourWrites } from '../src';

// The routing rules of ReadReplica against stand-ins for the two servers; the real primary and
// standby are apps/api/test/read-replica.int.spec.ts.

const unreachable = () => Object.assign(new Error("Can't reach database server"), { code: 'P1001' });

/** A server that answers the role check as a safe role and the replay check with `replayed()`. */
function server(name: string, opts: { replayed?: () => boolean; down?: () => boolean; superuser?: boolean } = {}) {
  const asked: string[] = [];
  const client = {
    name,
    asked,
    $queryRaw: (parts: TemplateStringsArray) => {
      const sql = parts.join('?');
      asked.push(sql);
      if (opts.down?.()) return Promise.reject(unreachable());
      if (sql.includes('pg_roles')) return Promise.resolve([{ name: 'portal_app', superuser: opts.superuser ?? false, bypassrls: false }]);
      if (sql.includes('count(*)')) return Promise.resolve([{ n: 3n }]);
      if (sql.includes('pg_last_wal_replay_lsn')) return Promise.resolve([{ replayed: opts.replayed?.() ?? true }]);
      return Promise.resolve([]);
    },
  };
  return client as unknown as PrismaClient & { name: string; asked: string[] };
}

function router(replica: PrismaClient, primary = server('primary')) {
  const routed: string[] = [];
  const reads = new ReadReplica(primary, replica, {
    maxWaitMs: 60,
    pollMs: 10,
    retryAfterMs: 60_000,
  });
  reads.onRead((s: ReadServer, r: ReadReason) => routed.push(`${s}/${r}`));
  const read = () => reads.read(async (client) => (client as unknown as { name: string }).name);
  return { reads, routed, read };
}

describe('ReadReplica', () => {
  it('reads the replica when the caller has no write to wait for, or it is replayed', async () => {
    const { routed, read } = router(server('replica'));
    expect(await read()).toBe('replica');
    expect(await withReadYourWrites(async () => '0/16B3748', read)).toBe('replica');
    expect(routed).toEqual(['replica/fresh', 'replica/caught-up']);
  });

  it('waits a bounded time for the replica to replay the caller’s write, then reads the primary', async () => {
    let polls = 0;
    const replica = server('replica', { replayed: () => ++polls > 1000 });
    const { routed, read } = router(replica);
    expect(await withReadYourWrites(async () => '0/16B3748', read)).toBe('primary');
    expect(routed).toEqual(['primary/lagging']);
    expect(polls).toBeGreaterThan(1);
    expect(polls).toBeLessThan(20);
  });

  it('reads the primary when the replica is unreachable, and leaves it alone for a while', async () => {
    let down = true;
    const replica = server('replica', { down: () => down });
    const { routed, read } = router(replica);
    expect(await read()).toBe('primary');
    const asked = replica.asked.length;
    down = false;
    expect(await read()).toBe('primary');
    expect(replica.asked.length).toBe(asked);
    expect(routed).toEqual(['primary/unavailable', 'primary/unavailable']);
  });

  it('runs the work again on the primary when the replica fails under it, but not when the work itself fails', async () => {
    const { reads, routed } = router(server('replica'));
    const failingOnReplica = (client: PrismaClient) =>
      (client as unknown as { name: string }).name === 'replica' ? Promise.reject(unreachable()) : Promise.resolve('primary');
    expect(await reads.read(failingOnReplica)).toBe('primary');
    expect(routed).toEqual(['primary/unavailable']);

    const other = router(server('replica'));
    await expect(other.reads.read(() => Promise.reject(new Error('Document not found')))).rejects.toThrow('Document not found');
    expect(other.routed).toEqual([]);
  });

  it('never reads through a replica role that row-level security would not bind', async () => {
    const { reads, routed, read } = router(server('replica', { superuser: true }));
    await expect(reads.verify()).rejects.toThrow(/superuser/);
    expect(await read()).toBe('primary');
    expect(routed).toEqual(['primary/unsafe-role']);
  });

  it('reads the primary when the caller’s last write cannot be looked up', async () => {
    const { routed, read } = router(server('replica'));
    expect(await withReadYourWrites(() => Promise.reject(new Error('Redis down')), read)).toBe('primary');
    expect(routed).toEqual(['primary/write-unknown']);
  });
});

describe('isReplicaFailure', () => {
  it('tells the replica’s trouble from the read’s', () => {
    expect(isReplicaFailure(unreachable())).toBe(true);
    expect(isReplicaFailure({ code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'ConnectionClosed' } } } })).toBe(true);
    expect(isReplicaFailure({ cause: { kind: 'postgres', code: '57P01' } })).toBe(true);
    expect(isReplicaFailure({ cause: { kind: 'postgres', code: '40001' } })).toBe(true);
    expect(isReplicaFailure({ cause: { kind: 'postgres', code: '25006' } })).toBe(false);
    expect(isReplicaFailure({ code: 'P2025' })).toBe(false);
    expect(isReplicaFailure(new Error('Document not found'))).toBe(false);
  });
});

describe('readDatabaseUrl', () => {
  it('takes the application role’s credentials unless the URL names a user', () => {
    const app = 'postgresql://portal_app:s3cret@primary:5432/portal';
    expect(readDatabaseUrl('postgresql://replica:5433/portal', app)).toBe('postgresql://portal_app:s3cret@replica:5433/portal');
    expect(readDatabaseUrl('postgresql://reader:pw@replica:5433/portal', app)).toBe('postgresql://reader:pw@replica:5433/portal');
  });
});
