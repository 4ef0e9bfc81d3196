import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, login, newPage, uniqueEmail } from '../src/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

describe('audit log', () => {
  it('a distributor sees its recent actions in Bahasa Indonesia, filters by one, and opens what changed', async () => {
    const { context, page } = await newPage(browser);
    const email = uniqueEmail('audit');
    await page.goto('/register');
    await page.getByLabel('Nama organisasi').fill('PT Audit Distribusi');
    await page.getByLabel('Nama lengkap').fill('Rina');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Kata sandi').fill('rahasia-sekali-123');
    await page.getByRole('button', { name: 'Daftar' }).click();
    await page.waitForURL(/\/integrations$/);

    // An External integration made through the API with the page's own session, then renamed.
    const created = await page.request.post('/api/integrations', { data: { kind: 'EXTERNAL' }, headers: { origin: baseUrl() } });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const renamed = await page.request.patch(`/api/integrations/${id}`, { data: { name: 'Gudang Audit' }, headers: { origin: baseUrl() } });
    expect(renamed.status()).toBe(200);

    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.waitForURL(/\/login$/);
    await login(page, email, 'rahasia-sekali-123');
    await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Log audit' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Log audit');

    const actions = () => page.getByTestId('audit-row').locator('td:nth-child(3)').allTextContents();
    await expect.poll(actions).toEqual(['Masuk', 'Keluar', 'Integrasi diganti nama', 'Integrasi dibuat']);
    expect(await page.getByTestId('audit-row').first().locator('td:nth-child(2)').textContent()).toBe(email);

    await page.getByLabel('Tindakan').selectOption(['integration.renamed']);
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await expect.poll(actions).toEqual(['Integrasi diganti nama']);
    const row = page.getByTestId('audit-row').first();
    await row.getByText('Lihat').click();
    await expect
      .poll(() => row.locator('pre').allTextContents())
      .toEqual([expect.stringContaining('"name"'), expect.stringContaining('Gudang Audit'), expect.anything()]);
    await context.close();
  });
});
