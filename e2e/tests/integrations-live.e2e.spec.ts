import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, DEMO, launch, login, newPage, uniqueEmail } from '../src/browser';

// Generous: the first sync runs through the worker and the sample DMS on a busy machine.
const SYNC_TIMEOUT = { timeout: 60_000 };

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

/** A distributor of this test alone, signed in in the page's context (registering signs in). */
async function registerDistributor(page: Page, label: string): Promise<string> {
  const organizationName = `PT ${label} ${randomBytes(3).toString('hex')}`;
  const res = await page.request.post('/api/auth/register', {
    data: { email: uniqueEmail(label.toLowerCase()), password: 'rahasia-sekali-123', name: 'Sari', organizationName, organizationKind: 'DISTRIBUTOR' },
  });
  expect(res.status()).toBe(201);
  return organizationName;
}

/** What an External system does with a key: push one sales order. */
async function pushWith(apiKey: string): Promise<number> {
  const res = await fetch(`${baseUrl()}/api/ingest/sales-orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      documents: [
        {
          sourceId: `SO-${randomBytes(3).toString('hex')}`,
          number: 'SO/LIVE/001',
          date: '2026-11-24',
          total: '50000.00',
          lines: [{ productCode: 'P009', quantity: '2', unit: 'PCS', unitPrice: '25000', amount: '50000' }],
        },
      ],
    }),
  });
  return res.status;
}

describe('live state: what the admin does appears on the distributor screens without a reload', () => {
  it('the AccessKey set elsewhere turns "Menunggu AccessKey" into Aktif, then the first sync succeeds, on the list, the integration page and the admin list', async () => {
    const distributor = await newPage(browser);
    const org = await registerDistributor(distributor.page, 'Langsung');
    const created = await distributor.page.request.post('/api/integrations', { data: { kind: 'DMS' } });
    const integrationId = ((await created.json()) as { id: string }).id;

    // The distributor watches its list in one tab and the integration page in another.
    await distributor.page.goto('/integrations');
    const listRow = distributor.page.getByRole('row', { name: /SimpliDOTS: DMS/ });
    await expect.poll(() => listRow.textContent()).toContain('Menunggu AccessKey');
    const detail = await distributor.context.newPage();
    await detail.goto(`/integrations/${integrationId}`);
    const stateLine = detail.locator('.state-line');
    await expect.poll(() => stateLine.textContent()).toContain('Menunggu AccessKey');

    // The admin watches Semua integrasi, filtered to this distributor.
    const admin = await newPage(browser);
    await login(admin.page, DEMO.admin.email, DEMO.admin.password);
    await admin.page.waitForURL(/\/admin/);
    await admin.page.goto('/admin/integrations');
    await admin.page.getByRole('searchbox', { name: 'Cari' }).fill(org);
    const adminRow = admin.page.getByRole('row', { name: new RegExp(org) });
    await expect.poll(() => adminRow.textContent()).toContain('Menunggu AccessKey');

    // The key is set through the API, from yet another session: none of the screens above is told.
    const keySetter = await newPage(browser);
    await login(keySetter.page, DEMO.admin.email, DEMO.admin.password);
    await keySetter.page.waitForURL(/\/admin/);
    expect(
      (await keySetter.page.request.put(`/api/admin/integrations/${integrationId}/access-key`, { data: { accessKey: '777-tujuh-tujuh-tujuh' } })).status(),
    ).toBe(200);
    await keySetter.context.close();

    await expect.poll(() => stateLine.textContent(), SYNC_TIMEOUT).toContain('Aktif');
    const runs = detail.getByTestId('sync-runs');
    // Five document types, and the DMS's customers and products beside them.
    await expect.poll(() => runs.locator('tr[data-run-status="SUCCEEDED"]').count(), SYNC_TIMEOUT).toBe(7);
    expect(await runs.locator('tr[data-run-stream="CUSTOMER"], tr[data-run-stream="PRODUCT"]').count()).toBe(2);
    // The first sync's documents are counted per type on the page.
    await expect.poll(() => detail.getByTestId('document-counts').textContent(), SYNC_TIMEOUT).toMatch(/Sales Order\s*[1-9]/);
    // The model templates made when the key was accepted appear too, without a reload.
    await expect.poll(() => detail.locator('[data-testid^="template-"]').count(), SYNC_TIMEOUT).toBe(5);

    await expect.poll(() => listRow.textContent(), SYNC_TIMEOUT).toContain('Aktif');
    await expect.poll(() => listRow.textContent(), SYNC_TIMEOUT).toContain('Berhasil');
    expect(await listRow.textContent()).not.toContain('Menunggu AccessKey');
    await expect.poll(() => adminRow.textContent(), SYNC_TIMEOUT).toContain('Aktif');
    await expect.poll(() => adminRow.textContent(), SYNC_TIMEOUT).toContain('Berhasil');

    await admin.context.close();
    await distributor.context.close();
  });
});

describe("an External integration's API key", () => {
  it('Connect asks a name; the key stays on screen, Escape included, until copied; roll shows a new key once; revoke removes it', async () => {
    const { context, page } = await newPage(browser);
    await registerDistributor(page, 'Kunci');
    await page.goto('/integrations');

    // No integration yet: the empty list says what to do and offers it.
    await page.getByRole('button', { name: 'Tambah integrasi' }).click();
    const external = page.getByRole('dialog', { name: 'Pilih jenis aplikasi' }).getByRole('region', { name: 'External' });
    await external.getByRole('button', { name: 'Hubungkan' }).click();
    await expect.poll(() => external.textContent()).toContain('Isi nama integrasi.');
    await external.getByLabel('Nama integrasi').fill('Marketplace Uji');
    await external.getByRole('button', { name: 'Hubungkan' }).click();

    const keyDialog = page.getByRole('dialog', { name: 'API key untuk mengirim dokumen' });
    await expect.poll(() => keyDialog.getByTestId('api-key').textContent()).toMatch(/^pk_[\w-]+\.[\w-]{43}$/);
    const firstKey = (await keyDialog.getByTestId('api-key').textContent())!;
    expect(await keyDialog.getByRole('button', { name: 'Tutup', exact: true }).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await keyDialog.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await keyDialog.isVisible()).toBe(true);

    await keyDialog.getByRole('button', { name: 'Salin' }).click();
    await expect.poll(() => page.locator('[data-sonner-toast]', { hasText: 'API key disalin' }).count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(firstKey);
    await page.keyboard.press('Escape');
    await expect.poll(() => keyDialog.isVisible()).toBe(false);

    // The integration page shows the key by its prefix only.
    await page.getByRole('link', { name: 'Marketplace Uji' }).click();
    const panel = page.getByTestId('ingestion-key');
    await expect.poll(() => panel.getByTestId('api-key-prefix').textContent()).toBe(`${firstKey.split('.')[0]}.••••••••`);
    expect(await page.content()).not.toContain(firstKey.split('.')[1]);

    // Roll: confirmed in the portal's dialog, the new key shown once in the same key dialog.
    await panel.getByRole('button', { name: 'Ganti key' }).click();
    await page.getByRole('dialog', { name: 'Ganti key' }).getByRole('button', { name: 'Ganti key' }).click();
    await expect.poll(() => keyDialog.getByTestId('api-key').textContent()).toMatch(/^pk_[\w-]+\.[\w-]{43}$/);
    const secondKey = (await keyDialog.getByTestId('api-key').textContent())!;
    expect(secondKey).not.toBe(firstKey);
    await keyDialog.getByRole('button', { name: 'Salin' }).click();
    await keyDialog.getByRole('button', { name: 'Tutup', exact: true }).click();
    await expect.poll(() => panel.getByTestId('api-key-prefix').textContent()).toBe(`${secondKey.split('.')[0]}.••••••••`);
    expect(await pushWith(firstKey)).toBe(401);
    expect(await pushWith(secondKey)).toBe(200);

    // Revoke: the key is gone from the page and stops working.
    await panel.getByRole('button', { name: 'Cabut key' }).click();
    await page.getByRole('dialog', { name: 'Cabut key' }).getByRole('button', { name: 'Cabut key' }).click();
    await expect.poll(() => page.locator('[data-sonner-toast]', { hasText: 'API key dicabut' }).count()).toBe(1);
    await expect.poll(() => panel.getByTestId('api-key-none').count()).toBe(1);
    expect(await panel.getByTestId('api-key-prefix').count()).toBe(0);
    expect(await pushWith(secondKey)).toBe(401);

    // Renamed, the new name is the page's title.
    await page.getByRole('button', { name: 'Ubah nama' }).click();
    const rename = page.getByRole('dialog', { name: 'Ubah nama' });
    await rename.getByLabel('Nama').fill('Marketplace Tokopedia');
    await rename.getByRole('button', { name: 'Simpan' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Marketplace Tokopedia');
    await context.close();
  });
});
