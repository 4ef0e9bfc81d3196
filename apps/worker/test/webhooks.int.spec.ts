import { randomUUID } from 'node:crypto';
import { type EventData, eventPublishJobId, type EventType, JOBS, type PortalEvent, QUEUES, webhookDeliverJobId } from '@portal/contracts';
import { SecretBox } from '@portal/crypto';
import { createTestDatabase, type TestDatabase } from '@portal/db/testing';
import { buildEvent, enqueueEventJobs, newWebhookSecret, sealWebhookSecret, WEBHOOK_PREVIOUS_SECRET_MS } from '@portal/domain';
import { eventually, freePort } from '@portal/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerEnv } from '../src/env';
import { Fixtures, REDIS_URL, SyncScope } from './sync-harness';
import { type Answer, WebhookReceiver } from './webhook-receiver';

const SLOW = 90_000;
// Well inside a test's time, so a wait that fails names what it waited for.
const DEADLINE_MS = 40_000;
// Short schedules so a test sees retries: 200 ms, 400 ms, 800 ms (four attempts in all), 1 s until a delivery times out.
const FAST_WEBHOOKS = {
  WEBHOOK_RETRY_DELAYS_MS: '200,400,800',
  WEBHOOK_TIMEOUT_MS: '1000',
  // Every suite's worker reads the same database: only the sweep test sweeps, by hand.
  WEBHOOK_SWEEP_MS: String(60 * 60_000),
  OUTBOUND_ALLOW_PRIVATE: 'true',
  SCHEDULE_RECONCILE_INTERVAL_MS: String(60 * 60_000),
  OUTBOX_RELAY_INTERVAL_MS: '200',
};

let db: TestDatabase;
let fx: Fixtures;
let receiver: WebhookReceiver;
const box = SecretBox.fromConfig(loadWorkerEnv({ NODE_ENV: 'test' }).ENCRYPTION_KEYS);
const scopes: Scope[] = [];
let path = 0;

type Scope = { scope: SyncScope; redis: Redis; events: Queue; webhooks: Queue; mail: Queue };

/** A test scope (its own queue prefix) with the events and webhooks queues a test publishes to and inspects. */
function newScope(): Scope {
  const scope = new SyncScope(db, 'http://127.0.0.1:1');
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const s = {
    scope,
    redis,
    events: new Queue(QUEUES.events, { connection: redis, prefix: scope.prefix }),
    webhooks: new Queue(QUEUES.webhooks, { connection: redis, prefix: scope.prefix }),
    mail: new Queue(QUEUES.mail, { connection: redis, prefix: scope.prefix }),
  };
  scopes.push(s);
  return s;
}

async function organization(kind: 'DISTRIBUTOR' | 'PRINCIPAL' = 'DISTRIBUTOR') {
  const id = randomUUID();
  await fx.owner.organization.create({ data: { id, kind, name: `PT Webhook ${id.slice(0, 6)}` } });
  return id;
}

/** An endpoint as the API registers it (sealed secret) on a new receiver path answering as `script` says. */
async function endpoint(
  organizationId: string,
  script: (nth: number) => Answer,
  opts: { eventTypes?: EventType[]; enabled?: boolean; failingSince?: Date; previous?: { secret: string; expiresAt: Date } } = {},
) {
  const id = randomUUID();
  const secret = newWebhookSecret();
  const route = `/hook-${++path}`;
  const url = receiver.route(route, opts.previous ? [secret, opts.previous.secret] : [secret], script);
  await fx.owner.webhookEndpoint.create({
    data: {
      id,
      organizationId,
      url,
      eventTypes: opts.eventTypes ?? ['sync_run.finished'],
      enabled: opts.enabled ?? true,
      failingSince: opts.failingSince ?? null,
      secretSealed: sealWebhookSecret(box, secret, id),
      previousSecretSealed: opts.previous ? sealWebhookSecret(box, opts.previous.secret, id) : null,
      previousSecretExpiresAt: opts.previous?.expiresAt ?? null,
    },
  });
  return { id, secret, route, deliveries: () => receiver.at(route) };
}

function syncFinished(organizationId: string): PortalEvent {
  const data: EventData<'sync_run.finished'> = {
    runId: randomUUID(),
    integrationId: randomUUID(),
    integrationName: 'SimpliDOTS: DMS',
    integrationKind: 'DMS',
    documentType: 'SALES_INVOICE',
    trigger: 'SCHEDULE',
    status: 'SUCCEEDED',
    startedAt: new Date().toISOString(),
    finishedAt: new Date().toISOString(),
    counts: { read: 3, upserted: 3, quarantined: 0 },
  };
  return buildEvent('sync_run.finished', organizationId, data, new Date());
}

function documentsUpdated(receiverId: string, distributorId: string, integrationId: string, documentTypes: ('SALES_INVOICE' | 'SALES_ORDER')[]): PortalEvent {
  return buildEvent(
    'documents.updated',
    receiverId,
    {
      distributorId,
      distributorName: 'PT Distributor',
      integrationId,
      runId: null,
      documentTypes,
      count: 4,
      from: new Date(Date.now() - 60_000).toISOString(),
      to: new Date().toISOString(),
      link: `/documents?distributor=${distributorId}`,
    },
    new Date(),
  );
}

const messagesOf = (eventId: string) => fx.owner.webhookMessage.findMany({ where: { eventId }, include: { attemptList: { orderBy: { attempt: 'asc' } } } });

async function settledMessage(eventId: string, endpointId: string) {
  return eventually(
    `the message of ${eventId} to settle`,
    async () => {
      const m = await fx.owner.webhookMessage.findUnique({
        where: { endpointId_eventId: { endpointId, eventId } },
        include: { attemptList: { orderBy: { attempt: 'asc' } } },
      });
      return m && m.status !== 'PENDING' ? m : null;
    },
    DEADLINE_MS,
  );
}

/** Waits until the event's fan-out job finished and answers what it reported. */
async function fannedOut(s: Scope, eventId: string) {
  return eventually(
    `the fan-out of ${eventId}`,
    async () => {
      const job = await s.events.getJob(eventPublishJobId(eventId));
      const state = await job?.getState();
      if (state === 'failed') throw new Error(`the fan-out of ${eventId} failed: ${job?.failedReason}`);
      return job && state === 'completed' ? (job.returnvalue as { status: string; detail: { status: string } }) : null;
    },
    DEADLINE_MS,
  );
}

const ok = (): Answer => ({ status: 200, body: 'ok' });

beforeAll(async () => {
  db = await createTestDatabase('worker_webhooks');
  fx = new Fixtures(db.ownerUrl);
  receiver = await new WebhookReceiver().start();
});

/**
 * Stops the scopes' workers and empties their queues. Every worker's outbox
 * relay reads the whole database, so only one scope's workers may run at a
 * time (else another scope's worker takes the events of the next test).
 */
async function closeScopes() {
  for (const s of scopes.splice(0)) {
    await s.scope.close();
    for (const queue of [s.events, s.webhooks, s.mail]) {
      await queue.obliterate({ force: true });
      await queue.close();
    }
    s.redis.disconnect();
  }
}

afterAll(async () => {
  await closeScopes();
  await receiver?.stop();
  await fx?.close();
  await db?.drop();
});

describe('webhook delivery (issue 12, docs/product/events.md)', () => {
  let s: Scope;

  beforeAll(async () => {
    s = newScope();
    await s.scope.startWorker(FAST_WEBHOOKS);
  });
  afterAll(closeScopes);

  it('retries a 500 and succeeds: two attempts recorded under one webhook-id, both signed, the message SUCCEEDED', { timeout: SLOW }, async () => {
    const org = await organization();
    const ep = await endpoint(org, (n) => (n === 0 ? { status: 500, body: 'boom' } : ok()));
    const event = syncFinished(org);
    await enqueueEventJobs(s.events, [event]);

    const message = await settledMessage(event.id, ep.id);
    expect(message).toMatchObject({ status: 'SUCCEEDED', attempts: 2, lastStatusCode: 200, nextAttemptAt: null });
    expect(message.attemptList.map((a) => [a.attempt, a.statusCode, a.error, a.succeeded, a.responseBody])).toEqual([
      [1, 500, 'HTTP_500', false, 'boom'],
      [2, 200, null, true, 'ok'],
    ]);
    const deliveries = ep.deliveries();
    expect(deliveries).toHaveLength(2);
    for (const d of deliveries) {
      expect(d.verifiedWith[ep.secret]).toBe(true);
      expect(d.headers['webhook-id']).toBe(message.id);
      // The exact bytes stored are the bytes sent and signed.
      expect(d.body).toBe(message.payload);
      expect(d.headers['user-agent']).toBe('portal-webhooks/1');
    }
    expect(deliveries.map((d) => d.headers['webhook-attempt'])).toEqual(['1', '2']);
    expect(JSON.parse(deliveries[0]!.body)).toEqual(event);
    // A success after a failure ends the endpoint's failing streak.
    expect((await fx.owner.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })).failingSince).toBeNull();
  });

  it('410 Gone disables the endpoint (GONE), audited as the system, with no further attempt', { timeout: SLOW }, async () => {
    const org = await organization();
    const ep = await endpoint(org, () => ({ status: 410 }));
    const event = syncFinished(org);
    await enqueueEventJobs(s.events, [event]);

    const message = await settledMessage(event.id, ep.id);
    expect(message).toMatchObject({ status: 'FAILED', attempts: 1, lastStatusCode: 410 });
    expect(await s.webhooks.getJob(webhookDeliverJobId(message.id, 2))).toBeUndefined();
    const disabled = await fx.owner.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(disabled).toMatchObject({ enabled: false, disabledReason: 'GONE' });
    expect(disabled.disabledAt).toBeInstanceOf(Date);
    const audit = await fx.owner.auditEvent.findMany({ where: { organizationId: org, action: 'webhook_endpoint.disabled' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorType: 'SYSTEM',
      actorId: null,
      targetType: 'webhook_endpoint',
      targetId: ep.id,
      after: { enabled: false, disabledReason: 'GONE' },
    });
    expect(audit[0]!.metadata).toMatchObject({ reason: 'GONE', url: expect.stringContaining(ep.route) });

    // A later event is not even recorded for the disabled endpoint.
    const later = syncFinished(org);
    await enqueueEventJobs(s.events, [later]);
    expect((await fannedOut(s, later.id)).detail.status).toBe('published');
    expect(await messagesOf(later.id)).toEqual([]);
    expect(ep.deliveries()).toHaveLength(1);
  });

  it('a receiver slower than WEBHOOK_TIMEOUT_MS fails the attempt as TIMEOUT, and the retry delivers', { timeout: SLOW }, async () => {
    const org = await organization();
    const ep = await endpoint(org, (n) => (n === 0 ? { status: 200, delayMs: 2_500 } : ok()));
    const event = syncFinished(org);
    await enqueueEventJobs(s.events, [event]);

    const message = await settledMessage(event.id, ep.id);
    expect(message.status).toBe('SUCCEEDED');
    expect(message.attemptList.map((a) => [a.attempt, a.statusCode, a.error, a.succeeded])).toEqual([
      [1, null, 'TIMEOUT', false],
      [2, 200, null, true],
    ]);
    expect(message.attemptList[0]!.durationMs).toBeGreaterThanOrEqual(1_000);
    expect(new Set(ep.deliveries().map((d) => d.headers['webhook-id']))).toEqual(new Set([message.id]));
  });

  it('during a rotation each secret alone verifies the delivery; once the overlap has passed only the new one does', { timeout: SLOW }, async () => {
    const org = await organization();
    const old = newWebhookSecret();
    const ep = await endpoint(org, ok, { previous: { secret: old, expiresAt: new Date(Date.now() + WEBHOOK_PREVIOUS_SECRET_MS) } });
    const during = syncFinished(org);
    await enqueueEventJobs(s.events, [during]);
    await settledMessage(during.id, ep.id);
    const [first] = ep.deliveries();
    expect(first!.verifiedWith).toEqual({ [ep.secret]: true, [old]: true });
    expect(String(first!.headers['webhook-signature']).split(' ')).toHaveLength(2);

    await fx.owner.webhookEndpoint.update({ where: { id: ep.id }, data: { previousSecretExpiresAt: new Date(Date.now() - 1_000) } });
    const after = syncFinished(org);
    await enqueueEventJobs(s.events, [after]);
    await settledMessage(after.id, ep.id);
    const second = ep.deliveries()[1]!;
    expect(second.verifiedWith).toEqual({ [ep.secret]: true, [old]: false });
    expect(String(second.headers['webhook-signature']).split(' ')).toHaveLength(1);
  });

  it('an endpoint failing for longer than WEBHOOK_DISABLE_AFTER_MS is disabled (FAILING) at its next failure', { timeout: SLOW }, async () => {
    const org = await organization();
    const sixDaysAgo = new Date(Date.now() - 6 * 24 * 3600_000);
    const ep = await endpoint(org, () => ({ status: 503 }), { failingSince: sixDaysAgo });
    const event = syncFinished(org);
    await enqueueEventJobs(s.events, [event]);

    const message = await settledMessage(event.id, ep.id);
    expect(message).toMatchObject({ status: 'FAILED', attempts: 1 });
    const disabled = await fx.owner.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(disabled).toMatchObject({ enabled: false, disabledReason: 'FAILING', failingSince: sixDaysAgo });
    const audit = await fx.owner.auditEvent.findMany({ where: { organizationId: org, action: 'webhook_endpoint.disabled' } });
    expect(audit.map((a) => a.metadata)).toEqual([expect.objectContaining({ reason: 'FAILING', failingSince: sixDaysAgo.toISOString() })]);
  });

  it('a first failure starts the endpoint’s failing clock; exhausting the schedule fails the message', { timeout: SLOW }, async () => {
    const org = await organization();
    const ep = await endpoint(org, () => ({ status: 503, headers: { 'retry-after': '0' } }));
    const event = syncFinished(org);
    await enqueueEventJobs(s.events, [event]);
    const message = await settledMessage(event.id, ep.id);
    expect(message).toMatchObject({ status: 'FAILED', attempts: 4, nextAttemptAt: null });
    expect(message.attemptList.map((a) => a.error)).toEqual(['HTTP_503', 'HTTP_503', 'HTTP_503', 'HTTP_503']);
    const stillOn = await fx.owner.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(stillOn.enabled).toBe(true);
    expect(stillOn.failingSince).toEqual(message.attemptList[0]!.attemptedAt);
  });

  it('fans an event out once per receiving endpoint, however often it runs; unsubscribed and disabled endpoints get nothing', { timeout: SLOW }, async () => {
    const org = await organization();
    const a = await endpoint(org, ok);
    const b = await endpoint(org, ok, { eventTypes: ['sync_run.failed', 'sync_run.finished'] });
    const other = await endpoint(org, ok, { eventTypes: ['connection.accepted'] });
    const off = await endpoint(org, ok, { enabled: false });
    const event = syncFinished(org);
    await enqueueEventJobs(s.events, [event]);
    await fannedOut(s, event.id);
    await settledMessage(event.id, a.id);
    await settledMessage(event.id, b.id);

    // The same event fanned out again (a relayed duplicate once the first job is gone).
    await (await s.events.getJob(eventPublishJobId(event.id)))!.remove();
    await enqueueEventJobs(s.events, [event]);
    expect((await fannedOut(s, event.id)).detail).toMatchObject({ status: 'published', messagesCreated: 0, deliveriesQueued: 0 });

    const messages = await messagesOf(event.id);
    expect(messages.map((m) => m.endpointId).sort()).toEqual([a.id, b.id].sort());
    expect(messages.every((m) => m.status === 'SUCCEEDED' && m.attempts === 1)).toBe(true);
    expect(a.deliveries()).toHaveLength(1);
    expect(b.deliveries()).toHaveLength(1);
    expect(other.deliveries()).toEqual([]);
    expect(off.deliveries()).toEqual([]);
  });

  it('documents.updated reaches a principal only while its connection covers every type and the integration', { timeout: SLOW }, async () => {
    const distributor = await organization('DISTRIBUTOR');
    const principal = await organization('PRINCIPAL');
    const integrationId = randomUUID();
    const connection = await fx.owner.connection.create({
      data: {
        principalOrgId: principal,
        distributorOrgId: distributor,
        status: 'CONNECTED',
        documentTypes: ['SALES_INVOICE'],
        integrationIds: [],
        connectedAt: new Date(),
      },
    });
    const ep = await endpoint(principal, ok, { eventTypes: ['documents.updated'] });
    const own = await endpoint(distributor, ok, { eventTypes: ['documents.updated'] });

    const covered = documentsUpdated(principal, distributor, integrationId, ['SALES_INVOICE']);
    const otherType = documentsUpdated(principal, distributor, integrationId, ['SALES_INVOICE', 'SALES_ORDER']);
    const distributorsOwn = documentsUpdated(distributor, distributor, integrationId, ['SALES_ORDER']);
    await enqueueEventJobs(s.events, [covered, otherType, distributorsOwn]);
    expect((await settledMessage(covered.id, ep.id)).status).toBe('SUCCEEDED');
    expect((await fannedOut(s, otherType.id)).detail).toMatchObject({ status: 'dropped', reason: 'OUT_OF_SCOPE' });
    expect(await messagesOf(otherType.id)).toEqual([]);
    // The distributor hears of its own documents whatever it shares.
    expect((await settledMessage(distributorsOwn.id, own.id)).status).toBe('SUCCEEDED');

    // Consent narrowed to another integration, then revoked: neither leaks.
    await fx.owner.connection.update({ where: { id: connection.id }, data: { integrationIds: [randomUUID()] } });
    const otherIntegration = documentsUpdated(principal, distributor, integrationId, ['SALES_INVOICE']);
    await enqueueEventJobs(s.events, [otherIntegration]);
    expect((await fannedOut(s, otherIntegration.id)).detail.status).toBe('dropped');
    await fx.owner.connection.update({ where: { id: connection.id }, data: { integrationIds: [], status: 'REVOKED', revokedAt: new Date() } });
    const revoked = documentsUpdated(principal, distributor, integrationId, ['SALES_INVOICE']);
    await enqueueEventJobs(s.events, [revoked]);
    expect((await fannedOut(s, revoked.id)).detail.status).toBe('dropped');
    expect(await messagesOf(revoked.id)).toEqual([]);
    expect(ep.deliveries()).toHaveLength(1);
  });
});

describe('webhook delivery across workers and endpoints', () => {
  afterEach(closeScopes);

  it('the outbound guard without OUTBOUND_ALLOW_PRIVATE refuses 127.0.0.1: no request, every attempt ADDRESS_REFUSED', { timeout: SLOW }, async () => {
    const s = newScope();
    await s.scope.startWorker({ ...FAST_WEBHOOKS, OUTBOUND_ALLOW_PRIVATE: 'false' });
    const org = await organization();
    const ep = await endpoint(org, ok);
    const event = syncFinished(org);
    await enqueueEventJobs(s.events, [event]);
    const message = await settledMessage(event.id, ep.id);
    expect(message).toMatchObject({ status: 'FAILED', attempts: 4 });
    expect(message.attemptList.map((a) => [a.statusCode, a.error])).toEqual(Array(4).fill([null, 'ADDRESS_REFUSED']));
    expect(ep.deliveries()).toEqual([]);
  });

  it('one slow endpoint does not delay another: it holds at most its slots while the other is delivered', { timeout: SLOW }, async () => {
    const s = newScope();
    await s.scope.startWorker({ ...FAST_WEBHOOKS, WEBHOOK_TIMEOUT_MS: '30000', WEBHOOK_ENDPOINT_CONCURRENCY: '2' });
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const org = await organization();
    const slow = await endpoint(org, () => ({ status: 200, release: held }));
    const slowEvents = Array.from({ length: 5 }, () => syncFinished(org));
    await enqueueEventJobs(s.events, slowEvents);
    await eventually('the slow endpoint holding its two slots', async () => slow.deliveries().length === 2);

    const otherOrg = await organization();
    const fast = await endpoint(otherOrg, ok);
    const event = syncFinished(otherOrg);
    await enqueueEventJobs(s.events, [event]);
    expect((await settledMessage(event.id, fast.id)).status).toBe('SUCCEEDED');
    // Delivered while the slow endpoint's requests were still unanswered, and never more than its two at once.
    expect(slow.deliveries()).toHaveLength(2);
    expect(slow.deliveries().every((d) => !d.answered)).toBe(true);

    release();
    for (const e of slowEvents) expect((await settledMessage(e.id, slow.id)).status).toBe('SUCCEEDED');
    expect(slow.deliveries()).toHaveLength(5);
  });

  it('a worker SIGKILLed between the event’s commit and its delivery: another worker delivers it, same webhook-id', { timeout: SLOW }, async () => {
    const s = newScope();
    const org = await organization();
    const ep = await endpoint(org, (n) => (n === 0 ? { status: 200, release: new Promise<void>(() => {}) } : ok()));
    const child = await s.scope.spawnWorker(FAST_WEBHOOKS);
    // The change and its event commit together (the outbox row); the worker relays and fans it out, then dies mid-delivery.
    const event = syncFinished(org);
    await fx.owner.outboxEvent.create({ data: { organizationId: org, kind: JOBS.eventPublish.name, payload: { v: 1, event } } });
    await eventually('the first delivery under way', async () => ep.deliveries().length === 1, DEADLINE_MS);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const message = (await messagesOf(event.id))[0]!;
    expect(message).toMatchObject({ status: 'PENDING', attempts: 0 });

    await s.scope.startWorker(FAST_WEBHOOKS);
    const settled = await settledMessage(event.id, ep.id);
    expect(settled.status).toBe('SUCCEEDED');
    const deliveries = ep.deliveries();
    expect(deliveries.length).toBeGreaterThanOrEqual(2);
    expect(new Set(deliveries.map((d) => d.headers['webhook-id']))).toEqual(new Set([message.id]));
    expect(deliveries.every((d) => d.verifiedWith[ep.secret])).toBe(true);
  });

  it(
    'a receiver that was down gets every event once it is back, each at least once under its own webhook-id, verifiable unchanged',
    { timeout: SLOW },
    async () => {
      // Its own worker with a schedule (1 s … 16 s, about 31 s of retries) that a loaded machine cannot use up between the refused
      // attempts and the receiver coming back: with the shared 1.4 s schedule, a message could fail for good before the receiver is up.
      const s = newScope();
      await s.scope.startWorker({ ...FAST_WEBHOOKS, WEBHOOK_RETRY_DELAYS_MS: '1000,2000,4000,8000,16000' });
      const org = await organization();
      // Nothing listens on this port yet: every connection is refused.
      const port = await freePort();
      const down = new WebhookReceiver();
      const id = randomUUID();
      const secret = newWebhookSecret();
      await fx.owner.webhookEndpoint.create({
        data: {
          id,
          organizationId: org,
          url: `http://127.0.0.1:${port}/back-later`,
          eventTypes: ['sync_run.finished'],
          secretSealed: sealWebhookSecret(box, secret, id),
        },
      });
      const events = [syncFinished(org), syncFinished(org), syncFinished(org)];
      await enqueueEventJobs(s.events, events);
      await eventually(
        'a refused attempt for every event',
        async () => {
          const attempts = await fx.owner.webhookAttempt.findMany({ where: { message: { endpointId: id } } });
          return new Set(attempts.map((a) => a.messageId)).size === events.length && attempts.every((a) => a.error === 'CONNECTION_FAILED') ? attempts : null;
        },
        DEADLINE_MS,
      );

      // Back up: the retries deliver everything it missed.
      down.route('/back-later', [secret], () => ok());
      await down.start(port);
      try {
        for (const event of events) expect((await settledMessage(event.id, id)).status).toBe('SUCCEEDED');
        const messages = await fx.owner.webhookMessage.findMany({ where: { endpointId: id } });
        const delivered = down.at('/back-later');
        expect(new Set(delivered.map((d) => d.headers['webhook-id']))).toEqual(new Set(messages.map((m) => m.id)));
        expect(new Set(delivered.map((d) => (JSON.parse(d.body) as PortalEvent).id))).toEqual(new Set(events.map((e) => e.id)));
        for (const d of delivered) expect(d.verifiedWith[secret]).toBe(true);
      } finally {
        await down.stop();
      }
    },
  );

  it('the sweep queues an attempt whose job was lost (Redis flushed) again', { timeout: SLOW }, async () => {
    const s = newScope();
    const org = await organization();
    const ep = await endpoint(org, ok);
    const event = syncFinished(org);
    // As if a worker had recorded the message and died before queueing its attempt, long enough ago to be overdue.
    const messageId = `msg_${event.id.slice(4)}`;
    await fx.owner.webhookMessage.create({
      data: {
        id: messageId,
        organizationId: org,
        endpointId: ep.id,
        eventId: event.id,
        eventType: event.type,
        payload: JSON.stringify(event),
        nextAttemptAt: new Date(Date.now() - 60_000),
      },
    });
    const worker = await s.scope.startWorker(FAST_WEBHOOKS);
    expect(await worker.webhookSweep.tick()).toContain(messageId);
    expect((await settledMessage(event.id, ep.id)).status).toBe('SUCCEEDED');
    expect(ep.deliveries().map((d) => d.headers['webhook-id'])).toEqual([messageId]);
  });
});
