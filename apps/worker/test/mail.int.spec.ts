import { randomBytes, randomUUID } from 'node:crypto';
import { JOBS, mailJobId, type MailJobV1, QUEUES } from '@portal/contracts';
import { createPrismaClient, type PrismaClient } from '@portal/db';
import { createTestDatabase, type TestDatabase } from '@portal/db/testing';
import { eventually, freePort, type MailCatcher, startMailCatcher } from '@portal/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bootWorker, type WorkerApp } from '../src/app';
import { loadWorkerEnv } from '../src/env';
import { REDIS_URL } from './sync-harness';

const SLOW = 60_000;

let db: TestDatabase;
let owner: PrismaClient;
const prefix = `t-mail-${randomBytes(4).toString('hex')}`;
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const mailQueue = new Queue(QUEUES.mail, { connection: redis, prefix });
const stops: (() => Promise<void>)[] = [];

async function startWorker(smtpUrl: string): Promise<WorkerApp> {
  const env = loadWorkerEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: db.ownerUrl,
    APP_DATABASE_URL: db.appUrl,
    DATABASE_POOL_MAX: '3',
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    WORKER_HEALTH_PORT: '0',
    OUTBOX_RELAY_INTERVAL_MS: '200',
    SCHEDULE_RECONCILE_INTERVAL_MS: String(60 * 60_000),
    SMTP_URL: smtpUrl,
    MAIL_BACKOFF_MS: '400',
  });
  const worker = await bootWorker(env, pino({ level: env.LOG_LEVEL }));
  stops.push(() => worker.close());
  return worker;
}

async function catcher(opts: { smtpPort?: number } = {}): Promise<MailCatcher> {
  const c = await startMailCatcher(opts);
  stops.push(() => c.stop());
  return c;
}

/** What a writer does in its transaction (insertMailEvent): one outbox row of kind mail.send. */
async function queueMail(mail: Omit<MailJobV1, 'v' | 'organizationId'>): Promise<{ outboxId: string; organizationId: string }> {
  const organizationId = randomUUID();
  await owner.organization.create({ data: { id: organizationId, kind: 'DISTRIBUTOR', name: 'PT Mail Test' } });
  const event = await owner.outboxEvent.create({ data: { organizationId, kind: JOBS.mail.name, payload: { v: 1, organizationId, ...mail } } });
  return { outboxId: event.id, organizationId };
}

beforeAll(async () => {
  db = await createTestDatabase('worker_mail');
  owner = createPrismaClient(db.ownerUrl, { poolMax: 2 });
});

afterEach(async () => {
  while (stops.length) await stops.pop()!();
});

afterAll(async () => {
  await mailQueue.obliterate({ force: true });
  await mailQueue.close();
  redis.disconnect();
  await owner?.$disconnect();
  await db?.drop();
});

describe('mail.send (issue 11: email through SMTP via a queue job)', () => {
  it('an outbox event becomes a real mail in the recipient language, with a plain-text part', { timeout: SLOW }, async () => {
    const inbox = await catcher();
    await startWorker(inbox.smtpUrl);
    const resetUrl = 'http://localhost:3000/reset-password#token-abc';
    const { outboxId } = await queueMail({ to: 'budi@example.com', locale: 'en', template: 'password_reset', data: { resetUrl, name: 'Budi' } });
    await queueMail({ to: 'sari@example.com', locale: 'id', template: 'password_reset', data: { resetUrl, name: 'Sari' } });

    const en = await inbox.waitForMail((m) => m.to[0]?.address === 'budi@example.com');
    expect(en.subject).toBe('Reset your Portal Distribusi password');
    expect(en.text).toContain('Hello Budi');
    expect(en.text).toContain(resetUrl);
    expect(en.html).toContain(`href="${resetUrl}"`);
    expect(en.from[0]?.address).toBe('no-reply@portal.localhost');
    expect(en.headers['message-id']).toContain(mailJobId(outboxId));
    const id = await inbox.waitForMail((m) => m.to[0]?.address === 'sari@example.com');
    expect(id.subject).toBe('Atur ulang kata sandi Portal Distribusi');
    expect(id.text).toContain('Halo Sari');

    // Relayed once, marked dispatched, sent once, and the sent job (whose data holds the link) is gone from Redis.
    await eventually('the outbox row marked dispatched', async () => (await owner.outboxEvent.findUnique({ where: { id: outboxId } }))?.dispatchedAt);
    expect(await mailQueue.getJob(mailJobId(outboxId))).toBeUndefined();
    await new Promise((r) => setTimeout(r, 600));
    expect((await inbox.messages()).filter((m) => m.to[0]?.address === 'budi@example.com')).toHaveLength(1);
  });

  it('a mail server that is down delays the mail: the job retries and the mail arrives once it is back', { timeout: SLOW }, async () => {
    const smtpPort = await freePort();
    await startWorker(`smtp://127.0.0.1:${smtpPort}`);
    const { outboxId } = await queueMail({
      to: 'owner@example.com',
      locale: 'id',
      template: 'member_invite',
      data: { inviteUrl: 'http://localhost:3000/join#t', organizationName: 'PT Maju', inviterName: 'Sari', role: 'MEMBER' },
    });
    // Nobody listens on the port: attempts fail and are retried with backoff.
    const failedOnce = await eventually('a failed attempt', async () => {
      const job = await mailQueue.getJob(mailJobId(outboxId));
      return job && job.attemptsMade >= 1 ? job : null;
    });
    expect(failedOnce.failedReason).toMatch(/ECONNREFUSED|connect/i);

    const inbox = await catcher({ smtpPort });
    const mail = await inbox.waitForMail((m) => m.to[0]?.address === 'owner@example.com', 40_000);
    expect(mail.subject).toBe('Sari mengundang Anda ke PT Maju di Portal Distribusi');
    expect(mail.text).toContain('sebagai Anggota');
  });
});
