import { randomBytes } from 'node:crypto';
import { QUEUES, webhookDeliverJobId } from '@portal/contracts';
import { SecretBox } from '@portal/crypto';
import { createPrismaClient, hashPassword, type PrismaClient } from '@portal/db';
import { openWebhookSecret } from '@portal/domain';
import { Agent, type Party, randomIp, register, uniqueEmail } from '@portal/testing';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obliterateQueues, startTestApp, type TestApp } from './test-app';

// Issue 12: an organisation's webhook endpoints and their delivery history
// through the API, as a person (session) or a script (API key) uses them.
// The worker is not running here: what the API promises is a PENDING message
// and its delivery job in the webhooks queue.

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/5';
const QUEUE_PREFIX = `it_webhooks_${randomBytes(4).toString('hex')}`;
const ENCRYPTION_KEYS = `k1:${randomBytes(32).toString('base64')}`;
const DAY_MS = 24 * 3600_000;

let t: TestApp;
let owner: PrismaClient;
let queue: Queue;
let org: Party;

beforeAll(async () => {
  // As in production: no private addresses, so plain http is refused too.
  t = await startTestApp('api_webhooks', { QUEUE_PREFIX, ENCRYPTION_KEYS, OUTBOUND_ALLOW_PRIVATE: 'false' });
  owner = createPrismaClient(t.ownerUrl, { poolMax: 2 });
  queue = new Queue(QUEUES.webhooks, { connection: { url: REDIS_URL }, prefix: QUEUE_PREFIX });
  org = await register(t.app, 'DISTRIBUTOR', { ip: randomIp() });
}, 60_000);

afterAll(async () => {
  await queue?.close();
  await obliterateQueues(REDIS_URL, QUEUE_PREFIX);
  await owner?.$disconnect();
  await t?.close();
});

const body = (over: Record<string, unknown> = {}) => ({
  url: `https://hooks.example.com/portal/${randomBytes(3).toString('hex')}`,
  description: 'Gudang BI',
  eventTypes: ['sync_run.failed', 'documents.updated'],
  ...over,
});

async function createEndpoint(p: Party = org, over: Record<string, unknown> = {}) {
  const res = await p.agent.request('POST', '/api/webhooks/endpoints', body(over));
  expect(res.status).toBe(201);
  return res.body as { id: string; secret: string; url: string };
}

/** A script's request: the bearer key and no cookie. */
async function bearer(key: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
    payload: payload ? JSON.stringify(payload) : undefined,
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
}

async function auditRows(action: string, targetId: string) {
  return owner.auditEvent.findMany({ where: { action, targetId }, orderBy: { createdAt: 'asc' } });
}

async function sealedSecrets(id: string) {
  return owner.webhookEndpoint.findUniqueOrThrow({ where: { id }, select: { secretSealed: true, previousSecretSealed: true } });
}

async function testMessage(endpointId: string): Promise<string> {
  const res = await org.agent.request('POST', `/api/webhooks/endpoints/${endpointId}/test`);
  expect(res.status).toBe(202);
  return res.body.messageId;
}

describe('webhook endpoints', () => {
  it('creates, lists, reads, changes and deletes an endpoint; the secret is shown on create only', async () => {
    const created = await createEndpoint();
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    expect(created).toMatchObject({ description: 'Gudang BI', eventTypes: ['sync_run.failed', 'documents.updated'], enabled: true, disabledReason: null });

    const list = await org.agent.request('GET', '/api/webhooks/endpoints');
    expect(list.status).toBe(200);
    expect(list.body.data.map((e: { id: string }) => e.id)).toContain(created.id);
    const one = await org.agent.request('GET', `/api/webhooks/endpoints/${created.id}`);
    expect(one.body).toMatchObject({ id: created.id, url: created.url });
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
    expect(JSON.stringify(one.body)).not.toContain('whsec_');
    // Stored sealed under the endpoint's id, never in the clear.
    const sealed = await sealedSecrets(created.id);
    expect(sealed.secretSealed).not.toContain(created.secret);
    expect(openWebhookSecret(SecretBox.fromConfig(ENCRYPTION_KEYS), sealed.secretSealed, created.id)).toBe(created.secret);
    const [createdAudit] = await auditRows('webhook_endpoint.created', created.id);
    expect(createdAudit).toMatchObject({
      actorUserId: expect.any(String),
      metadata: { url: created.url, eventTypes: ['sync_run.failed', 'documents.updated'] },
    });
    expect(JSON.stringify(createdAudit)).not.toContain(created.secret);

    const changed = await org.agent.request('PATCH', `/api/webhooks/endpoints/${created.id}`, {
      description: 'Gudang BI (prod)',
      eventTypes: ['connection.accepted'],
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ description: 'Gudang BI (prod)', eventTypes: ['connection.accepted'] });
    expect(JSON.stringify(changed.body)).not.toContain('whsec_');
    const [updated] = await auditRows('webhook_endpoint.updated', created.id);
    expect(updated).toMatchObject({
      before: { description: 'Gudang BI', eventTypes: ['sync_run.failed', 'documents.updated'] },
      after: { description: 'Gudang BI (prod)', eventTypes: ['connection.accepted'] },
    });

    expect((await org.agent.request('DELETE', `/api/webhooks/endpoints/${created.id}`)).status).toBe(204);
    expect((await org.agent.request('GET', `/api/webhooks/endpoints/${created.id}`)).status).toBe(404);
    expect(await auditRows('webhook_endpoint.deleted', created.id)).toHaveLength(1);
  });

  it('disabling records MANUAL; enabling clears why it was disabled and the failure streak', async () => {
    const { id } = await createEndpoint();
    const off = await org.agent.request('PATCH', `/api/webhooks/endpoints/${id}`, { enabled: false });
    expect(off.body).toMatchObject({ enabled: false, disabledReason: 'MANUAL', disabledAt: expect.any(String) });
    // As the worker leaves it after five days of failures.
    await owner.webhookEndpoint.update({ where: { id }, data: { disabledReason: 'FAILING', failingSince: new Date(Date.now() - 5 * DAY_MS) } });
    const on = await org.agent.request('PATCH', `/api/webhooks/endpoints/${id}`, { enabled: true });
    expect(on.body).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null, failingSince: null });
  });

  it('refuses plain http and private, loopback or metadata addresses, on create and on change', async () => {
    const insecure = await org.agent.request('POST', '/api/webhooks/endpoints', body({ url: 'http://hooks.example.com/in' }));
    expect(insecure.status).toBe(400);
    expect(insecure.body.error.code).toBe('WEBHOOK_URL_INSECURE');
    for (const url of ['https://10.0.0.1/hook', 'https://169.254.169.254/latest/meta-data', 'https://localhost/hook']) {
      const refused = await org.agent.request('POST', '/api/webhooks/endpoints', body({ url }));
      expect(refused.status, url).toBe(400);
      expect(refused.body.error.code).toBe('OUTBOUND_ADDRESS_REFUSED');
    }
    const { id } = await createEndpoint();
    const patched = await org.agent.request('PATCH', `/api/webhooks/endpoints/${id}`, { url: 'https://10.0.0.1/hook' });
    expect(patched.body.error.code).toBe('OUTBOUND_ADDRESS_REFUSED');
    expect(await owner.webhookEndpoint.count({ where: { organizationId: org.orgId, url: { contains: '10.0.0.1' } } })).toBe(0);
  });

  it('rotating shows a new secret once; the previous one keeps signing for 24 hours', async () => {
    const created = await createEndpoint();
    const before = Date.now();
    const rotated = await org.agent.request('POST', `/api/webhooks/endpoints/${created.id}/rotate-secret`);
    const after = Date.now();
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.secret);
    const expires = Date.parse(rotated.body.previousSecretExpiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + DAY_MS);
    expect(expires).toBeLessThanOrEqual(after + DAY_MS);
    const box = SecretBox.fromConfig(ENCRYPTION_KEYS);
    const sealed = await sealedSecrets(created.id);
    expect(openWebhookSecret(box, sealed.secretSealed, created.id)).toBe(rotated.body.secret);
    expect(openWebhookSecret(box, sealed.previousSecretSealed!, created.id)).toBe(created.secret);
    expect(JSON.stringify((await org.agent.request('GET', `/api/webhooks/endpoints/${created.id}`)).body)).not.toContain('whsec_');
    const [audit] = await auditRows('webhook_endpoint.secret_rotated', created.id);
    expect(audit?.metadata).toEqual({ previousSecretExpiresAt: rotated.body.previousSecretExpiresAt });
    expect(JSON.stringify(audit)).not.toContain('whsec_');
  });
});

describe('delivery history', () => {
  it('a test event is a PENDING message with its first delivery job queued', async () => {
    // Subscribed to other types: the test event goes to the endpoint it names whatever it subscribes to.
    const { id } = await createEndpoint();
    const messageId = await testMessage(id);
    expect(messageId).toMatch(/^msg_/);
    const job = await queue.getJob(webhookDeliverJobId(messageId, 1));
    expect(job?.data).toEqual({ v: 1, organizationId: org.orgId, messageId, attempt: 1 });

    const list = await org.agent.request('GET', `/api/webhooks/endpoints/${id}/messages`);
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([
      expect.objectContaining({ id: messageId, endpointId: id, eventType: 'webhook_endpoint.test', status: 'PENDING', attempts: 0 }),
    ]);
    const detail = await org.agent.request('GET', `/api/webhooks/endpoints/${id}/messages/${messageId}`);
    expect(detail.body.attemptList).toEqual([]);
    expect(JSON.parse(detail.body.payload)).toMatchObject({
      id: detail.body.eventId,
      type: 'webhook_endpoint.test',
      organizationId: org.orgId,
      data: { ping: true, endpointId: id },
    });
  });

  it('lists newest first by pages, by status, with each attempt in order', async () => {
    const { id } = await createEndpoint();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await testMessage(id));
    await owner.webhookMessage.update({ where: { id: ids[0] }, data: { status: 'FAILED', attempts: 2, lastStatusCode: 503 } });
    await owner.webhookAttempt.createMany({
      data: [
        { organizationId: org.orgId, messageId: ids[0]!, attempt: 2, statusCode: 503, durationMs: 40, responseBody: 'busy', succeeded: false },
        { organizationId: org.orgId, messageId: ids[0]!, attempt: 1, statusCode: null, durationMs: 15000, error: 'TIMEOUT', succeeded: false },
      ],
    });

    const first = await org.agent.request('GET', `/api/webhooks/endpoints/${id}/messages?limit=2`);
    expect(first.body.data.map((m: { id: string }) => m.id)).toEqual([ids[2], ids[1]]);
    const second = await org.agent.request('GET', `/api/webhooks/endpoints/${id}/messages?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ data: [{ id: ids[0] }], nextCursor: null });
    const failed = await org.agent.request('GET', `/api/webhooks/endpoints/${id}/messages?status=FAILED`);
    expect(failed.body.data).toEqual([expect.objectContaining({ id: ids[0], status: 'FAILED', attempts: 2, lastStatusCode: 503 })]);
    const bad = await org.agent.request(
      'GET',
      `/api/webhooks/endpoints/${id}/messages?cursor=${Buffer.from('2026-01-01T00:00:00.000Z|x').toString('base64url')}`,
    );
    expect(bad.body.error.code).toBe('INVALID_CURSOR');

    const detail = await org.agent.request('GET', `/api/webhooks/endpoints/${id}/messages/${ids[0]}`);
    expect(detail.body.attemptList).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: null, error: 'TIMEOUT', durationMs: 15000, succeeded: false }),
      expect.objectContaining({ attempt: 2, statusCode: 503, responseBody: 'busy', succeeded: false }),
    ]);
  });

  it('retry sends a message again as its next attempt; replay does so for every message since a time', async () => {
    const { id } = await createEndpoint();
    const [old, a, b] = [await testMessage(id), await testMessage(id), await testMessage(id)];
    const since = new Date(Date.now() - 3600_000);
    await owner.webhookMessage.update({ where: { id: old }, data: { createdAt: new Date(since.getTime() - 60_000), status: 'FAILED', attempts: 8 } });
    await owner.webhookMessage.update({ where: { id: a }, data: { status: 'FAILED', attempts: 3, nextAttemptAt: null } });
    await owner.webhookMessage.update({ where: { id: b }, data: { status: 'SUCCEEDED', attempts: 1, nextAttemptAt: null } });

    const retried = await org.agent.request('POST', `/api/webhooks/endpoints/${id}/messages/${a}/retry`);
    expect(retried.status).toBe(202);
    expect(await owner.webhookMessage.findUnique({ where: { id: a }, select: { status: true, nextAttemptAt: true } })).toEqual({
      status: 'PENDING',
      nextAttemptAt: expect.any(Date),
    });
    expect((await queue.getJob(webhookDeliverJobId(a, 4)))?.data).toMatchObject({ messageId: a, attempt: 4 });
    const [retryAudit] = await auditRows('webhook_message.retried', a);
    expect(retryAudit?.metadata).toEqual({ endpointId: id, attempt: 4 });

    const replayed = await org.agent.request('POST', `/api/webhooks/endpoints/${id}/replay`, { since: since.toISOString() });
    expect(replayed.status).toBe(202);
    expect(replayed.body).toEqual({ queued: 2 });
    const statuses = await owner.webhookMessage.findMany({ where: { endpointId: id }, select: { id: true, status: true } });
    expect(Object.fromEntries(statuses.map((m) => [m.id, m.status]))).toEqual({ [old]: 'FAILED', [a]: 'PENDING', [b]: 'PENDING' });
    expect(await queue.getJob(webhookDeliverJobId(b, 2))).toBeDefined();
    expect(await queue.getJob(webhookDeliverJobId(old, 9))).toBeUndefined();
    const [replayAudit] = await auditRows('webhook_endpoint.replayed', id);
    expect(replayAudit?.metadata).toEqual({ since: since.toISOString(), queued: 2 });
  });

  it('retry and replay are refused while the endpoint is disabled', async () => {
    const { id } = await createEndpoint();
    const messageId = await testMessage(id);
    await org.agent.request('PATCH', `/api/webhooks/endpoints/${id}`, { enabled: false });
    const retry = await org.agent.request('POST', `/api/webhooks/endpoints/${id}/messages/${messageId}/retry`);
    expect(retry.status).toBe(409);
    expect(retry.body.error.code).toBe('INVALID_STATE');
    const replay = await org.agent.request('POST', `/api/webhooks/endpoints/${id}/replay`, { since: new Date(0).toISOString() });
    expect(replay.status).toBe(409);
    expect(replay.body.error.code).toBe('INVALID_STATE');
  });
});

describe('who may manage webhooks', () => {
  it('a MEMBER gets 403 ROLE_FORBIDDEN', async () => {
    const email = uniqueEmail('member');
    await owner.user.create({
      data: {
        organizationId: org.orgId,
        email,
        name: 'Rina',
        passwordHash: await hashPassword('correct-horse-battery'),
        memberships: { create: { organizationId: org.orgId, role: 'MEMBER' } },
      },
    });
    const member = new Agent(t.app, randomIp());
    expect((await member.request('POST', '/api/auth/login', { email, password: 'correct-horse-battery' })).status).toBe(200);
    for (const [method, url] of [
      ['GET', '/api/webhooks/endpoints'],
      ['POST', '/api/webhooks/endpoints'],
    ] as const) {
      const res = await member.request(method, url, method === 'POST' ? body() : undefined);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('ROLE_FORBIDDEN');
    }
  });

  it('an API key with webhooks:manage works without a cookie; a documents:read key gets 403 INSUFFICIENT_SCOPE', async () => {
    const key = async (scopes: string[]) => (await org.agent.request('POST', '/api/api-keys', { name: `hooks ${scopes[0]}`, scopes })).body.apiKey as string;
    const manage = await key(['webhooks:manage']);
    const created = await bearer(manage, 'POST', '/api/webhooks/endpoints', body({ description: 'from a script' }));
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const [audit] = await auditRows('webhook_endpoint.created', created.body.id);
    expect(audit).toMatchObject({ actorType: 'API_KEY', actorLabel: 'hooks webhooks:manage', actorUserId: null });
    expect((await bearer(manage, 'GET', '/api/webhooks/endpoints')).body.data.map((e: { id: string }) => e.id)).toContain(created.body.id);
    expect((await bearer(manage, 'POST', `/api/webhooks/endpoints/${created.body.id}/test`)).status).toBe(202);

    const read = await key(['documents:read']);
    const refused = await bearer(read, 'GET', '/api/webhooks/endpoints');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('INSUFFICIENT_SCOPE');
  });

  it("another organisation's endpoint and messages are 404 on every route", async () => {
    const { id } = await createEndpoint();
    const messageId = await testMessage(id);
    const other = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
    const calls = [
      ['GET', `/api/webhooks/endpoints/${id}`, undefined],
      ['PATCH', `/api/webhooks/endpoints/${id}`, { description: 'mine now' }],
      ['DELETE', `/api/webhooks/endpoints/${id}`, undefined],
      ['POST', `/api/webhooks/endpoints/${id}/rotate-secret`, undefined],
      ['POST', `/api/webhooks/endpoints/${id}/test`, undefined],
      ['GET', `/api/webhooks/endpoints/${id}/messages`, undefined],
      ['GET', `/api/webhooks/endpoints/${id}/messages/${messageId}`, undefined],
      ['POST', `/api/webhooks/endpoints/${id}/messages/${messageId}/retry`, undefined],
      ['POST', `/api/webhooks/endpoints/${id}/replay`, { since: new Date(0).toISOString() }],
    ] as const;
    for (const [method, url, payload] of calls) expect((await other.agent.request(method, url, payload)).status, `${method} ${url}`).toBe(404);
    expect((await other.agent.request('GET', '/api/webhooks/endpoints')).body.data).toEqual([]);
    expect(await owner.webhookEndpoint.findUnique({ where: { id }, select: { description: true } })).toEqual({ description: 'Gudang BI' });
  });
});
