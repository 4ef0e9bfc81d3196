import { randomUUID } from 'node:crypto';
import { EMAIL_ON_BY_DEFAULT } from '@portal/contracts';
import { createPrismaClient, type PrismaClient } from '@portal/db';
import { Agent, randomIp, register } from '@portal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app';

// Issue 12, docs/product/events.md "Alerts": the signed-in user's notification
// centre. The worker's fan-out writes the rows; here they are inserted as it would.

let t: TestApp;
let ownerDb: PrismaClient;

beforeAll(async () => {
  t = await startTestApp('api_notifications');
  ownerDb = createPrismaClient(t.ownerUrl, { poolMax: 2 });
}, 60_000);

afterAll(async () => {
  await ownerDb?.$disconnect();
  await t?.close();
});

interface Signed {
  agent: Agent;
  orgId: string;
  userId: string;
}

async function signUp(): Promise<Signed> {
  const party = await register(t.app, 'DISTRIBUTOR', { ip: randomIp() });
  const user = await ownerDb.user.findFirstOrThrow({ where: { email: { equals: party.email, mode: 'insensitive' } }, select: { id: true } });
  return { agent: party.agent, orgId: party.orgId, userId: user.id };
}

/** What the fan-out writes: one notification per (event, user), `minutesAgo` apart so the order is known. */
async function notify(to: { orgId: string; userId: string }, minutesAgo: number, integrationName = `DMS ${minutesAgo}`) {
  const integrationId = randomUUID();
  return ownerDb.notification.create({
    data: {
      organizationId: to.orgId,
      userId: to.userId,
      kind: 'sync_failed',
      eventId: `evt_${randomUUID()}`,
      params: { integrationName, errorCode: 'CREDENTIALS_REJECTED' },
      link: `/integrations/${integrationId}`,
      createdAt: new Date(Date.now() - minutesAgo * 60_000),
    },
  });
}

describe('the notification centre', () => {
  it('lists the user own notifications newest first, page by page, with the unread count', async () => {
    const me = await signUp();
    const rows = [];
    for (const m of [5, 4, 3, 2, 1]) rows.push(await notify(me, m));

    const first = await me.agent.request('GET', '/api/notifications?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.unread).toBe(5);
    expect(first.body.data.map((n: { id: string }) => n.id)).toEqual([rows[4]!.id, rows[3]!.id]);
    expect(first.body.data[0]).toEqual({
      id: rows[4]!.id,
      kind: 'sync_failed',
      params: { integrationName: 'DMS 1', errorCode: 'CREDENTIALS_REJECTED' },
      link: rows[4]!.link,
      readAt: null,
      createdAt: rows[4]!.createdAt.toISOString(),
    });
    const seen = [...first.body.data];
    let cursor = first.body.nextCursor as string | null;
    while (cursor) {
      const next = await me.agent.request('GET', `/api/notifications?limit=2&cursor=${cursor}`);
      expect(next.status).toBe(200);
      seen.push(...next.body.data);
      cursor = next.body.nextCursor;
    }
    expect(seen.map((n) => n.id)).toEqual(rows.map((r) => r.id).reverse());

    expect((await me.agent.request('GET', '/api/notifications?cursor=not-a-cursor')).body.error.code).toBe('INVALID_CURSOR');
  });

  it('mark one read, then all: the count drops, unreadOnly lists what is left, marking again changes nothing', async () => {
    const me = await signUp();
    const [a, b, c] = [await notify(me, 3), await notify(me, 2), await notify(me, 1)];
    expect((await me.agent.request('GET', '/api/notifications/unread-count')).body).toEqual({ unread: 3 });

    expect((await me.agent.request('POST', `/api/notifications/${b.id}/read`)).status).toBe(204);
    expect((await me.agent.request('GET', '/api/notifications/unread-count')).body).toEqual({ unread: 2 });
    const unread = await me.agent.request('GET', '/api/notifications?unreadOnly=true');
    expect(unread.body.data.map((n: { id: string }) => n.id)).toEqual([c.id, a.id]);
    const readAt = (await ownerDb.notification.findUniqueOrThrow({ where: { id: b.id } })).readAt;
    expect(readAt).not.toBeNull();
    // Marking it again is fine and keeps when it was first read.
    expect((await me.agent.request('POST', `/api/notifications/${b.id}/read`)).status).toBe(204);
    expect((await ownerDb.notification.findUniqueOrThrow({ where: { id: b.id } })).readAt).toEqual(readAt);

    expect((await me.agent.request('POST', '/api/notifications/read-all')).status).toBe(204);
    expect((await me.agent.request('GET', '/api/notifications/unread-count')).body).toEqual({ unread: 0 });
    const all = await me.agent.request('GET', '/api/notifications');
    expect(all.body.data.every((n: { readAt: string | null }) => n.readAt !== null)).toBe(true);
  });

  it("another user's notification, in the same organisation or another, is not there (404) and stays unread", async () => {
    const me = await signUp();
    const colleague = await ownerDb.user.create({
      data: { organizationId: me.orgId, email: `colleague-${randomUUID().slice(0, 8)}@example.com`, name: 'Rekan', passwordHash: 'x' },
    });
    await ownerDb.membership.create({ data: { organizationId: me.orgId, userId: colleague.id, role: 'MEMBER' } });
    const theirs = await notify({ orgId: me.orgId, userId: colleague.id }, 1);
    const stranger = await signUp();
    const foreign = await notify(stranger, 1);

    for (const id of [theirs.id, foreign.id, randomUUID()]) {
      const res = await me.agent.request('POST', `/api/notifications/${id}/read`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    expect((await me.agent.request('GET', '/api/notifications')).body).toEqual({ data: [], nextCursor: null, unread: 0 });
    await me.agent.request('POST', '/api/notifications/read-all');
    const after = await ownerDb.notification.findMany({ where: { id: { in: [theirs.id, foreign.id] } } });
    expect(after.map((n) => n.readAt)).toEqual([null, null]);
    expect((await stranger.agent.request('GET', '/api/notifications/unread-count')).body).toEqual({ unread: 1 });
  });

  it('email preferences: the defaults, then stored choices over them, per user', async () => {
    const me = await signUp();
    const other = await signUp();
    expect((await me.agent.request('GET', '/api/notifications/preferences')).body).toEqual({ email: EMAIL_ON_BY_DEFAULT });

    const off = await me.agent.request('PUT', '/api/notifications/preferences', { email: { sync_failed: false, connection_revoked: false } });
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ email: { ...EMAIL_ON_BY_DEFAULT, sync_failed: false, connection_revoked: false } });
    const back = await me.agent.request('PUT', '/api/notifications/preferences', { email: { sync_failed: true } });
    expect(back.body).toEqual({ email: { ...EMAIL_ON_BY_DEFAULT, connection_revoked: false } });
    expect((await me.agent.request('GET', '/api/notifications/preferences')).body).toEqual(back.body);
    expect(
      await ownerDb.notificationPreference.findMany({ where: { userId: me.userId }, orderBy: { kind: 'asc' }, select: { kind: true, email: true } }),
    ).toEqual([
      { kind: 'connection_revoked', email: false },
      { kind: 'sync_failed', email: true },
    ]);
    expect((await other.agent.request('GET', '/api/notifications/preferences')).body).toEqual({ email: EMAIL_ON_BY_DEFAULT });

    const bad = await me.agent.request('PUT', '/api/notifications/preferences', { email: { not_a_kind: false } });
    expect(bad.status).toBe(400);
  });

  it('needs a session', async () => {
    const anon = new Agent(t.app, randomIp());
    expect((await anon.request('GET', '/api/notifications')).status).toBe(401);
  });
});
