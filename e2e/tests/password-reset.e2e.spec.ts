import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, login, newPage, uniqueEmail } from '../src/browser';
import { linkIn, waitForMail } from '../src/mail';

// A distributor of this test alone, whose owner forgot the password.
const user = {
  email: uniqueEmail('lupa-sandi'),
  password: 'sandi-lama-rahasia-1',
  name: 'Dewi Anggraini',
  organizationName: `PT Lupa Sandi ${randomBytes(3).toString('hex')}`,
};
const newPassword = 'sandi-baru-rahasia-2';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
  const registered = await fetch(`${baseUrl()}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...user, organizationKind: 'DISTRIBUTOR' }),
  });
  expect(registered.status).toBe(201);
});
afterAll(async () => browser?.close());

describe('password reset', () => {
  it('Lupa kata sandi? mails a link; the link sets a new password that signs in, the old one no longer does, and the link works once', async () => {
    const { context, page } = await newPage(browser);
    await page.goto('/login');
    await page.getByRole('link', { name: 'Lupa kata sandi?' }).click();
    await page.getByRole('heading', { name: 'Atur ulang kata sandi' }).waitFor();
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('button', { name: 'Kirim tautan' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain(`Jika ada akun dengan email ${user.email}`);

    // The mail in the catcher, in Bahasa Indonesia, addressed by name, with a link that opens the reset page.
    const mail = await waitForMail(user.email, { subject: /^Atur ulang kata sandi/ });
    expect(mail.subject).toBe('Atur ulang kata sandi Portal Distribusi');
    expect(mail.text).toContain(`Halo ${user.name},`);
    expect(mail.text).toContain('Tautan ini berlaku 30 menit dan hanya bisa dipakai sekali.');
    const link = linkIn(mail, /^\/reset-password$/);
    expect(link.startsWith(`${baseUrl()}/reset-password#token=`)).toBe(true);

    const { context: mailContext, page: fromMail } = await newPage(browser);
    await fromMail.goto(link);
    await fromMail.getByRole('heading', { name: 'Buat kata sandi baru' }).waitFor();
    await fromMail.getByLabel('Kata sandi baru').fill(newPassword);
    await fromMail.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
    await fromMail.waitForURL(/\/login$/);
    await expect.poll(() => fromMail.getByText('Kata sandi Anda telah diubah. Masuk dengan kata sandi baru.').count()).toBe(1);

    // The old password is refused with the wrong-credentials message; the new one signs in.
    await login(fromMail, user.email, user.password);
    await expect.poll(() => fromMail.getByRole('alert').first().textContent()).toContain('Email atau kata sandi salah.');
    expect(new URL(fromMail.url()).pathname).toBe('/login');
    await login(fromMail, user.email, newPassword);
    await expect.poll(() => fromMail.getByTestId('org-name').textContent()).toBe(user.organizationName);

    // The account's owner is told of the change by mail too.
    const changed = await waitForMail(user.email, { subject: /telah diubah$/ });
    expect(changed.subject).toBe('Kata sandi Portal Distribusi Anda telah diubah');

    // The same link a second time: refused, and says so.
    await mailContext.close();
    const { page: again } = await newPage(browser);
    await again.goto(link);
    await again.getByLabel('Kata sandi baru').fill('sandi-ketiga-rahasia-3');
    await again.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
    await expect.poll(() => again.getByRole('alert').first().textContent()).toContain('Tautan atur ulang kata sandi ini sudah dipakai.');
    await again.context().close();
    await context.close();
  });
});
