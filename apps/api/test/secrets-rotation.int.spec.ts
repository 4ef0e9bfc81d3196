import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { QUEUES } from '@portal/contracts';
import { SecretBox } from '@portal/crypto';
import { appDatabaseUrl, createPrismaClient, type PrismaClient } from '@portal/db';
import { seedDemoData } from '@portal/db/seed';
import { openWebhookSecret } from '@portal/domain';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, register, type RunningSampleDms, startSampleDms } from '@portal/testing';
import { startTestApp, type TestApp } from './test-app';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');
const RIGHT_KEY = '446-bebaspakaivalueapapun';
const ADMIN = { email: 'admin.rotation@test.local', password: 'admin-password-123' };
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/5';
const QUEUE_PREFIX = `it_rotation_${randomBytes(4).toString('hex')}`;
const OLD = `old1:${randomBytes(32).toString('base64')}`;
const NEW = `new2:${randomBytes(32).toString('base64')}`;

let dms: RunningSampleDms;
let t: TestApp;
let owner: PrismaClient;
/** A webhook endpoint rotated once: its current and previous signing secrets, as its organisation was shown them. */
const webhook = { id: '', secret: '', previous: '' };

/** `pnpm secrets:rotate`, exactly as an operator runs it, against this suite's database. */
function rotate(encryptionKeys: string, args: string[] = ['--as', ADMIN.email]) {
  return run('pnpm', ['--silent', 'secrets:rotate', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: t.ownerUrl,
      APP_DATABASE_URL: appDatabaseUrl(t.ownerUrl),
      REDIS_URL,
      QUEUE_PREFIX,
      ENCRYPTION_KEYS: encryptionKeys,
    },
  });
}

async function storedSecrets() {
  return owner.$queryRawUnsafe<{ id: string; organization_id: string; secret_cipher: string }[]>(
    'select id, organization_id, secret_cipher from integrations where secret_cipher is not null order by id',
  );
}

beforeAll(async () => {
  dms = await startSampleDms({ docsPerType: 5 });
  // The portal runs with only the old key: every AccessKey it stores is under it.
  t = await startTestApp('api_secrets_rotation', { DMS_BASE_URL: dms.url, QUEUE_PREFIX, ENCRYPTION_KEYS: OLD });
  owner = createPrismaClient(t.ownerUrl, { poolMax: 1 });
  await seedDemoData(t.ownerUrl, { NODE_ENV: 'production', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  const admin = new Agent(t.app);
  expect((await admin.request('POST', '/api/auth/login', ADMIN)).status).toBe(200);
  for (let i = 0; i < 2; i++) {
    const { agent: distributor } = await register(t.app, 'DISTRIBUTOR', { name: 'Siti Rahayu' });
    const id = (await distributor.request('POST', '/api/integrations', { kind: 'DMS' })).body.id;
    expect((await admin.request('PUT', `/api/admin/integrations/${id}/access-key`, { accessKey: RIGHT_KEY })).status).toBe(200);
  }
  const { agent: principal } = await register(t.app, 'PRINCIPAL', { name: 'Dewi Lestari' });
  const endpoint = await principal.request('POST', '/api/webhooks/endpoints', { url: 'https://hooks.example.com/in', eventTypes: ['documents.updated'] });
  expect(endpoint.status).toBe(201);
  const rotated = await principal.request('POST', `/api/webhooks/endpoints/${endpoint.body.id}/rotate-secret`);
  expect(rotated.status).toBe(200);
  Object.assign(webhook, { id: endpoint.body.id, previous: endpoint.body.secret, secret: rotated.body.secret });
}, 120_000);

async function storedWebhookSecrets() {
  return owner.$queryRawUnsafe<{ secret_sealed: string; previous_secret_sealed: string }[]>(
    'select secret_sealed, previous_secret_sealed from webhook_endpoints where id = $1::uuid',
    webhook.id,
  );
}

afterAll(async () => {
  await new Queue(QUEUES.sync, { connection: { url: REDIS_URL }, prefix: QUEUE_PREFIX }).obliterate({ force: true });
  await owner?.$disconnect();
  await t?.close();
  await dms?.close();
});

describe('pnpm secrets:rotate', () => {
  it('refuses to run without the old key, naming the integration, and changes nothing', async () => {
    const before = await storedSecrets();
    const failed = await rotate(NEW).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain(`cannot decrypt the stored secret of integration ${before[0]!.id}`);
    expect(failed?.stderr).toContain('unknown key "old1"');
    expect(await storedSecrets()).toEqual(before);
    expect((await storedWebhookSecrets())[0]?.secret_sealed.startsWith('v1.old1.')).toBe(true);
  }, 60_000);

  it('re-encrypts every secret under the new key: readable with only the new key, audited, and a second run changes nothing', async () => {
    const before = await storedSecrets();
    expect(before).toHaveLength(2);
    for (const s of before) expect(s.secret_cipher.startsWith('v1.old1.')).toBe(true);

    await rotate(`${NEW},${OLD}`);

    const after = await storedSecrets();
    const onlyNew = SecretBox.fromConfig(NEW);
    const onlyOld = SecretBox.fromConfig(OLD);
    for (const s of after) {
      expect(s.secret_cipher.startsWith('v1.new2.')).toBe(true);
      expect(onlyNew.decrypt(s.secret_cipher, s.id)).toBe(RIGHT_KEY);
      expect(() => onlyOld.decrypt(s.secret_cipher, s.id)).toThrow(/unknown key "new2"/);
    }

    // The webhook endpoint's signing secrets too, current and previous: each still opens to what the organisation was shown.
    const [hook] = await storedWebhookSecrets();
    expect(hook!.secret_sealed.startsWith('v1.new2.')).toBe(true);
    expect(hook!.previous_secret_sealed.startsWith('v1.new2.')).toBe(true);
    expect(openWebhookSecret(onlyNew, hook!.secret_sealed, webhook.id)).toBe(webhook.secret);
    expect(openWebhookSecret(onlyNew, hook!.previous_secret_sealed, webhook.id)).toBe(webhook.previous);

    // One event per secret, in each distributor's own history, and a summary in the platform's.
    const events = await owner.$queryRawUnsafe<{ organization_id: string; target_id: string; metadata: unknown }[]>(
      `select organization_id, target_id, metadata from audit_events where action = 'integration.secret_reencrypted' order by target_id`,
    );
    expect(events).toEqual(before.map((s) => ({ organization_id: s.organization_id, target_id: s.id, metadata: { fromKeyId: 'old1', toKeyId: 'new2' } })));
    const summaries = await owner.$queryRawUnsafe<{ target_id: string; metadata: unknown }[]>(
      `select target_id, metadata from audit_events where action = 'secrets.rotated' order by created_at`,
    );
    // Two integrations and one webhook endpoint.
    expect(summaries).toEqual([{ target_id: 'new2', metadata: { scanned: 3, reencrypted: 3 } }]);

    // Interrupted or repeated runs are harmless: nothing left to do.
    await rotate(`${NEW},${OLD}`);
    expect(await storedSecrets()).toEqual(after);
    const again = await owner.$queryRawUnsafe<{ metadata: unknown }[]>(
      `select metadata from audit_events where action = 'secrets.rotated' order by created_at`,
    );
    expect(again.at(-1)).toEqual({ metadata: { scanned: 3, reencrypted: 0 } });
    expect(await storedWebhookSecrets()).toEqual([hook]);
  }, 90_000);

  it('acts only as a platform admin', async () => {
    const failed = await rotate(`${NEW},${OLD}`, ['--as', 'nobody@test.local']).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('nobody@test.local is not a platform admin account');
  }, 60_000);
});
