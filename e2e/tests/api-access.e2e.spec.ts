import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, login, newPage, uniqueEmail } from '../src/browser';

// An organisation of this test alone, with one document pushed through its External integration.
const suffix = randomBytes(3).toString('hex');
const distributor = { email: uniqueEmail('akses-api'), password: 'akses-api-rahasia-1', organizationName: `PT Akses API ${suffix}` };

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
  const registered = await fetch(`${baseUrl()}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...distributor, name: 'Rina Wijaya', organizationKind: 'DISTRIBUTOR' }),
  });
  expect(registered.status).toBe(201);
  const cookie = registered.headers.get('set-cookie')!.split(';')[0]!;
  const external = await fetch(`${baseUrl()}/api/integrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ kind: 'EXTERNAL', name: 'ERP' }),
  });
  const { apiKey } = (await external.json()) as { apiKey: string };
  const pushed = await fetch(`${baseUrl()}/api/ingest/sales-invoices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      documents: [
        {
          sourceId: 'API-1',
          number: `FJ/API/${suffix}`,
          date: '2026-11-24',
          partyName: 'Toko Maju',
          total: '50000.00',
          lines: [{ productCode: 'P001', quantity: '2', unit: 'PCS', unitPrice: '25000', amount: '50000' }],
        },
      ],
    }),
  });
  expect(pushed.status).toBe(200);
});
afterAll(async () => browser?.close());

describe('API access screen', () => {
  it('creates a documents:read key, shows it once, and the copied key reads /api/documents without a cookie', async () => {
    const { context, page } = await newPage(browser);
    await login(page, distributor.email, distributor.password);
    await page.waitForURL(/\/integrations$/);
    await page.getByRole('link', { name: 'Akses API' }).click();
    await page.getByRole('heading', { name: 'Akses API', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Buat kunci API' }).first().click();
    const form = page.getByRole('dialog', { name: 'Buat kunci API' });
    await form.getByLabel('Nama').fill('Gudang data BI');
    await form.getByRole('button', { name: 'Buat', exact: true }).click();

    const shown = page.getByRole('dialog', { name: 'Kunci API dibuat' });
    await expect.poll(() => shown.getByTestId('api-key-secret').inputValue()).toMatch(/^pk_[\w-]+\.[\w-]{43}$/);
    expect(await shown.textContent()).toContain('hanya ditampilkan kali ini');
    await shown.getByRole('button', { name: 'Salin' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await shown.getByTestId('api-key-secret').inputValue());
    await shown.getByRole('button', { name: 'Sudah saya simpan' }).click();

    // Listed by name and prefix with its scope; the secret is not on the page any more.
    const row = page.getByTestId('api-key-row').filter({ hasText: 'Gudang data BI' });
    await expect.poll(() => row.textContent()).toContain(copied.split('.')[0]);
    expect(await row.textContent()).toContain('documents:read');
    expect(await page.content()).not.toContain(copied.split('.')[1]);

    const res = await fetch(`${baseUrl()}/api/documents`, { headers: { authorization: `Bearer ${copied}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('ratelimit-limit')).toBeTruthy();
    const body = (await res.json()) as { data: { number: string }[] };
    expect(body.data.map((d) => d.number)).toEqual([`FJ/API/${suffix}`]);

    // Revoked from the screen, the key stops working.
    await row.getByRole('button', { name: 'Cabut' }).click();
    await page.getByRole('dialog', { name: 'Cabut kunci API ini?' }).getByRole('button', { name: 'Cabut' }).click();
    await expect.poll(() => page.getByTestId('api-key-row').filter({ hasText: 'Gudang data BI' }).count()).toBe(0);
    expect((await fetch(`${baseUrl()}/api/documents`, { headers: { authorization: `Bearer ${copied}` } })).status).toBe(401);
    await context.close();
  });
});
