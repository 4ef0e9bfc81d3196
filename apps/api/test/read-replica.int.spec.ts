import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type DocumentList } from '@portal/contracts';
import { createPrismaClient, type PrismaClient, ReadReplica } from '@portal/db';
import { createTestDatabase, type TestDatabase } from '@portal/db/testing';
import { freePort, type Party, register } from '@portal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAppOn, type TestApp } from './test-app';

// Issue 14: DATABASE_READ_URL. The test makes its own primary and a streaming replica of it with the
// machine's PostgreSQL programs, points the API at both and proves routing, read-your-writes, the
// fallback when the replica is gone, and row-level security on reads the replica answers.

const run = promisify(execFile);
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
// initdb and postgres refuse to run as root: as root (CI), run them as the postgres user.
const AS_ROOT = process.getuid?.() === 0;
const PG_USER = process.env.PG_OS_USER ?? 'postgres';

async function pgProgram(program: string, args: string[]) {
  const bin = path.join(PG_BIN, program);
  return AS_ROOT ? run('runuser', ['-u', PG_USER, '--', bin, ...args]) : run(bin, args);
}

let db: TestDatabase;
let dir = '';
let primaryPort = 0;
let standbyPort = 0;
const started: string[] = [];

let t: TestApp;
let owner: PrismaClient;
let standby: PrismaClient | undefined;

let distA: Party;
let distB: Party;
let principal: Party;
let stranger: Party;
let integrationA = '';
let integrationB = '';

const superUrl = (port: number, database = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${database}`;
/** The test database's URL on another server (the standby) and for another user. */
const on = (url: string, port: number, user?: string) => {
  const u = new URL(url);
  u.port = String(port);
  if (user !== undefined) {
    u.username = user;
    u.password = '';
  }
  return u.toString();
};

async function startServer(dataDir: string, port: number) {
  appendFileSync(path.join(dataDir, 'postgresql.conf'), `\nport = ${port}\n`);
  await pgProgram('pg_ctl', ['-D', dataDir, '-l', path.join(dir, `${path.basename(dataDir)}.log`), '-w', '-t', '60', 'start']);
  started.push(dataDir);
}

async function stopServer(dataDir: string, mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
  await pgProgram('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  started.splice(started.indexOf(dataDir), 1);
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Until the standby has replayed everything the primary has written so far. */
async function replicaCaughtUp() {
  const [{ lsn }] = await owner.$queryRawUnsafe<[{ lsn: string }]>('select pg_current_wal_lsn()::text as lsn');
  await until('the replica to replay the primary', async () => {
    const [{ ok }] = await standby!.$queryRawUnsafe<[{ ok: boolean }]>('select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok', lsn);
    return ok;
  });
}

async function pauseReplay() {
  await replicaCaughtUp();
  await standby!.$queryRawUnsafe('select pg_wal_replay_pause()::text');
  await until('replay to pause', async () => {
    const [{ state }] = await standby!.$queryRawUnsafe<[{ state: string }]>('select pg_get_wal_replay_pause_state() as state');
    return state === 'paused';
  });
}

async function resumeReplay() {
  await standby!.$queryRawUnsafe('select pg_wal_replay_resume()::text');
  await replicaCaughtUp();
}

/** Written as the database owner on the primary: what the worker (or another organisation's ingestion) would write. */
async function addDocument(orgId: string, integrationId: string, type: string, number: string, total = '100.00') {
  await owner.$executeRawUnsafe(
    `insert into documents (id, organization_id, integration_id, type, source_id, number, date, party_name, currency, subtotal, discount, tax, total,
                            status, source_updated_at, template_version, line_count)
     values ($1::uuid, $2::uuid, $3::uuid, $4::"DocumentType", $5, $5, '2026-11-20', 'Toko Maju', 'IDR', $6::numeric, 0, 0, $6::numeric, 'POSTED', now(), 1, 0)`,
    randomUUID(),
    orgId,
    integrationId,
    type,
    number,
    total,
  );
}

async function numbers(p: Party, query = ''): Promise<string[]> {
  const res = await p.agent.request('GET', `/api/documents?limit=100${query}`);
  expect(res.status).toBe(200);
  return (res.body as DocumentList).data.map((d) => d.number).sort();
}

/** `portal_db_reads_total` by "server/reason", read from the API's own metrics (the proof of who answered). */
async function reads(): Promise<Record<string, number>> {
  const res = await t.app.inject({ method: 'GET', url: '/api/metrics', remoteAddress: '127.0.0.1' });
  const out: Record<string, number> = {};
  for (const m of res.body.matchAll(/^portal_db_reads_total\{server="(\w+)",reason="([\w-]+)"\} (\d+)/gm)) out[`${m[1]}/${m[2]}`] = Number(m[3]);
  return out;
}

async function readsDuring(fn: () => Promise<void>): Promise<Record<string, number>> {
  const before = await reads();
  await fn();
  const after = await reads();
  return Object.fromEntries(Object.entries(after).flatMap(([k, v]) => (v - (before[k] ?? 0) > 0 ? [[k, v - (before[k] ?? 0)]] : [])));
}

/** The same counts by server only (the reason depends on whether the reader wrote in the last minutes). */
const byServer = (counted: Record<string, number>) =>
  Object.entries(counted).reduce<Record<string, number>>((acc, [k, n]) => ({ ...acc, [k.split('/')[0]!]: (acc[k.split('/')[0]!] ?? 0) + n }), {});

async function importCsv(p: Party, integrationId: string, rows: string[]) {
  const header = 'type,source_id,number,date,party_code,party_name,salesman_code,status,product_code,product_name,qty,unit,price,discount,tax,amount';
  const boundary = `----replica${Date.now().toString(16)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="dokumen.csv"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.from([header, ...rows].join('\r\n')),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/integrations/${integrationId}/import`,
    headers: { cookie: p.agent.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  expect(res.statusCode, res.body).toBe(200);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'portal-replica-'));
  if (AS_ROOT) {
    const { stdout } = await run('id', ['-u', PG_USER]);
    const { stdout: gid } = await run('id', ['-g', PG_USER]);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const primaryDir = path.join(dir, 'primary');
  const standbyDir = path.join(dir, 'standby');
  [primaryPort, standbyPort] = [await freePort(), await freePort()];

  // The primary: WAL for a replica, replication connections from loopback.
  await pgProgram('initdb', ['-D', primaryDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  appendFileSync(
    path.join(primaryDir, 'postgresql.conf'),
    [
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dir}'`,
      'wal_level = replica',
      'max_wal_senders = 4',
      'hot_standby = on',
      'hot_standby_feedback = on',
      'fsync = off',
      '',
    ].join('\n'),
  );
  appendFileSync(path.join(primaryDir, 'pg_hba.conf'), '\nhost replication all 127.0.0.1/32 trust\n');
  await startServer(primaryDir, primaryPort);

  // The standby: a base backup with -R (standby.signal and primary_conninfo), on its own port.
  await pgProgram('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', standbyDir, '-R', '-X', 'stream', '--no-sync']);
  await startServer(standbyDir, standbyPort);
  const probe = createPrismaClient(superUrl(standbyPort), { poolMax: 1 });
  try {
    await until('the standby to stream', async () => {
      const [row] = await probe.$queryRawUnsafe<[{ recovering: boolean; status: string | null }]>(
        'select pg_is_in_recovery() as recovering, (select status from pg_stat_wal_receiver) as status',
      );
      return row.recovering && row.status === 'streaming';
    });
  } finally {
    await probe.$disconnect();
  }

  // The database, its schema and the application role reach the standby by streaming, like everything else.
  db = await createTestDatabase('api_read_replica', { serverUrl: superUrl(primaryPort) });
  owner = createPrismaClient(db.ownerUrl, { poolMax: 1 });
  standby = createPrismaClient(on(db.ownerUrl, standbyPort), { poolMax: 1 });
  await until('the database on the standby', () =>
    standby!.$queryRawUnsafe('select 1').then(
      () => true,
      () => false,
    ),
  );
  await replicaCaughtUp();

  // No user in DATABASE_READ_URL: the replica is read with the application role's credentials.
  t = await startTestAppOn(db, { DATABASE_READ_URL: on(db.ownerUrl, standbyPort, '') });
  [distA, distB, principal, stranger] = [
    await register(t.app, 'DISTRIBUTOR'),
    await register(t.app, 'DISTRIBUTOR'),
    await register(t.app, 'PRINCIPAL'),
    await register(t.app, 'PRINCIPAL'),
  ];
  for (const [p, set] of [
    [distA, (id: string) => (integrationA = id)],
    [distB, (id: string) => (integrationB = id)],
  ] as const) {
    const res = await p.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL', name: 'ERP' });
    expect(res.status).toBe(201);
    set(res.body.id);
  }
  // The principal is connected to A for sales invoices only; the stranger to no one.
  const invite = await principal.agent.request('POST', '/api/connections/invites');
  expect(invite.status).toBe(201);
  const token = new URL(invite.body.url).pathname.split('/').pop()!;
  const accepted = await distA.agent.request('POST', `/api/invites/${token}/accept`, { documentTypes: ['SALES_INVOICE'] });
  expect(accepted.status).toBe(200);

  await addDocument(distA.orgId, integrationA, 'SALES_INVOICE', 'A/INV/1');
  await addDocument(distA.orgId, integrationA, 'SALES_INVOICE', 'A/INV/2');
  await addDocument(distA.orgId, integrationA, 'SALES_ORDER', 'A/SO/1');
  await addDocument(distB.orgId, integrationB, 'SALES_INVOICE', 'B/INV/1');
  await replicaCaughtUp();
}, 180_000);

afterAll(async () => {
  await t?.close().catch(() => undefined);
  await standby?.$disconnect().catch(() => undefined);
  await owner?.$disconnect().catch(() => undefined);
  for (const dataDir of [...started].reverse()) await stopServer(dataDir, 'immediate').catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('read replica (DATABASE_READ_URL)', () => {
  it('applies row-level security on reads the replica answers (replay paused: a later write is not there)', async () => {
    await pauseReplay();
    // Written on the primary after the pause: only the primary has it.
    await addDocument(distA.orgId, integrationA, 'SALES_INVOICE', 'A/INV/LATE');
    const counted = await readsDuring(async () => {
      expect(await numbers(stranger)).toEqual([]);
      expect(await numbers(principal)).toEqual(['A/INV/1', 'A/INV/2']);
      expect(await numbers(distA)).toEqual(['A/INV/1', 'A/INV/2', 'A/SO/1']);
      expect(await numbers(distB)).toEqual(['B/INV/1']);
      // The totals, the series and the export are the replica's too.
      const totals = await principal.agent.request('GET', '/api/documents?limit=1');
      expect(totals.body.total).toBe(2);
      const series = await distA.agent.request('GET', '/api/documents/series?granularity=month');
      expect(series.status).toBe(200);
      expect([...series.body.data].sort((a: { type: string }, b: { type: string }) => a.type.localeCompare(b.type))).toEqual([
        { period: '2026-11-01', type: 'SALES_INVOICE', currency: 'IDR', documents: 2, amount: '200.00' },
        { period: '2026-11-01', type: 'SALES_ORDER', currency: 'IDR', documents: 1, amount: '100.00' },
      ]);
      const csv = await t.app.inject({ method: 'GET', url: '/api/documents/export?format=csv', headers: { cookie: principal.agent.cookie } });
      expect(csv.statusCode).toBe(200);
      expect(csv.body).toContain('A/INV/1');
      expect(csv.body).not.toContain('A/SO/1');
      expect(csv.body).not.toContain('B/INV/1');
      expect(csv.body).not.toContain('A/INV/LATE');
    });
    // Nothing fell back: every routed read was the replica's (the users' own writes, at sign-up, are replayed).
    expect(byServer(counted)).toEqual({ replica: 7 });
  }, 60_000);

  it('shows a write the reader did not make once the replica replays it', async () => {
    expect(await numbers(principal)).not.toContain('A/INV/LATE');
    await resumeReplay();
    const counted = await readsDuring(async () => {
      expect(await numbers(principal)).toContain('A/INV/LATE');
      expect(await numbers(distA)).toContain('A/INV/LATE');
    });
    expect(byServer(counted)).toEqual({ replica: 2 });
  }, 60_000);

  it('shows users their own writes at once while the replica lags, from the primary after a bounded wait', async () => {
    await pauseReplay();
    await importCsv(distA, integrationA, ['SALES_INVOICE,RYW-1,A/INV/RYW,20/11/2026,C001,Toko Baru,,POSTED,P001,Mie Goreng,1,PCS,100,0,0,100']);
    const writer = await readsDuring(async () => {
      expect(await numbers(distA)).toContain('A/INV/RYW');
    });
    expect(writer).toEqual({ 'primary/lagging': 1 });
    // Another user does not wait: the principal still reads the replica, which has not replayed the import.
    const other = await readsDuring(async () => {
      expect(await numbers(principal)).not.toContain('A/INV/RYW');
    });
    expect(byServer(other)).toEqual({ replica: 1 });

    await resumeReplay();
    // Caught up: the writer is back on the replica, and the principal sees the import there too.
    const after = await readsDuring(async () => {
      expect(await numbers(distA)).toContain('A/INV/RYW');
      expect(await numbers(principal)).toContain('A/INV/RYW');
    });
    expect(byServer(after)).toEqual({ replica: 2 });
    expect(after['replica/caught-up']).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('refuses a replica role that row-level security would not bind', async () => {
    const primary = createPrismaClient(db.appUrl, { poolMax: 1 });
    const superuser = createPrismaClient(on(db.ownerUrl, standbyPort), { poolMax: 1 });
    const app = createPrismaClient(on(db.appUrl, standbyPort), { poolMax: 1 });
    try {
      await expect(new ReadReplica(primary, superuser).verify()).rejects.toThrow(/superuser/);
      await expect(new ReadReplica(primary, app).verify()).resolves.toBe(true);
    } finally {
      await Promise.all([primary.$disconnect(), superuser.$disconnect(), app.$disconnect()]);
    }
  }, 60_000);

  it('answers from the primary when the replica is down, never a 500', async () => {
    await standby!.$disconnect();
    standby = undefined;
    await stopServer(path.join(dir, 'standby'));
    const counted = await readsDuring(async () => {
      expect(await numbers(distA)).toEqual(['A/INV/1', 'A/INV/2', 'A/INV/LATE', 'A/INV/RYW', 'A/SO/1']);
      expect(await numbers(principal)).toEqual(['A/INV/1', 'A/INV/2', 'A/INV/LATE', 'A/INV/RYW']);
      expect(await numbers(stranger)).toEqual([]);
      const csv = await t.app.inject({ method: 'GET', url: '/api/documents/export?format=csv', headers: { cookie: distB.agent.cookie } });
      expect(csv.statusCode).toBe(200);
      expect(csv.body).toContain('B/INV/1');
    });
    expect(counted).toEqual({ 'primary/unavailable': 4 });
  }, 60_000);
});
