import { randomBytes } from 'node:crypto';
import { createPrismaClient, type PrismaClient } from '@portal/db';
import {
  Agent,
  type CaughtMail,
  type MailCatcher,
  randomIp,
  register,
  startMailCatcher,
  startWorkerProcess,
  uniqueEmail,
  type WorkerProcess,
} from '@portal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obliterateQueues, startTestApp, type TestApp } from './test-app';

// Issue 11 items 2 and 7, "Done when": an owner invites a colleague by email,
// the mail is in the local inbox, and the colleague follows its link and logs
// in with the role given. Everything the invitee uses comes from the mail as
// the mail catcher caught it, sent by a real worker process.

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/5';
const QUEUE_PREFIX = `t-mi-${randomBytes(4).toString('hex')}`;
const BASE_URL = 'http://portal.example.test';
const PASSWORD = 'another-horse-battery';
const SLOW = 60_000;

let t: TestApp;
let inbox: MailCatcher;
let worker: WorkerProcess;
let owner: PrismaClient;

beforeAll(async () => {
  inbox = await startMailCatcher();
  t = await startTestApp('api_member_mail', { REDIS_URL, QUEUE_PREFIX, PUBLIC_BASE_URL: BASE_URL });
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

const mailTo = (email: string) => inbox.waitForMail((m) => m.to.some((to) => to.address === email));

/** The join link exactly as the mail's plain-text part carries it, and its token. */
function linkIn(mail: CaughtMail): { url: string; token: string } {
  const url = new RegExp(`${BASE_URL}/join/\\S+`).exec(mail.text)?.[0];
  if (!url) throw new Error(`no join link in the mail's text part:\n${mail.text}`);
  return { url, token: new URL(url).pathname.split('/').at(-1)! };
}

async function invite(from: Agent, body: { email: string; role: string; locale?: 'en' | 'id' }) {
  const res = await from.request('POST', '/api/members/invites', body);
  expect(res.status).toBe(201);
  return res.body as { id: string; url: string };
}

describe('member invite through the real mail', () => {
  it(
    'an owner invites a colleague as ADMIN in English; the colleague joins from the mail and logs in as ADMIN of that organisation',
    { timeout: SLOW },
    async () => {
      const principal = await register(t.app, 'PRINCIPAL', { name: 'Budi Owner', ip: randomIp() });
      const email = uniqueEmail('colleague');
      const created = await invite(principal.agent, { email, role: 'ADMIN', locale: 'en' });

      const mail = await mailTo(email);
      expect(mail.subject).toBe(`Budi Owner invited you to ${principal.orgName} on Portal Distribusi`);
      expect(mail.text).toContain(`Budi Owner invited you to join ${principal.orgName} on Portal Distribusi as Admin.`);
      expect(mail.text).not.toMatch(/mengundang|Terima undangan/);
      const { url, token } = linkIn(mail);
      expect(url).toBe(created.url);
      expect(mail.html).toContain(`href="${url}"`);

      // The invitee opens the link from the mail: the page previews, then they set name and password.
      const colleague = new Agent(t.app, randomIp());
      const preview = await colleague.request('GET', `/api/member-invites/${token}`);
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ organization: { name: principal.orgName, kind: 'PRINCIPAL' }, inviterName: 'Budi Owner', role: 'ADMIN', email });
      const accepted = await colleague.request('POST', `/api/member-invites/${token}/accept`, { name: 'Siti Rahayu', password: PASSWORD });
      expect(accepted.status).toBe(201);

      // Later, on another device: logs in with the password they chose.
      const later = new Agent(t.app, randomIp());
      expect((await later.request('POST', '/api/auth/login', { email, password: PASSWORD })).status).toBe(200);
      const me = await later.request('GET', '/api/auth/me');
      expect(me.status).toBe(200);
      expect(me.body.user).toMatchObject({ email, name: 'Siti Rahayu', role: 'ADMIN' });
      expect(me.body.organization).toMatchObject({ id: principal.orgId, name: principal.orgName, kind: 'PRINCIPAL' });

      // The same link again is refused, and nobody else joined.
      const again = await new Agent(t.app, randomIp()).request('POST', `/api/member-invites/${token}/accept`, { name: 'Someone Else', password: PASSWORD });
      expect(again.status).toBe(410);
      expect(again.body.error.code).toBe('INVITE_GONE');
      expect((await new Agent(t.app, randomIp()).request('GET', `/api/member-invites/${token}`)).status).toBe(410);
      const members = await principal.agent.request('GET', '/api/members');
      expect(members.body.data.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
        [principal.email, 'OWNER'],
        [email, 'ADMIN'],
      ]);
    },
  );

  it('a link past its expiry is refused with 410 and creates no user', { timeout: SLOW }, async () => {
    const principal = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
    const email = uniqueEmail('late');
    const created = await invite(principal.agent, { email, role: 'MEMBER', locale: 'en' });
    const { token } = linkIn(await mailTo(email));
    // A week passes.
    await owner.memberInvite.update({ where: { id: created.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const anon = new Agent(t.app, randomIp());
    expect((await anon.request('GET', `/api/member-invites/${token}`)).status).toBe(410);
    const accept = await anon.request('POST', `/api/member-invites/${token}/accept`, { name: 'Terlambat', password: PASSWORD });
    expect(accept.status).toBe(410);
    expect(accept.body.error.code).toBe('INVITE_GONE');
    expect((await anon.request('POST', '/api/auth/login', { email, password: PASSWORD })).status).toBe(401);
    expect(await owner.user.count({ where: { email } })).toBe(0);
  });

  it('an invite without a locale is mailed in Bahasa Indonesia', { timeout: SLOW }, async () => {
    const distributor = await register(t.app, 'DISTRIBUTOR', { name: 'Sari Pemilik', ip: randomIp() });
    const email = uniqueEmail('rekan');
    const created = await invite(distributor.agent, { email, role: 'VIEWER' });

    const mail = await mailTo(email);
    expect(mail.subject).toBe(`Sari Pemilik mengundang Anda ke ${distributor.orgName} di Portal Distribusi`);
    expect(mail.text).toContain(`Sari Pemilik mengundang Anda bergabung dengan ${distributor.orgName} di Portal Distribusi sebagai Pembaca.`);
    expect(mail.text).toContain('Terima undangan:');
    expect(mail.text).not.toMatch(/invited you|Accept the invitation/);
    expect(mail.html).toContain('<html lang="id">');
    expect(linkIn(mail).url).toBe(created.url);
  });
});
