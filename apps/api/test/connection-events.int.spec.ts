import { randomBytes, randomUUID } from 'node:crypto';
import { eventPublishJobId, eventPublishJobV1, type PortalEvent, QUEUES } from '@portal/contracts';
import { createPrismaClient, type PrismaClient } from '@portal/db';
import { seedDemoData } from '@portal/db/seed';
import { Agent, randomIp, register, type RunningSampleDms, startSampleDms } from '@portal/testing';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app';

// Issue 12, docs/product/events.md: the API announces connection and
// integration changes in the transaction that makes them. Each event is an
// `events.publish` outbox row (written by the organisation whose request it
// was, addressed to its receiver) and, after commit, a job on the events
// queue; a change that rolls back announces nothing.

const BASE_URL = 'http://portal.example.test';
const ADMIN = { email: 'admin.connection-events@test.local', password: 'admin-password-123' };
const ACCESS_KEY = '446-bebaspakaivalueapapun';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/5';
// This suite's own BullMQ prefix: no worker consumes these jobs.
const QUEUE_PREFIX = `it_connection_events_${randomBytes(4).toString('hex')}`;

let dms: RunningSampleDms;
let t: TestApp;
let owner: PrismaClient;
let eventsQueue: Queue;
let syncQueue: Queue;

beforeAll(async () => {
  dms = await startSampleDms({ docsPerType: 2 });
  t = await startTestApp('api_connection_events', { PUBLIC_BASE_URL: BASE_URL, DMS_BASE_URL: dms.url, QUEUE_PREFIX });
  owner = createPrismaClient(t.ownerUrl, { poolMax: 2 });
  eventsQueue = new Queue(QUEUES.events, { connection: { url: REDIS_URL }, prefix: QUEUE_PREFIX });
  syncQueue = new Queue(QUEUES.sync, { connection: { url: REDIS_URL }, prefix: QUEUE_PREFIX });
}, 60_000);

afterAll(async () => {
  for (const q of [eventsQueue, syncQueue]) {
    await q?.obliterate({ force: true });
    await q?.close();
  }
  await owner?.$disconnect();
  await t?.close();
  await dms?.close();
});

interface Org {
  agent: Agent;
  orgId: string;
  name: string;
  email: string;
  userId: string;
}

async function signUp(kind: 'PRINCIPAL' | 'DISTRIBUTOR'): Promise<Org> {
  const { agent, orgId, orgName, email } = await register(t.app, kind, { ip: randomIp() });
  const me = await agent.request('GET', '/api/auth/me');
  return { agent, orgId, name: orgName, email, userId: me.body.user.id };
}

interface Announced {
  /** The outbox row's owner: whose transaction wrote it. */
  producer: string;
  dispatched: boolean;
  event: PortalEvent;
}

/** Every event announced to or by these organisations, oldest first, as the outbox holds them. */
async function announced(...orgIds: string[]): Promise<Announced[]> {
  const rows = await owner.outboxEvent.findMany({ where: { kind: 'events.publish' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return rows
    .map((r) => ({ producer: r.organizationId, dispatched: r.dispatchedAt !== null, event: eventPublishJobV1.parse(r.payload).event }))
    .filter((a) => orgIds.includes(a.producer) || orgIds.includes(a.event.organizationId));
}

async function createInvite(p: Org): Promise<{ id: string; token: string; expiresAt: string }> {
  const res = await p.agent.request('POST', '/api/connections/invites');
  expect(res.status).toBe(201);
  return { id: res.body.id, expiresAt: res.body.expiresAt, token: new URL(res.body.url).pathname.split('/').at(-1)! };
}

/** The event was handed to the fan-out queue after commit (job id from the event's id). */
async function expectQueued(events: Announced[]) {
  for (const a of events) {
    expect(a.dispatched).toBe(true);
    expect(await eventsQueue.getJob(eventPublishJobId(a.event.id))).toBeDefined();
  }
}

describe('connection events', () => {
  it('an invite announces connection.requested to its principal, naming who asked', async () => {
    const p = await signUp('PRINCIPAL');
    const invite = await createInvite(p);
    const events = await announced(p.orgId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      producer: p.orgId,
      event: { type: 'connection.requested', organizationId: p.orgId, data: { inviteId: invite.id, expiresAt: invite.expiresAt, requestedBy: p.email } },
    });
    await expectQueued(events);
  });

  it('accepting announces connection.accepted to both sides with the consented types', async () => {
    const p = await signUp('PRINCIPAL');
    const d = await signUp('DISTRIBUTOR');
    const invite = await createInvite(p);
    const res = await d.agent.request('POST', `/api/invites/${invite.token}/accept`, { documentTypes: ['SALES_INVOICE', 'SALES_ORDER'] });
    expect(res.status).toBe(200);
    const accepted = (await announced(p.orgId, d.orgId)).filter((a) => a.event.type === 'connection.accepted');
    expect(accepted.map((a) => a.event.organizationId).sort()).toEqual([p.orgId, d.orgId].sort());
    for (const a of accepted) {
      // The distributor answered: its transaction wrote both.
      expect(a.producer).toBe(d.orgId);
      expect(a.event.data).toEqual({
        connectionId: res.body.id,
        principalId: p.orgId,
        principalName: p.name,
        distributorId: d.orgId,
        distributorName: d.name,
        documentTypes: ['SALES_INVOICE', 'SALES_ORDER'],
        at: expect.any(String),
      });
    }
    await expectQueued(accepted);
  });

  it('declining announces connection.declined to both sides', async () => {
    const p = await signUp('PRINCIPAL');
    const d = await signUp('DISTRIBUTOR');
    const invite = await createInvite(p);
    const res = await d.agent.request('POST', `/api/invites/${invite.token}/decline`);
    expect(res.status).toBe(200);
    const events = await announced(p.orgId, d.orgId);
    expect(events.map((a) => a.event.type)).toEqual(['connection.requested', 'connection.declined', 'connection.declined']);
    const declined = events.filter((a) => a.event.type === 'connection.declined');
    expect(declined.map((a) => a.event.organizationId).sort()).toEqual([p.orgId, d.orgId].sort());
    for (const a of declined)
      expect(a.event.data).toEqual({
        connectionId: res.body.id,
        principalId: p.orgId,
        principalName: p.name,
        distributorId: d.orgId,
        distributorName: d.name,
        at: expect.any(String),
      });
  });

  it.each(['principal', 'distributor'] as const)('revoking by the %s announces connection.revoked to both sides, naming who revoked', async (by) => {
    const p = await signUp('PRINCIPAL');
    const d = await signUp('DISTRIBUTOR');
    const invite = await createInvite(p);
    const connectionId = (await d.agent.request('POST', `/api/invites/${invite.token}/accept`, {})).body.id as string;
    const revoker = by === 'principal' ? p : d;
    expect((await revoker.agent.request('POST', `/api/connections/${connectionId}/revoke`)).status).toBe(204);
    const revoked = (await announced(p.orgId, d.orgId)).filter((a) => a.event.type === 'connection.revoked');
    expect(revoked.map((a) => a.event.organizationId).sort()).toEqual([p.orgId, d.orgId].sort());
    for (const a of revoked) {
      expect(a.producer).toBe(revoker.orgId);
      expect(a.event.data).toMatchObject({ connectionId, principalId: p.orgId, distributorId: d.orgId, distributorName: d.name, revokedById: revoker.orgId });
    }
    await expectQueued(revoked);
    // Revoking again changes nothing and announces nothing.
    expect((await revoker.agent.request('POST', `/api/connections/${connectionId}/revoke`)).status).toBe(409);
    expect((await announced(p.orgId, d.orgId)).filter((a) => a.event.type === 'connection.revoked')).toHaveLength(2);
  });

  it('an accept that fails rolls its events back with it', async () => {
    const p = await signUp('PRINCIPAL');
    const d = await signUp('DISTRIBUTOR');
    const invite = await createInvite(p);
    // An integration that is not the distributor's: refused after the invite was claimed, so everything rolls back.
    const refused = await d.agent.request('POST', `/api/invites/${invite.token}/accept`, { integrationIds: [randomUUID()] });
    expect(refused.status).toBe(400);
    expect((await announced(p.orgId, d.orgId)).map((a) => a.event.type)).toEqual(['connection.requested']);
    // Already connected: the second answer is refused and announces nothing either.
    expect((await d.agent.request('POST', `/api/invites/${invite.token}/accept`, {})).status).toBe(200);
    const again = await createInvite(p);
    expect((await d.agent.request('POST', `/api/invites/${again.token}/accept`, {})).status).toBe(409);
    expect((await announced(p.orgId, d.orgId)).map((a) => a.event.type)).toEqual([
      'connection.requested',
      'connection.accepted',
      'connection.accepted',
      'connection.requested',
    ]);
  });
});

describe('integration state events', () => {
  let admin: Agent;
  let adminUserId: string;

  beforeAll(async () => {
    await seedDemoData(t.ownerUrl, { NODE_ENV: 'production', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    admin = new Agent(t.app, randomIp());
    expect((await admin.request('POST', '/api/auth/login', ADMIN)).status).toBe(200);
    adminUserId = (await admin.request('GET', '/api/auth/me')).body.user.id;
  });

  it('an AccessKey making a DMS integration ACTIVE, then disabling and enabling it, each announce integration.state_changed once', async () => {
    const d = await signUp('DISTRIBUTOR');
    const created = await d.agent.request('POST', '/api/integrations', { kind: 'DMS' });
    expect(created.status).toBe(201);
    const integrationId = created.body.id as string;
    // A new integration has no previous state: nothing to announce yet.
    expect(await announced(d.orgId)).toEqual([]);

    expect((await admin.request('PUT', `/api/admin/integrations/${integrationId}/access-key`, { accessKey: ACCESS_KEY })).status).toBe(200);
    const activated = await announced(d.orgId);
    expect(activated).toHaveLength(1);
    expect(activated[0]).toMatchObject({
      // The distributor's outbox, as the activation's first sync is.
      producer: d.orgId,
      event: {
        type: 'integration.state_changed',
        organizationId: d.orgId,
        data: {
          integrationId,
          integrationName: created.body.name,
          integrationKind: 'DMS',
          previousState: 'AWAITING_ACCESS_KEY',
          state: 'ACTIVE',
          reasonCode: null,
          reason: null,
          changedBy: adminUserId,
        },
      },
    });
    await expectQueued(activated);

    // A rotated key leaves it ACTIVE: no state change to announce.
    expect((await admin.request('PUT', `/api/admin/integrations/${integrationId}/access-key`, { accessKey: ACCESS_KEY })).status).toBe(200);
    expect(await announced(d.orgId)).toHaveLength(1);

    expect((await d.agent.request('POST', `/api/integrations/${integrationId}/disable`)).status).toBe(200);
    expect((await d.agent.request('POST', `/api/integrations/${integrationId}/disable`)).status).toBe(200);
    expect((await d.agent.request('POST', `/api/integrations/${integrationId}/enable`)).status).toBe(200);
    const moves = (await announced(d.orgId)).map((a) => a.event).filter((e) => e.type === 'integration.state_changed');
    expect(moves.map((e) => [e.data.previousState, e.data.state, e.data.reasonCode, e.data.changedBy])).toEqual([
      ['AWAITING_ACCESS_KEY', 'ACTIVE', null, adminUserId],
      ['ACTIVE', 'DISABLED', 'DISABLED_BY_DISTRIBUTOR', d.userId],
      ['DISABLED', 'ACTIVE', null, d.userId],
    ]);
  });
});

describe('documents.updated from External ingestion', () => {
  const doc = (sourceId: string, total = '30000.00') => ({
    sourceId,
    number: `FJ/${sourceId}`,
    date: '2026-11-20',
    partyCode: 'C001',
    partyName: 'Toko Sinar Jaya',
    total,
    lines: [{ productCode: 'P001', productName: 'Mie Goreng', quantity: '3', unit: 'PCS', unitPrice: '10000', amount: total }],
  });

  async function push(type: string, documents: unknown[], apiKey: string) {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/ingest/${type}`,
      remoteAddress: randomIp(),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      payload: JSON.stringify({ documents }),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  it('goes to the distributor and to the principals connected for the type, once per push that wrote something', async () => {
    const d = await signUp('DISTRIBUTOR');
    const created = await d.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL' });
    expect(created.status).toBe(201);
    const integrationId = created.body.id as string;
    const invoices = await signUp('PRINCIPAL');
    const orders = await signUp('PRINCIPAL');
    for (const [p, types] of [
      [invoices, ['SALES_INVOICE']],
      [orders, ['SALES_ORDER']],
    ] as const) {
      const invite = await createInvite(p);
      expect((await d.agent.request('POST', `/api/invites/${invite.token}/accept`, { documentTypes: types })).status).toBe(200);
    }

    expect((await push('sales-invoices', [doc('E-1'), doc('E-2')], created.body.apiKey)).written).toBe(2);
    const updated = (await announced(d.orgId, invoices.orgId, orders.orgId)).filter((a) => a.event.type === 'documents.updated');
    expect(updated.map((a) => a.event.organizationId).sort()).toEqual([d.orgId, invoices.orgId].sort());
    for (const a of updated) {
      expect(a.producer).toBe(d.orgId);
      expect(a.event.data).toMatchObject({
        distributorId: d.orgId,
        distributorName: d.name,
        integrationId,
        runId: null,
        documentTypes: ['SALES_INVOICE'],
        count: 2,
        link: `/api/documents?type=SALES_INVOICE&distributorId=${d.orgId}&integrationId=${integrationId}`,
      });
    }
    await expectQueued(updated);
    // The link is one the documents API takes: the principal sees exactly what was written.
    const listed = await invoices.agent.request('GET', (updated[0]!.event.data as { link: string }).link);
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((x: { number: string }) => x.number).sort()).toEqual(['FJ/E-1', 'FJ/E-2']);

    // The same documents again write nothing and announce nothing; one changed is announced with its count.
    expect((await push('sales-invoices', [doc('E-1'), doc('E-2')], created.body.apiKey)).written).toBe(0);
    expect((await announced(d.orgId)).filter((a) => a.event.type === 'documents.updated')).toHaveLength(2);
    expect((await push('sales-invoices', [doc('E-1', '45000.00'), doc('E-2')], created.body.apiKey)).written).toBe(1);
    const counts = (await announced(d.orgId, invoices.orgId, orders.orgId))
      .map((a) => a.event)
      .filter((e) => e.type === 'documents.updated')
      .map((e) => [e.organizationId === d.orgId ? 'distributor' : e.organizationId === invoices.orgId ? 'invoices' : 'orders', e.data.count]);
    expect(counts.sort()).toEqual([
      ['distributor', 1],
      ['distributor', 2],
      ['invoices', 1],
      ['invoices', 2],
    ]);
  });
});
