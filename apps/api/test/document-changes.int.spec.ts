import { randomUUID } from 'node:crypto';
import type { DocumentChange, DocumentChanges, DocumentDetail } from '@portal/contracts';
import { createPrismaClient, type PrismaClient } from '@portal/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, eventually, type Party, randomIp, register } from '@portal/testing';
import { startTestApp, type TestApp } from './test-app';

// The changes feed (issue 11 item 4, docs/product/api-keys-and-audit.md) against the real API and
// Postgres as the application role: paging, updates, concurrent writers, and documents leaving a
// caller's scope (revoke, narrowing, integration deleted, deleted at source).

const TYPES = ['SALES_ORDER', 'SALES_INVOICE', 'SALES_RETURN'] as const;
type Type = (typeof TYPES)[number];

let t: TestApp;
let owner: PrismaClient;

beforeAll(async () => {
  t = await startTestApp('api_document_changes', { DATABASE_POOL_MAX: '6' });
  // Several connections: the concurrency test holds two transactions open at once.
  owner = createPrismaClient(t.ownerUrl, { poolMax: 4 });
}, 60_000);

afterAll(async () => {
  await owner?.$disconnect();
  await t?.close();
});

const party = (kind: 'DISTRIBUTOR' | 'PRINCIPAL') => register(t.app, kind, { ip: randomIp() });

async function external(agent: Agent): Promise<string> {
  const res = await agent.request('POST', '/api/integrations', { kind: 'EXTERNAL' });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** Connects a principal to a distributor through an invite; answers the connection's id. */
async function connect(p: Party, d: Party, body: Record<string, unknown> = {}): Promise<string> {
  const invite = await p.agent.request('POST', '/api/connections/invites');
  expect(invite.status).toBe(201);
  const token = new URL(invite.body.url).pathname.split('/').at(-1)!;
  const res = await d.agent.request('POST', `/api/invites/${token}/accept`, body);
  expect(res.status).toBe(200);
  return res.body.id;
}

/** Inserts one document with a line as `db` (the owner, or a transaction of it): what consolidation would have written. */
async function insertDocument(db: Pick<PrismaClient, '$executeRawUnsafe'>, orgId: string, integrationId: string, type: Type, number: string): Promise<string> {
  const id = randomUUID();
  await db.$executeRawUnsafe(
    `insert into documents (id, organization_id, integration_id, type, source_id, number, date, party_name, subtotal, discount, tax, total, source_updated_at, template_version, line_count)
     values ($1::uuid, $2::uuid, $3::uuid, $4::"DocumentType", $5, $5, '2026-10-15', 'Toko Maju', 100, 0, 11, 111, now(), 1, 1)`,
    id,
    orgId,
    integrationId,
    type,
    number,
  );
  await db.$executeRawUnsafe(
    `insert into document_lines (document_id, line_no, organization_id, type, integration_id, product_code, quantity, unit, quantity_base, unit_price, discount, tax, amount)
     values ($1::uuid, 1, $2::uuid, $3::"DocumentType", $4::uuid, 'SKU-1', 1, 'PCS', 1, 100, 0, 11, 111)`,
    id,
    orgId,
    type,
    integrationId,
  );
  return id;
}

async function insertMany(orgId: string, integrationId: string, count: number, prefix: string): Promise<Map<string, Type>> {
  const docs = new Map<string, Type>();
  for (let i = 0; i < count; i++) {
    const type = TYPES[i % TYPES.length]!;
    docs.set(await insertDocument(owner, orgId, integrationId, type, `${prefix}/${i}`), type);
  }
  return docs;
}

async function page(agent: Agent, after: string | null, limit = 7): Promise<DocumentChanges> {
  const res = await agent.request('GET', `/api/documents/changes?limit=${limit}${after ? `&after=${after}` : ''}`);
  expect(res.status).toBe(200);
  return res.body as DocumentChanges;
}

/** Every page from `after` until none is waiting: the entries in order and the cursor to resume from. */
async function drain(agent: Agent, after: string | null, limit = 7): Promise<{ changes: DocumentChange[]; cursor: string }> {
  const changes: DocumentChange[] = [];
  let cursor = after;
  for (;;) {
    const body = await page(agent, cursor, limit);
    changes.push(...body.data);
    cursor = body.nextCursor;
    if (!body.hasMore) return { changes, cursor };
  }
}

/**
 * Drains from `after` until `done` holds. The feed serves a transaction only
 * once every older one has finished, anywhere on the server (tests of other
 * suites included), so a change just committed may take a moment to appear.
 */
async function drainUntil(agent: Agent, after: string | null, done: (changes: DocumentChange[]) => boolean) {
  return eventually(
    'the feed to show the expected changes',
    async () => {
      const r = await drain(agent, after);
      return done(r.changes) && r;
    },
    20_000,
  );
}

const idOf = (c: DocumentChange) => (c.changeType === 'UPSERT' ? c.document.id : c.id);
const upserts = (cs: DocumentChange[]) => cs.flatMap((c) => (c.changeType === 'UPSERT' ? [c.document] : []));
const deletes = (cs: DocumentChange[]) => cs.flatMap((c) => (c.changeType === 'DELETE' ? [c] : []));
const sorted = (ids: Iterable<string>) => [...ids].sort();

describe('GET /api/documents/changes', () => {
  let distA: Party;
  let distB: Party;
  let principal: Party;
  let integrationA: string;
  let docsA: Map<string, Type>;

  beforeAll(async () => {
    [distA, distB, principal] = [await party('DISTRIBUTOR'), await party('DISTRIBUTOR'), await party('PRINCIPAL')];
    integrationA = await external(distA.agent);
    docsA = await insertMany(distA.orgId, integrationA, 40, 'A');
    await insertMany(distB.orgId, await external(distB.agent), 10, 'B');
    await connect(principal, distA);
  }, 60_000);

  it('pages through every visible document exactly once, as UPSERT, in the shape of GET /api/documents/:id', async () => {
    const { changes } = await drainUntil(principal.agent, null, (cs) => cs.length >= docsA.size);
    expect(changes.every((c) => c.changeType === 'UPSERT')).toBe(true);
    const ids = changes.map(idOf);
    expect(ids.length).toBe(new Set(ids).size);
    expect(sorted(ids)).toEqual(sorted(docsA.keys()));

    const some = upserts(changes)[3]!;
    const detail = await principal.agent.request('GET', `/api/documents/${some.id}`);
    expect(some).toEqual(detail.body as DocumentDetail);
    expect(some.lines).toHaveLength(1);
  });

  it('serves an update later in the feed, once, with the new state; a full re-read still holds each document once', async () => {
    const { cursor } = await drainUntil(principal.agent, null, (cs) => cs.length >= docsA.size);
    const [changed] = [...docsA.keys()];
    await owner.$executeRawUnsafe(`update documents set number = 'A/changed', total = 222 where id = $1::uuid`, changed);

    const { changes } = await drainUntil(principal.agent, cursor, (cs) => cs.length > 0);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ changeType: 'UPSERT', document: { id: changed, number: 'A/changed', total: '222.00' } });

    const all = await drainUntil(principal.agent, null, (cs) => cs.length >= docsA.size);
    expect(all.changes.map(idOf).sort()).toEqual(sorted(docsA.keys()));
    // The changed document now comes last: its position moved to the update's transaction.
    expect(all.changes.at(-1)).toMatchObject({ changeType: 'UPSERT', document: { id: changed, number: 'A/changed' } });
  });

  it('never misses a change that commits after a younger one was committed, and never repeats one', async () => {
    const { cursor: start } = await drainUntil(principal.agent, null, (cs) => cs.length >= docsA.size);

    // Transaction A writes first and commits last; B writes after it and commits before it.
    const a = openTransaction((tx) => insertDocument(tx, distA.orgId, integrationA, 'SALES_ORDER', 'A/slow'));
    const idA = await a.written;
    // Another type than A's: the kept totals of one (integration, type) would make B wait for A's row lock.
    const b = openTransaction((tx) => insertDocument(tx, distA.orgId, integrationA, 'SALES_INVOICE', 'A/fast'));
    const idB = await b.written;
    await b.commit();

    // B is committed and A is not: B is held back behind A instead of being served now.
    const whileOpen = await drain(principal.agent, start);
    expect(whileOpen.changes.map(idOf)).not.toContain(idB);
    // A timestamp cursor would have failed here: B is visible and stamped after A, so a reader serving
    // B now would resume after B's time and never see A, stamped earlier, once A commits.
    const [stamps] = await owner.$queryRawUnsafe<{ a: Date | null; b: Date }[]>(
      `select (select created_at from documents where id = $1::uuid) as a, (select created_at from documents where id = $2::uuid) as b`,
      idA,
      idB,
    );
    expect(stamps!.a).toBeNull(); // A is not committed yet
    await a.commit();
    const [committed] = await owner.$queryRawUnsafe<{ a: Date; b: Date }[]>(
      `select (select created_at from documents where id = $1::uuid) as a, (select created_at from documents where id = $2::uuid) as b`,
      idA,
      idB,
    );
    expect(committed!.a.getTime()).toBeLessThan(committed!.b.getTime());

    const after = await drainUntil(principal.agent, whileOpen.cursor, (cs) => cs.map(idOf).includes(idA) && cs.map(idOf).includes(idB));
    const seen = [...whileOpen.changes, ...after.changes].map(idOf);
    expect(seen.filter((id) => id === idA)).toHaveLength(1);
    expect(seen.filter((id) => id === idB)).toHaveLength(1);
    expect(seen.length).toBe(new Set(seen).size);
    docsA.set(idA, 'SALES_ORDER').set(idB, 'SALES_INVOICE');
  });

  it('shows a distributor its own documents and none of another distributor', async () => {
    const { changes } = await drainUntil(distA.agent, null, (cs) => cs.length >= docsA.size);
    expect(sorted(changes.map(idOf))).toEqual(sorted(docsA.keys()));
    const none = await drain(await party('PRINCIPAL').then((p) => p.agent), null);
    expect(none.changes).toEqual([]);
  });

  it('refuses a malformed cursor or limit with 400', async () => {
    for (const after of ['not-a-cursor', Buffer.from('1|x').toString('base64url'), Buffer.from(`99999999999999999999|${randomUUID()}`).toString('base64url')]) {
      const res = await principal.agent.request('GET', `/api/documents/changes?after=${after}`);
      expect(res.status, after).toBe(400);
      expect(res.body.error.code, after).toBe('INVALID_CURSOR');
    }
    for (const q of ['limit=0', 'limit=501', 'cursor=x']) {
      const res = await principal.agent.request('GET', `/api/documents/changes?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code, q).toBe('VALIDATION_FAILED');
    }
  });
  it('serves each document once when a connection is accepted while an older transaction elsewhere is still open', async () => {
    const dist = await party('DISTRIBUTOR');
    const docs = await insertMany(dist.orgId, await external(dist.agent), 4, 'H');
    const p = await party('PRINCIPAL');
    // Started (with an id) before the connection: it holds the feed's horizon below the acceptance.
    const older = openTransaction(async (tx) => String(await tx.$executeRawUnsafe('select pg_current_xact_id()')));
    await older.written;
    let early: Awaited<ReturnType<typeof drain>>;
    try {
      await connect(p, dist);
      // The documents' own positions are old and settled, but their entering this principal's
      // scope is not served yet: serving them now would serve them again once it is.
      early = await drain(p.agent, null);
      expect(early.changes).toEqual([]);
    } finally {
      await older.commit();
    }
    const later = await drainUntil(p.agent, early.cursor, (cs) => cs.length >= docs.size);
    expect(sorted(later.changes.map(idOf))).toEqual(sorted(docs.keys()));
    expect((await drain(p.agent, later.cursor)).changes).toEqual([]);
  });
});

describe('documents leaving the scope', () => {
  let dist: Party;
  let integration1: string;
  let integration2: string;
  let docs1: Map<string, Type>;
  let docs2: Map<string, Type>;

  beforeAll(async () => {
    dist = await party('DISTRIBUTOR');
    integration1 = await external(dist.agent);
    integration2 = await external(dist.agent);
    docs1 = await insertMany(dist.orgId, integration1, 15, 'I1');
    docs2 = await insertMany(dist.orgId, integration2, 6, 'I2');
  }, 60_000);

  const all = () => new Set([...docs1.keys(), ...docs2.keys()]);

  it('after a revoke, DELETEs every document of that distributor (also one deleted unread), then nothing more of it; another principal sees none of it', async () => {
    const leaving = await party('PRINCIPAL');
    const staying = await party('PRINCIPAL');
    const connection = await connect(leaving, dist);
    await connect(staying, dist);
    const before = await drainUntil(leaving.agent, null, (cs) => cs.length >= all().size);
    const stayingBefore = await drainUntil(staying.agent, null, (cs) => cs.length >= all().size);

    // Deleted at source while the principal is not reading: its DELETE must still reach it after the revoke.
    const [unread] = [...docs1.keys()];
    await owner.$executeRawUnsafe(`delete from documents where id = $1::uuid`, unread);
    docs1.delete(unread!);
    expect((await leaving.agent.request('POST', `/api/connections/${connection}/revoke`)).status).toBe(204);

    const revoked = await drainUntil(leaving.agent, before.cursor, (cs) => cs.length >= all().size + 1);
    expect(revoked.changes.every((c) => c.changeType === 'DELETE' && c.reason === 'CONNECTION_REVOKED')).toBe(true);
    expect(sorted(revoked.changes.map(idOf))).toEqual(sorted([...all(), unread!]));

    // Nothing more of it: a new document and an update stay out of the feed.
    const fresh = await insertDocument(owner, dist.orgId, integration1, 'SALES_ORDER', 'I1/after-revoke');
    docs1.set(fresh, 'SALES_ORDER');
    await owner.$executeRawUnsafe(`update documents set number = 'I2/changed' where id = $1::uuid`, [...docs2.keys()][0]);
    const stayingAfter = await drainUntil(staying.agent, stayingBefore.cursor, (cs) => cs.length >= 3);
    expect((await drain(leaving.agent, revoked.cursor)).changes).toEqual([]);

    // The principal still connected saw the deletion, the new document and the update: no revoke of someone else's.
    expect(stayingAfter.changes.map((c) => [c.changeType, idOf(c)]).sort()).toEqual(
      [
        ['DELETE', unread],
        ['UPSERT', fresh],
        ['UPSERT', [...docs2.keys()][0]],
      ].sort(),
    );
    expect(deletes(stayingAfter.changes)[0]!.reason).toBe('DELETED_AT_SOURCE');

    // Connected again: every document comes back as UPSERT, although none changed since the cursor.
    await connect(leaving, dist);
    const back = await drainUntil(leaving.agent, revoked.cursor, (cs) => cs.length >= all().size);
    expect(back.changes.every((c) => c.changeType === 'UPSERT')).toBe(true);
    expect(sorted(back.changes.map(idOf))).toEqual(sorted(all()));
  });

  it('narrowing a connection to one type DELETEs the documents of the others and nothing else', async () => {
    const p = await party('PRINCIPAL');
    const connection = await connect(p, dist);
    const before = await drainUntil(p.agent, null, (cs) => cs.length >= all().size);
    // The portal narrows by a new consent; whichever path changes a connection, the database records the move.
    await owner.$executeRawUnsafe(`update connections set document_types = '{SALES_ORDER}' where id = $1::uuid`, connection);

    const others = [...docs1, ...docs2].filter(([, type]) => type !== 'SALES_ORDER').map(([id]) => id);
    const narrowed = await drainUntil(p.agent, before.cursor, (cs) => cs.length >= others.length);
    expect(narrowed.changes.every((c) => c.changeType === 'DELETE' && c.reason === 'CONNECTION_NARROWED')).toBe(true);
    expect(sorted(narrowed.changes.map(idOf))).toEqual(sorted(others));
  });

  it('deleting an integration DELETEs its documents for the distributor and its principals', async () => {
    const p = await party('PRINCIPAL');
    await connect(p, dist);
    const seen = await drainUntil(p.agent, null, (cs) => cs.length >= all().size);
    const own = await drainUntil(dist.agent, null, (cs) => cs.length >= all().size);

    expect((await dist.agent.request('DELETE', `/api/integrations/${integration2}`)).status).toBe(204);
    for (const [who, cursor] of [
      [p, seen.cursor],
      [dist, own.cursor],
    ] as const) {
      const gone = await drainUntil(who.agent, cursor, (cs) => cs.length >= docs2.size);
      expect(gone.changes.every((c) => c.changeType === 'DELETE' && c.reason === 'INTEGRATION_DELETED')).toBe(true);
      expect(sorted(gone.changes.map(idOf))).toEqual(sorted(docs2.keys()));
    }
  });
});

/**
 * An owner transaction left open after `write` until `commit()` is called:
 * the test decides the commit order of several writers.
 */
function openTransaction(write: (tx: Pick<PrismaClient, '$executeRawUnsafe'>) => Promise<string>) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let written!: (id: string) => void;
  const writtenId = new Promise<string>((r) => (written = r));
  const done = owner.$transaction(
    async (tx) => {
      written(await write(tx));
      await gate;
    },
    { timeout: 30_000 },
  );
  return {
    written: writtenId,
    commit: async () => {
      release();
      await done;
    },
  };
}
