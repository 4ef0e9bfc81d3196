import { randomUUID } from 'node:crypto';
import type { DocumentChange, DocumentChanges, DocumentDetail, DocumentList, DocumentSummary } from '@portal/contracts';
import { createPrismaClient, type PrismaClient } from '@portal/db';
import { type Agent, eventually, type Party, randomIp, register } from '@portal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app';

// Issue 11, "Done when": a principal's API key pulls every change of its connected
// distributors' documents through the changes feed and stays exactly in step after
// a revoke. The reader here is a script: an API key and nothing else (no cookie),
// keeping a mirror of the documents from the feed alone, checked against what the
// same key lists through GET /api/documents.

let t: TestApp;
let owner: PrismaClient;

beforeAll(async () => {
  t = await startTestApp('api_changes_bearer', { DATABASE_POOL_MAX: '6' });
  owner = createPrismaClient(t.ownerUrl, { poolMax: 2 });
}, 60_000);

afterAll(async () => {
  await owner?.$disconnect();
  await t?.close();
});

type Answer = { status: number; body: any; headers: Record<string, unknown> };

/** A request as a script makes it: the bearer key and no cookie; it must never get one either. */
async function bearer(key: string, url: string): Promise<Answer> {
  const res = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
  expect(res.headers['set-cookie']).toBeUndefined();
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null, headers: res.headers };
}

const party = (kind: 'DISTRIBUTOR' | 'PRINCIPAL') => register(t.app, kind, { ip: randomIp() });

async function createKey(p: Party, scopes: string[]): Promise<string> {
  const res = await p.agent.request('POST', '/api/api-keys', { name: `BI ${scopes.join(' ')}`, scopes });
  expect(res.status).toBe(201);
  return res.body.apiKey;
}

async function external(agent: Agent): Promise<string> {
  const res = await agent.request('POST', '/api/integrations', { kind: 'EXTERNAL' });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function connect(p: Party, d: Party): Promise<string> {
  const invite = await p.agent.request('POST', '/api/connections/invites');
  expect(invite.status).toBe(201);
  const token = new URL(invite.body.url).pathname.split('/').at(-1)!;
  const res = await d.agent.request('POST', `/api/invites/${token}/accept`, {});
  expect(res.status).toBe(200);
  return res.body.id;
}

/** What consolidation would have written: one document with two lines. */
async function insertDocument(orgId: string, integrationId: string, number: string): Promise<string> {
  const id = randomUUID();
  await owner.$executeRawUnsafe(
    `insert into documents (id, organization_id, integration_id, type, source_id, number, date, party_name, subtotal, discount, tax, total, source_updated_at, template_version, line_count)
     values ($1::uuid, $2::uuid, $3::uuid, 'SALES_INVOICE', $4, $4, '2026-10-15', 'Toko Maju', 200, 0, 22, 222, now(), 1, 2)`,
    id,
    orgId,
    integrationId,
    number,
  );
  for (const lineNo of [1, 2]) {
    await owner.$executeRawUnsafe(
      `insert into document_lines (document_id, line_no, organization_id, type, integration_id, product_code, quantity, unit, quantity_base, unit_price, discount, tax, amount)
       values ($1::uuid, $2, $3::uuid, 'SALES_INVOICE', $4::uuid, $5, 1, 'PCS', 1, 100, 0, 11, 111)`,
      id,
      lineNo,
      orgId,
      integrationId,
      `SKU-${lineNo}`,
    );
  }
  return id;
}

async function insertMany(orgId: string, integrationId: string, count: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await insertDocument(orgId, integrationId, `${prefix}/${i}`));
  return ids;
}

/**
 * A BI mirror kept from the feed alone: id → the document as last served.
 * `cursor` is where the next pull resumes; `served` counts, per pull, how
 * often each id came as UPSERT and as DELETE.
 */
class Mirror {
  readonly docs = new Map<string, DocumentDetail>();
  cursor: string | null = null;
  readonly pulls: { upserts: Map<string, number>; deletes: DocumentChange[] }[] = [];

  constructor(private readonly key: string) {}

  /** Every page from the cursor until none is waiting (small pages, so paging is exercised). */
  async pull(): Promise<DocumentChange[]> {
    const changes: DocumentChange[] = [];
    for (;;) {
      const res = await bearer(this.key, `/api/documents/changes?limit=4${this.cursor ? `&after=${this.cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = res.body as DocumentChanges;
      changes.push(...page.data);
      this.cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    const upserts = new Map<string, number>();
    for (const c of changes) {
      if (c.changeType === 'UPSERT') {
        upserts.set(c.document.id, (upserts.get(c.document.id) ?? 0) + 1);
        this.docs.set(c.document.id, c.document);
      } else {
        this.docs.delete(c.id);
      }
    }
    this.pulls.push({ upserts, deletes: changes.filter((c) => c.changeType === 'DELETE') });
    return changes;
  }

  /**
   * Pulls until the mirror holds exactly `ids`. The feed serves a transaction
   * only once every older one has finished anywhere on the server, so a change
   * just committed may take a moment to appear.
   */
  async pullUntil(ids: string[]): Promise<void> {
    const want = [...ids].sort();
    await eventually(
      'the mirror to catch up',
      async () => {
        await this.pull();
        return JSON.stringify([...this.docs.keys()].sort()) === JSON.stringify(want);
      },
      20_000,
    );
  }

  /** No pull served a document twice (as UPSERT) or both upserted and deleted it. */
  expectNoDuplicates() {
    for (const { upserts, deletes } of this.pulls) {
      expect([...upserts.values()].every((n) => n === 1)).toBe(true);
      const deleted = deletes.map((d) => (d.changeType === 'DELETE' ? d.id : ''));
      expect(deleted.length).toBe(new Set(deleted).size);
      expect(deleted.filter((id) => upserts.has(id))).toEqual([]);
    }
  }
}

/** Every document the key may see, through GET /api/documents page by page. */
async function listAll(key: string): Promise<DocumentSummary[]> {
  const all: DocumentSummary[] = [];
  let cursor: string | null = null;
  for (;;) {
    const res = await bearer(key, `/api/documents?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    const page = res.body as DocumentList;
    all.push(...page.data);
    cursor = page.nextCursor;
    if (!cursor) return all;
  }
}

/** The mirror holds exactly what the key lists, field for field, and each document's lines as GET /api/documents/:id shows them. */
async function expectInStep(mirror: Mirror, key: string) {
  const listed = await listAll(key);
  expect(listed.length).toBe(new Set(listed.map((d) => d.id)).size);
  expect([...mirror.docs.keys()].sort()).toEqual(listed.map((d) => d.id).sort());
  for (const summary of listed) {
    const { lines, ...mirrored } = mirror.docs.get(summary.id)!;
    expect(mirrored).toEqual(summary);
    const detail = await bearer(key, `/api/documents/${summary.id}`);
    expect(lines).toEqual((detail.body as DocumentDetail).lines);
  }
}

describe("a principal's API key pulls its connected distributors' documents through the changes feed", () => {
  it('mirrors every change exactly, stays in step after a distributor revokes, and serves nothing twice', { timeout: 120_000 }, async () => {
    const [dist1, dist2, principal] = [await party('DISTRIBUTOR'), await party('DISTRIBUTOR'), await party('PRINCIPAL')];
    const integration1 = await external(dist1.agent);
    const integration2 = await external(dist2.agent);
    const docs1 = await insertMany(dist1.orgId, integration1, 9, 'D1');
    const docs2 = await insertMany(dist2.orgId, integration2, 6, 'D2');
    const connection1 = await connect(principal, dist1);
    await connect(principal, dist2);

    const key = await createKey(principal, ['documents:read']);
    const mirror = new Mirror(key);

    // From the beginning: every document of both distributors, once.
    await mirror.pullUntil([...docs1, ...docs2]);
    await expectInStep(mirror, key);
    expect([...mirror.docs.values()].map((d) => d.lines.length)).toEqual(Array(15).fill(2));

    // Distributor 1's documents change while the mirror resumes from its cursor: one new, one updated, one deleted at source.
    const added = await insertDocument(dist1.orgId, integration1, 'D1/new');
    const [updated, removed] = [docs1[0]!, docs1[1]!];
    await owner.$executeRawUnsafe(`update documents set number = 'D1/changed', total = 333 where id = $1::uuid`, updated);
    await owner.$executeRawUnsafe(`delete from documents where id = $1::uuid`, removed);
    const current1 = [...docs1.filter((id) => id !== removed), added];
    await mirror.pullUntil([...current1, ...docs2]);
    expect(mirror.docs.get(updated)).toMatchObject({ number: 'D1/changed', total: '333.00' });
    await expectInStep(mirror, key);

    // Distributor 1 revokes the connection: the mirror, resuming, loses all of distributor 1's documents and keeps distributor 2's.
    expect((await dist1.agent.request('POST', `/api/connections/${connection1}/revoke`)).status).toBe(204);
    const pullsBefore = mirror.pulls.length;
    await mirror.pullUntil(docs2);
    await expectInStep(mirror, key);
    const afterRevoke = mirror.pulls.slice(pullsBefore).flatMap((p) => p.deletes);
    expect(afterRevoke.map((d) => (d.changeType === 'DELETE' ? [d.id, d.reason] : [])).sort()).toEqual(current1.map((id) => [id, 'CONNECTION_REVOKED']).sort());
    expect(mirror.pulls.slice(pullsBefore).every((p) => p.upserts.size === 0)).toBe(true);

    // Distributor 1 goes on working: none of it reaches the mirror; distributor 2's next change does.
    const unseen = await insertDocument(dist1.orgId, integration1, 'D1/after-revoke');
    await owner.$executeRawUnsafe(`update documents set number = 'D1/changed-again' where id = $1::uuid`, updated);
    await owner.$executeRawUnsafe(`update documents set number = 'D2/changed' where id = $1::uuid`, docs2[0]);
    await eventually('distributor 2 change in the feed', async () => (await mirror.pull()).length > 0, 20_000);
    expect(mirror.pulls.at(-1)!.upserts).toEqual(new Map([[docs2[0]!, 1]]));
    expect(mirror.docs.has(unseen)).toBe(false);
    expect(mirror.docs.get(docs2[0]!)!.number).toBe('D2/changed');
    await expectInStep(mirror, key);

    mirror.expectNoDuplicates();
    // Across every pull: each document served once per change it had while visible, nothing repeated on resuming.
    const served = new Map<string, string[]>();
    for (const pull of mirror.pulls) {
      for (const [id, n] of pull.upserts) served.set(id, [...(served.get(id) ?? []), ...Array<string>(n).fill('UPSERT')]);
      for (const d of pull.deletes) if (d.changeType === 'DELETE') served.set(d.id, [...(served.get(d.id) ?? []), d.reason]);
    }
    const expected = new Map<string, string[]>([
      ...docs1.map((id) => [id, ['UPSERT', 'CONNECTION_REVOKED']] as [string, string[]]),
      ...docs2.map((id) => [id, ['UPSERT']] as [string, string[]]),
      [added, ['UPSERT', 'CONNECTION_REVOKED']],
      [updated, ['UPSERT', 'UPSERT', 'CONNECTION_REVOKED']],
      [removed, ['UPSERT', 'DELETED_AT_SOURCE']],
      [docs2[0]!, ['UPSERT', 'UPSERT']],
    ]);
    expect(Object.fromEntries(served)).toEqual(Object.fromEntries(expected));
  });

  it('a key without documents:read gets 403 INSUFFICIENT_SCOPE; a key of another principal sees none of these documents', async () => {
    const [dist, principal, other] = [await party('DISTRIBUTOR'), await party('PRINCIPAL'), await party('PRINCIPAL')];
    const docs = await insertMany(dist.orgId, await external(dist.agent), 3, 'X');
    await connect(principal, dist);

    const hooksOnly = await createKey(principal, ['webhooks:manage']);
    const refused = await bearer(hooksOnly, '/api/documents/changes');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('INSUFFICIENT_SCOPE');

    const mirror = new Mirror(await createKey(principal, ['documents:read']));
    await mirror.pullUntil(docs);

    const otherKey = await createKey(other, ['documents:read']);
    const stranger = new Mirror(otherKey);
    const seen = await stranger.pull();
    expect(seen).toEqual([]);
    expect(await listAll(otherKey)).toEqual([]);
    for (const id of docs) expect((await bearer(otherKey, `/api/documents/${id}`)).status).toBe(404);
  });
});
