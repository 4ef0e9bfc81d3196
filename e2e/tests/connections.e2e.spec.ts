import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, launch, login, newPage } from '../src/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

describe('principal invites, distributor allows access (the seed guide, steps 1-6)', () => {
  it('connects the demo principal and distributor and shares the documents', async () => {
    // Steps 1-4: the principal creates the link and copies it.
    const principal = await newPage(browser);
    await login(principal.page, DEMO.principal.email, DEMO.principal.password);
    await principal.page.waitForURL(/\/connections$/);
    await principal.page.getByRole('button', { name: 'Add New' }).click();
    const dialog = principal.page.getByRole('dialog', { name: 'Tautan undangan' });
    const url = await dialog.getByTestId('invite-url').inputValue();
    expect(url).toMatch(/^http:\/\/localhost:\d+\/invites\/[\w-]{43}$/);
    await dialog.getByRole('button', { name: 'Copy Link' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toContain('Tautan disalin');
    expect(await principal.page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await dialog.getByRole('button', { name: '×' }).click();
    await expect.poll(() => principal.page.getByTestId('connections-table').textContent()).toContain('Pending');

    // Step 5: the distributor, logged out, opens the link, signs in and is brought back.
    const distributor = await newPage(browser);
    await distributor.page.goto(url);
    await expect.poll(() => distributor.page.getByText('PT Nusantara Brands meminta akses').count()).toBe(1);
    await distributor.page.getByRole('link', { name: 'Masuk' }).click();
    await distributor.page.getByLabel('Email').fill(DEMO.distributor.email);
    await distributor.page.getByLabel('Kata sandi').fill(DEMO.distributor.password);
    await distributor.page.getByRole('button', { name: /^Masuk$/ }).click();
    await distributor.page.waitForURL(/\/invites\//);
    const consent = distributor.page.getByRole('dialog', { name: 'Permintaan koneksi' });
    for (const item of ['Sales Order dan Sales Return', 'Sales Invoice dan Purchase Invoice', 'Purchase Order']) {
      await expect.poll(() => consent.getByText(item, { exact: true }).count()).toBe(1);
    }
    await consent.getByRole('button', { name: 'Allow access' }).click();
    await expect.poll(() => consent.getByRole('status').textContent()).toContain('Connected');

    // Step 6: both lists show Connected.
    await distributor.page.goto('/integrations');
    await expect.poll(() => distributor.page.getByRole('row', { name: /PT Nusantara Brands/ }).textContent()).toContain('Connected');
    await principal.page.reload();
    await expect.poll(() => principal.page.getByRole('row', { name: /PT Sumber Makmur Distribusi/ }).textContent()).toContain('Connected');

    // A used link cannot be used again.
    await distributor.page.goto(url);
    await expect.poll(() => distributor.page.getByRole('alert').textContent()).toContain('sudah kedaluwarsa, sudah dipakai');

    // The principal sees the distributor's consolidated documents, with its own total.
    await principal.page.getByRole('link', { name: 'Dokumen' }).click();
    await expect.poll(() => principal.page.getByTestId('documents-total').textContent()).toBe('150 dokumen');
    expect(await principal.page.getByText('PT Sumber Makmur Distribusi').count()).toBeGreaterThan(0);
    await principal.context.close();
    await distributor.context.close();
  });
});
