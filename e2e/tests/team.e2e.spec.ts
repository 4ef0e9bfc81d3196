import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, login, newPage, uniqueEmail } from '../src/browser';
import { linkIn, waitForMail } from '../src/mail';

// A principal of this test alone; its owner invites a colleague by email.
const suffix = randomBytes(3).toString('hex');
const owner = { email: uniqueEmail('tim-pemilik'), password: 'tim-pemilik-rahasia-1', name: 'Budi Santoso', organizationName: `PT Principal Tim ${suffix}` };
const colleague = { email: uniqueEmail('tim-rekan'), password: 'tim-rekan-rahasia-1', name: 'Sari Lestari' };

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
  const registered = await fetch(`${baseUrl()}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...owner, organizationKind: 'PRINCIPAL' }),
  });
  expect(registered.status).toBe(201);
});
afterAll(async () => browser?.close());

const nav = (page: Page) => page.getByRole('navigation', { name: 'Navigasi utama' });
const openTeam = async (page: Page) => {
  await nav(page).getByRole('link', { name: 'Tim' }).click();
  await page.getByRole('heading', { name: 'Tim', level: 1 }).waitFor();
};
const roleOf = (page: Page, email: string) => page.getByTestId(`member-${email}`).getByLabel('Peran');
const roleText = (page: Page, email: string) => roleOf(page, email).evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent);

describe('team', () => {
  it('an owner invites a colleague as Pembaca by email; the colleague joins from the mail, reads only; the owner then makes them Anggota; the audit log shows it all', async () => {
    const { context: ownerContext, page } = await newPage(browser);
    await login(page, owner.email, owner.password);
    await openTeam(page);
    await expect.poll(() => roleText(page, owner.email)).toBe('Pemilik');

    const form = page.getByRole('form', { name: 'Undang rekan' });
    await form.getByLabel('Email', { exact: true }).fill(colleague.email);
    await form.getByLabel('Peran', { exact: true }).selectOption({ label: 'Pembaca' });
    await form.getByRole('button', { name: 'Kirim undangan' }).click();
    const sent = page.getByRole('dialog', { name: `Undangan terkirim ke ${colleague.email}` });
    const shownLink = await sent.getByTestId('member-invite-url').inputValue();
    await sent.getByRole('button', { name: 'Tutup dialog' }).click();
    const pending = page.getByTestId(`invite-${colleague.email}`);
    await expect.poll(() => pending.textContent()).toContain('Pembaca');

    // The invitation in the colleague's inbox, in Bahasa Indonesia, carrying the same single-use link.
    const mail = await waitForMail(colleague.email);
    expect(mail.subject).toBe(`${owner.name} mengundang Anda ke ${owner.organizationName} di Portal Distribusi`);
    expect(mail.text).toContain(`${owner.name} mengundang Anda bergabung dengan ${owner.organizationName} di Portal Distribusi sebagai Pembaca.`);
    expect(mail.text).toContain('Terima undangan:');
    const link = linkIn(mail, /^\/join\//);
    expect(link).toBe(shownLink);
    expect(link.startsWith(`${baseUrl()}/join/`)).toBe(true);

    // The colleague, in a browser of their own, opens the mailed link, sets name and password and is signed in.
    const { context: colleagueContext, page: viewer } = await newPage(browser);
    await viewer.goto(link);
    await viewer.getByRole('heading', { name: `Bergabung dengan ${owner.organizationName}`, level: 1 }).waitFor();
    expect(await viewer.locator('main').textContent()).toContain(`${owner.name} mengundang Anda (${colleague.email}) sebagai Pembaca.`);
    await viewer.getByLabel('Nama lengkap').fill(colleague.name);
    await viewer.getByLabel('Kata sandi').fill(colleague.password);
    await viewer.getByRole('button', { name: 'Bergabung' }).click();
    await expect.poll(() => viewer.getByTestId('org-name').textContent()).toBe(owner.organizationName);
    await expect.poll(() => viewer.getByRole('link', { name: colleague.name }).count()).toBe(1);

    // The mailed link worked once: opened again, it says so and who to ask (a colleague, not a principal).
    const { context: againContext, page: again } = await newPage(browser);
    await again.goto(link);
    await again.getByRole('heading', { name: 'Undangan tidak dapat digunakan', level: 1 }).waitFor();
    expect(await again.getByRole('alert').textContent()).toBe(
      'Tautan undangan sudah kedaluwarsa, sudah dipakai, atau dibatalkan. Minta tautan baru kepada yang mengundang Anda.',
    );
    await againContext.close();

    // A reader: inviting is not offered, and says why; nor is inviting a distributor.
    await openTeam(viewer);
    await expect.poll(() => roleText(viewer, colleague.email)).toBe('Pembaca');
    expect(await roleOf(viewer, colleague.email).isDisabled()).toBe(true);
    expect(await viewer.getByRole('form', { name: 'Undang rekan' }).count()).toBe(0);
    expect(await viewer.getByText('Peran Anda (Pembaca) tidak mengizinkan tindakan ini.').isVisible()).toBe(true);
    await nav(viewer).getByRole('link', { name: 'Koneksi' }).click();
    const addNew = viewer.getByRole('button', { name: 'Tambah baru' });
    await expect.poll(() => addNew.isDisabled()).toBe(true);
    expect(await addNew.getAttribute('title')).toBe('Peran Anda (Pembaca) tidak mengizinkan tindakan ini.');

    // The owner sees the colleague as a reader, the invite used up, then makes them a member.
    await page.reload();
    await expect.poll(() => roleText(page, colleague.email)).toBe('Pembaca');
    expect(await page.getByTestId(`member-${colleague.email}`).textContent()).toContain(colleague.name);
    expect(await pending.count()).toBe(0);
    await roleOf(page, colleague.email).selectOption({ label: 'Anggota' });
    await expect.poll(() => page.getByText(`Peran ${colleague.name} sekarang Anggota`).count()).toBe(1);
    await page.reload();
    await expect.poll(() => roleText(page, colleague.email)).toBe('Anggota');

    // The colleague's screens follow the new role once the page loads again.
    await viewer.reload();
    await openTeam(viewer);
    await expect.poll(() => roleText(viewer, colleague.email)).toBe('Anggota');
    expect(await viewer.getByText('Peran Anda (Anggota) tidak mengizinkan tindakan ini.').isVisible()).toBe(true);
    await colleagueContext.close();

    // An API key made on the Akses API screen, for the audit log below.
    await nav(page).getByRole('link', { name: 'Akses API' }).click();
    await page.getByRole('heading', { name: 'Akses API', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Buat kunci API' }).first().click();
    const keyForm = page.getByRole('dialog', { name: 'Buat kunci API' });
    await keyForm.getByLabel('Nama').fill('BI principal');
    await keyForm.getByRole('button', { name: 'Buat', exact: true }).click();
    const keyShown = page.getByRole('dialog', { name: 'Kunci API dibuat' });
    await expect.poll(() => keyShown.getByTestId('api-key-secret').inputValue()).toMatch(/^pk_/);
    await keyShown.getByRole('button', { name: 'Sudah saya simpan' }).click();

    // The owner's audit log: who invited, who joined, who changed the role, who made the key.
    await nav(page).getByRole('link', { name: 'Log audit' }).click();
    await page.getByRole('heading', { name: 'Log audit', level: 1 }).waitFor();
    const rows = page.getByTestId('audit-row');
    const actorAndAction = async () =>
      (await rows.evaluateAll((trs) => trs.map((tr) => [tr.children[1]?.textContent, tr.children[2]?.textContent]))).filter(([, action]) => action !== 'Masuk');
    await expect.poll(actorAndAction).toEqual([
      [owner.email, 'Kunci API dibuat'],
      [owner.email, 'Peran anggota diubah'],
      [colleague.email, 'Rekan bergabung'],
      [owner.email, 'Rekan diundang'],
    ]);
    await ownerContext.close();
  });

  it('a distributor’s Pembaca opening a connection invite sees why it cannot answer, with Izinkan akses disabled', async () => {
    const json = async (path: string, body: unknown, cookie?: string) => {
      const res = await fetch(`${baseUrl()}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify(body),
      });
      return { res, body: (await res.json()) as { url: string }, cookie: res.headers.get('set-cookie')?.split(';')[0] };
    };
    const distributor = await json('/api/auth/register', {
      email: uniqueEmail('tim-distributor'),
      password: 'tim-distributor-rahasia-1',
      name: 'Dewi Owner',
      organizationName: `PT Distributor Tim ${suffix}`,
      organizationKind: 'DISTRIBUTOR',
    });
    const viewer = { email: uniqueEmail('tim-distributor-pembaca'), password: 'tim-pembaca-rahasia-1' };
    const memberInvite = await json('/api/members/invites', { email: viewer.email, role: 'VIEWER' }, distributor.cookie);
    expect(memberInvite.res.status).toBe(201);
    const joinToken = new URL(memberInvite.body.url).pathname.split('/').at(-1)!;
    expect((await json(`/api/member-invites/${joinToken}/accept`, { name: 'Rudi Pembaca', password: viewer.password })).res.status).toBe(201);
    const principal = await json('/api/auth/login', { email: owner.email, password: owner.password });
    const connectionInvite = await json('/api/connections/invites', {}, principal.cookie);
    expect(connectionInvite.res.status).toBe(201);

    const { context, page } = await newPage(browser);
    await login(page, viewer.email, viewer.password);
    // Signed in (the portal's navigation is up) before leaving the login page, or the sign-in would be cut short.
    await nav(page).waitFor();
    await page.goto(connectionInvite.body.url);
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('Peran Anda (Pembaca) tidak mengizinkan tindakan ini.');
    const allow = dialog.getByRole('button', { name: 'Izinkan akses' });
    expect(await allow.isDisabled()).toBe(true);
    expect(await allow.getAttribute('title')).toBe('Peran Anda (Pembaca) tidak mengizinkan tindakan ini.');
    await context.close();
  });
});
