import { randomBytes } from 'node:crypto';
import { createPrismaClient, type PrismaClient } from '@portal/db';
import { Agent, type CaughtMail, type MailCatcher, randomIp, startMailCatcher, startWorkerProcess, uniqueEmail, type WorkerProcess } from '@portal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obliterateQueues, startTestApp, type TestApp } from './test-app';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/5';
const QUEUE_PREFIX = `t-pw-${randomBytes(4).toString('hex')}`;
const SLOW = 60_000;

let t: TestApp;
let inbox: MailCatcher;
let worker: WorkerProcess;
let owner: PrismaClient;

beforeAll(async () => {
  inbox = await startMailCatcher();
  t = await startTestApp('api_passwords', { REDIS_URL, QUEUE_PREFIX, PASSWORD_RESET_RATE_LIMIT_MAX: '3', PASSWORD_RESET_ADDRESS_RATE_LIMIT_MAX: '50' });
  // The worker sends what the API queued, to the catcher, as `pnpm start` runs them.
  worker = await startWorkerProcess({ DATABASE_URL: t.ownerUrl, REDIS_URL, QUEUE_PREFIX, SMTP_URL: inbox.smtpUrl, OUTBOX_RELAY_INTERVAL_MS: '300' });
  owner = createPrismaClient(t.ownerUrl, { poolMax: 2 });
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await obliterateQueues(REDIS_URL, QUEUE_PREFIX);
  await owner?.$disconnect();
  await t?.close();
  await inbox?.stop();
});

const PASSWORD = 'correct-horse-battery';

async function registered(email = uniqueEmail('pw')) {
  const agent = new Agent(t.app, randomIp());
  const res = await agent.request('POST', '/api/auth/register', {
    email,
    password: PASSWORD,
    name: 'Budi Santoso',
    organizationName: `PT Distributor ${email}`,
    organizationKind: 'DISTRIBUTOR',
  });
  expect(res.status).toBe(201);
  return { agent, email, userId: res.body.user.id as string, organizationId: res.body.organization.id as string };
}

const login = (email: string, password: string) => new Agent(t.app, randomIp()).request('POST', '/api/auth/login', { email, password });
const mailTo = (email: string, subject: RegExp) => inbox.waitForMail((m) => m.to[0]?.address === email && subject.test(m.subject));
/** The reset link as the mail's plain-text part carries it, and its token. */
function linkIn(mail: CaughtMail): { url: URL; token: string } {
  const url = new URL(/https?:\/\/\S+reset-password\S*/.exec(mail.text)![0]);
  return { url, token: new URLSearchParams(url.hash.slice(1)).get('token')! };
}

describe('password reset by email link (docs/product/users-and-roles.md)', () => {
  it('mails a single-use link that sets a new password, ends every session and cannot be used twice', { timeout: SLOW }, async () => {
    const { agent: session, email, organizationId } = await registered();
    const req = await new Agent(t.app, randomIp()).request('POST', '/api/auth/password-reset', { email: email.toUpperCase() });
    expect(req.status).toBe(202);

    const mail = await mailTo(email, /Atur ulang kata sandi/);
    expect(mail.text).toContain('Halo Budi Santoso');
    const { url, token } = linkIn(mail);
    expect(url.origin + url.pathname).toBe('http://localhost:3000/reset-password');
    // Stored hashed: the token itself is in the mail only.
    const rows = await owner.passwordResetToken.findMany({ where: { organizationId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toContain(token);
    expect(Math.abs(rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime() - 30 * 60_000)).toBeLessThan(5_000);

    const confirm = await new Agent(t.app).request('POST', '/api/auth/password-reset/confirm', { token, password: 'a-brand-new-password' });
    expect(confirm.status).toBe(204);
    expect((await login(email, PASSWORD)).status).toBe(401);
    expect((await login(email, 'a-brand-new-password')).status).toBe(200);
    // The session signed in before the reset is over.
    expect((await session.request('GET', '/api/auth/me')).body).toBeNull();

    const again = await new Agent(t.app).request('POST', '/api/auth/password-reset/confirm', { token, password: 'yet-another-password' });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('RESET_LINK_USED');
    expect((await login(email, 'a-brand-new-password')).status).toBe(200);

    const changed = await mailTo(email, /telah diubah/);
    expect(changed.text).toContain('http://localhost:3000/forgot-password');
    const audit = await owner.auditEvent.findMany({ where: { organizationId, action: { startsWith: 'auth.password' } }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['auth.password_reset_requested', 'auth.password_reset']);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('refuses an expired link with RESET_LINK_EXPIRED and an unknown one with RESET_LINK_INVALID', { timeout: SLOW }, async () => {
    const { email, organizationId } = await registered();
    expect((await new Agent(t.app, randomIp()).request('POST', '/api/auth/password-reset', { email })).status).toBe(202);
    const { token } = linkIn(await mailTo(email, /Atur ulang kata sandi/));
    // 30 minutes pass.
    await owner.passwordResetToken.updateMany({ where: { organizationId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await new Agent(t.app).request('POST', '/api/auth/password-reset/confirm', { token, password: 'a-brand-new-password' });
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('RESET_LINK_EXPIRED');
    expect((await login(email, PASSWORD)).status).toBe(200);

    const unknown = await new Agent(t.app).request('POST', '/api/auth/password-reset/confirm', {
      token: randomBytes(32).toString('base64url'),
      password: 'a-brand-new-password',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('RESET_LINK_INVALID');
  });

  it('answers an unknown email exactly as a known one, in about the same time, and mails nothing', { timeout: SLOW }, async () => {
    const { email } = await registered();
    const nobody = uniqueEmail('nobody');
    const timed = async (address: string) => {
      const started = performance.now();
      const res = await new Agent(t.app, randomIp()).request('POST', '/api/auth/password-reset', { email: address });
      return { res, ms: performance.now() - started };
    };
    const known = await timed(email);
    const unknown = await timed(nobody);
    expect(unknown.res.status).toBe(known.res.status);
    expect(unknown.res.body).toEqual(known.res.body);
    expect(Math.abs(unknown.ms - known.ms)).toBeLessThan(150);
    await mailTo(email, /Atur ulang kata sandi/);
    // The known address's mail arrived; by then the unknown one would have too.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await inbox.messages()).some((m) => m.to.some((to) => to.address === nobody))).toBe(false);
  });

  it('is rate limited per email with 429 RATE_LIMITED and Retry-After, known or not', { timeout: SLOW }, async () => {
    for (const email of [(await registered()).email, uniqueEmail('nobody')]) {
      for (let i = 0; i < 3; i++) expect((await new Agent(t.app, randomIp()).request('POST', '/api/auth/password-reset', { email })).status).toBe(202);
      const limited = await new Agent(t.app, randomIp()).request('POST', '/api/auth/password-reset', { email });
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    }
  });
});

describe('change password', () => {
  it('needs the current password, keeps this session, ends the others and mails the user', { timeout: SLOW }, async () => {
    const { agent, email, organizationId } = await registered();
    const other = new Agent(t.app, randomIp());
    expect((await other.request('POST', '/api/auth/login', { email, password: PASSWORD })).status).toBe(200);

    const wrong = await agent.request('POST', '/api/auth/password', { currentPassword: 'not-my-password', newPassword: 'a-brand-new-password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('CURRENT_PASSWORD_WRONG');
    expect((await other.request('GET', '/api/integrations')).status).toBe(200);

    const changed = await agent.request('POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'a-brand-new-password' });
    expect(changed.status).toBe(204);
    expect((await agent.request('GET', '/api/auth/me')).body.user.email).toBe(email);
    expect((await agent.request('GET', '/api/integrations')).status).toBe(200);
    expect((await other.request('GET', '/api/integrations')).status).toBe(401);
    expect((await login(email, PASSWORD)).status).toBe(401);
    expect((await login(email, 'a-brand-new-password')).status).toBe(200);

    await mailTo(email, /telah diubah/);
    const audit = await owner.auditEvent.findMany({ where: { organizationId, action: 'auth.password_changed' } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('a-brand-new-password');
  });

  it('is refused signed out, and a new password follows the sign-up rules', async () => {
    expect((await new Agent(t.app).request('POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'a-brand-new-password' })).status).toBe(401);
    const { agent } = await registered();
    const short = await agent.request('POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe("the user's language (mail follows it)", () => {
  it('is saved with PUT /api/auth/locale, shown by /api/auth/me, and the next password mail is written in it', { timeout: SLOW }, async () => {
    const { agent, email } = await registered();
    expect((await agent.request('GET', '/api/auth/me')).body.user.locale).toBe('id');

    expect((await agent.request('PUT', '/api/auth/locale', { locale: 'en' })).status).toBe(204);
    expect((await agent.request('GET', '/api/auth/me')).body.user.locale).toBe('en');
    // A fresh sign-in (another browser) is told the language too.
    expect((await login(email, PASSWORD)).body.user.locale).toBe('en');
    expect((await agent.request('POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'second-password-1' })).status).toBe(204);
    const english = await mailTo(email, /password was changed/);
    expect(english.text).toContain('The password of your account was just changed');

    expect((await agent.request('PUT', '/api/auth/locale', { locale: 'id' })).status).toBe(204);
    expect((await agent.request('GET', '/api/auth/me')).body.user.locale).toBe('id');
    expect((await agent.request('POST', '/api/auth/password', { currentPassword: 'second-password-1', newPassword: 'third-password-1' })).status).toBe(204);
    await mailTo(email, /telah diubah/);
    const subjects = (await inbox.messages()).filter((m) => m.to[0]?.address === email).map((m) => m.subject);
    expect(subjects).toEqual([expect.stringMatching(/password was changed/), expect.stringMatching(/telah diubah/)]);
  });

  it('starts as the language the owner signed up in', async () => {
    const email = uniqueEmail('pw-en');
    const agent = new Agent(t.app, randomIp());
    const res = await agent.request('POST', '/api/auth/register', {
      email,
      password: PASSWORD,
      name: 'Jane Doe',
      organizationName: `PT Distributor ${email}`,
      organizationKind: 'DISTRIBUTOR',
      locale: 'en',
    });
    expect(res.status).toBe(201);
    expect(res.body.user.locale).toBe('en');
  });

  it('takes only id or en, and only from a signed-in user', async () => {
    const { agent } = await registered();
    for (const body of [{ locale: 'fr' }, { locale: 'EN' }, {}, { locale: 'en', extra: 1 }]) {
      const res = await agent.request('PUT', '/api/auth/locale', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await agent.request('GET', '/api/auth/me')).body.user.locale).toBe('id');
    const signedOut = await new Agent(t.app).request('PUT', '/api/auth/locale', { locale: 'en' });
    expect(signedOut.status).toBe(401);
  });
});
