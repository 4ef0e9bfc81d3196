import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, launch, login, newPage, uniqueEmail } from '../src/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

describe('sign-up, sign-in and navigation by organisation kind', () => {
  it('a new distributor registers, lands on its own navigation in Bahasa Indonesia, and can switch to English', async () => {
    const { context, page } = await newPage(browser);
    const email = uniqueEmail('dist');
    await page.goto('/register');
    await page.getByLabel('Nama organisasi').fill('PT Uji Distribusi');
    await page.getByLabel('Nama lengkap').fill('Budi');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Kata sandi').fill('rahasia-sekali-123');
    await page.getByRole('button', { name: 'Daftar' }).click();

    const nav = page.getByRole('navigation', { name: 'Navigasi utama' });
    await expect
      .poll(() => nav.getByRole('link').allTextContents())
      .toEqual(['Integrasi & Koneksi', 'Insight', 'Dokumen', 'Data master', 'Tim', 'Akses API', 'Webhook', 'Log audit']);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Integrasi & Koneksi');
    expect(await page.locator('html').getAttribute('lang')).toBe('id');

    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.waitForURL(/\/login$/);
    await login(page, email, 'rahasia-sekali-123');
    await expect
      .poll(() => nav.getByRole('link').allTextContents())
      .toEqual(['Integrasi & Koneksi', 'Insight', 'Dokumen', 'Data master', 'Tim', 'Akses API', 'Webhook', 'Log audit']);

    await page.getByRole('combobox', { name: 'Bahasa' }).selectOption('en');
    await expect
      .poll(() => page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link').allTextContents())
      .toEqual(['Integrations & Connections', 'Insight', 'Documents', 'Master data', 'Team', 'API access', 'Webhooks', 'Audit log']);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // The choice survives a reload.
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    await context.close();
  });

  it('a principal sees Koneksi, Dokumen, its Katalog SKU and Akses API', async () => {
    const { context, page } = await newPage(browser);
    await page.goto('/register');
    await page.getByLabel('Principal').check();
    await page.getByLabel('Nama organisasi').fill('PT Merek Uji');
    await page.getByLabel('Nama lengkap').fill('Sari');
    await page.getByLabel('Email').fill(uniqueEmail('prin'));
    await page.getByLabel('Kata sandi').fill('rahasia-sekali-123');
    await page.getByRole('button', { name: 'Daftar' }).click();
    await expect
      .poll(() => page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link').allTextContents())
      .toEqual(['Koneksi', 'Insight', 'Dokumen', 'Katalog SKU', 'Pemetaan produk', 'Data master', 'Tim', 'Akses API', 'Webhook', 'Log audit']);
    await context.close();
  });

  it('shows a translated error for a wrong password and for a taken email', async () => {
    const { context, page } = await newPage(browser);
    await login(page, DEMO.distributor.email, 'not-the-password');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Email atau kata sandi salah.');
    await page.goto('/register');
    await page.getByLabel('Nama organisasi').fill('PT Ganda');
    await page.getByLabel('Nama lengkap').fill('Ganda');
    await page.getByLabel('Email').fill(DEMO.distributor.email);
    await page.getByLabel('Kata sandi').fill('rahasia-sekali-123');
    await page.getByRole('button', { name: 'Daftar' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Email ini sudah terdaftar.');
    await context.close();
  });

  it('the platform admin lands on AccessKeys', async () => {
    const { context, page } = await newPage(browser);
    await login(page, DEMO.admin.email, DEMO.admin.password);
    // The page's chunk loads before the router moves on from "/", so the address changes a moment after the navigation shows.
    await page.waitForURL(/\/admin\/access-keys$/);
    await expect
      .poll(() => page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link').allTextContents())
      .toEqual(['AccessKeys', 'Semua integrasi', 'Log audit', 'Tim', 'Antrean']);
    await context.close();
  });
});
