import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO, launch, login, newPage } from '../src/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

async function openAddIntegration(page: Page) {
  await page.getByRole('button', { name: /Tambah baru/ }).click();
  await page.getByRole('menuitem', { name: 'Integrasi' }).click();
  return page.getByRole('dialog', { name: 'Pilih jenis aplikasi' });
}

describe('integrations, AccessKeys and the first sync', () => {
  it('distributor connects External and DMS; once it has a DMS, Connect says why it cannot add another', async () => {
    const { context, page } = await newPage(browser);
    await login(page, DEMO.distributor.email, DEMO.distributor.password);
    await page.waitForURL(/\/integrations$/);

    let dialog = await openAddIntegration(page);
    for (const name of ['External', 'SimpliDOTS: DMS', 'SAP']) await expect.poll(() => dialog.getByRole('region', { name }).isVisible()).toBe(true);
    // SAP's Connect opens its connection form (sap.e2e.spec.ts); nothing is created until a test passes.
    expect(await dialog.getByRole('region', { name: 'SAP' }).getByRole('button', { name: 'Hubungkan' }).isEnabled()).toBe(true);

    const external = dialog.getByRole('region', { name: 'External' });
    await external.getByLabel('Nama integrasi').fill('Toko Online Demo');
    await external.getByRole('button', { name: 'Hubungkan' }).click();
    const keyDialog = page.getByRole('dialog', { name: 'API key untuk mengirim dokumen' });
    await expect.poll(() => keyDialog.getByTestId('api-key').textContent()).toMatch(/^pk_[\w-]+\.[\w-]{43}$/);
    await keyDialog.getByRole('button', { name: 'Salin' }).click();
    await keyDialog.getByRole('button', { name: 'Tutup', exact: true }).click();
    await expect.poll(() => page.getByRole('row', { name: /Toko Online Demo/ }).count()).toBe(1);

    dialog = await openAddIntegration(page);
    await dialog.getByRole('region', { name: 'SimpliDOTS: DMS' }).getByRole('button', { name: 'Hubungkan' }).click();
    await expect.poll(() => page.getByRole('row', { name: /SimpliDOTS: DMS/ }).textContent()).toContain('Menunggu AccessKey');

    dialog = await openAddIntegration(page);
    const dms = dialog.getByRole('region', { name: 'SimpliDOTS: DMS' });
    expect(await dms.getByRole('button', { name: 'Hubungkan' }).isDisabled()).toBe(true);
    expect(await dms.textContent()).toContain('Anda sudah memiliki integrasi DMS. Satu distributor hanya boleh memiliki satu integrasi DMS.');
    await context.close();
  });

  it('admin sets the AccessKey: a wrong key is refused, the right one activates the integration', async () => {
    const { context, page } = await newPage(browser);
    await login(page, DEMO.admin.email, DEMO.admin.password);
    const row = page.getByRole('row', { name: /PT Sumber Makmur Distribusi/ });
    await row.getByRole('button', { name: 'Atur AccessKey' }).click();
    const dialog = page.getByRole('dialog', { name: 'Atur AccessKey' });

    await dialog.getByLabel('AccessKey').fill('bukan format');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await expect.poll(() => dialog.getByText(/Format AccessKey harus/).count()).toBeGreaterThan(0);

    await dialog.getByLabel('AccessKey').fill('446-kunci-salah');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toBe('DMS menolak AccessKey ini. Periksa TenantId dan PRINCIPAL_ACCESS_KEY di pengaturan DMS.');

    await dialog.getByLabel('AccessKey').fill('446-bebaspakaivalueapapun');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('AccessKey untuk PT Sumber Makmur Distribusi terverifikasi');
    await expect.poll(() => row.textContent()).toContain('Aktif');
    expect(await row.textContent()).toContain('446-••••••••');
    expect(await row.textContent()).not.toContain('bebaspakai');
    await context.close();
  });

  it('distributor sees five templates, sync runs finishing, and its documents', async () => {
    const { context, page } = await newPage(browser);
    await login(page, DEMO.distributor.email, DEMO.distributor.password);
    await page.getByRole('link', { name: 'SimpliDOTS: DMS' }).click();
    await expect.poll(() => page.locator('details.card').count()).toBe(5);
    const runs = page.getByTestId('sync-runs');
    // Five document types, and the DMS's customers (Pelanggan) and products (Produk) beside them.
    await expect.poll(() => runs.getByText('Berhasil').count(), { timeout: 60_000 }).toBe(7);
    expect(await runs.getByRole('cell', { name: 'Pelanggan', exact: true }).count()).toBe(1);
    expect(await runs.getByRole('cell', { name: 'Produk', exact: true }).count()).toBe(1);

    // A slow DMS keeps the runs going long enough to watch their progress.
    await setDmsLatency(1_500);
    try {
      await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
      await expect.poll(() => page.locator('[data-sonner-toast]', { hasText: 'Sinkronisasi dijadwalkan' }).count()).toBe(1);
      await expect.poll(() => page.getByTestId('sync-progress').textContent()).toMatch(/sinkronisasi/i);
    } finally {
      await setDmsLatency(0);
    }
    await expect.poll(() => runs.getByText('Berhasil').count(), { timeout: 60_000 }).toBe(14);
    await expect.poll(() => page.getByTestId('sync-progress').count()).toBe(0);

    await page.getByRole('link', { name: 'Dokumen' }).click();
    await expect.poll(() => page.getByTestId('documents-total').textContent()).toBe('150 dokumen');
    expect(await page.getByTestId('documents-table').getByRole('row').count()).toBe(51);
    // Sales and purchases are never added into one amount: one per type, 30 documents each.
    const typeTotals = page.locator('[data-testid^="type-total-"]');
    await expect.poll(() => typeTotals.count()).toBe(5);
    expect(await page.getByTestId('type-total-PURCHASE_ORDER').textContent()).toMatch(/^Nilai Purchase OrderRp\s[\d.,]+30 dokumen$/);
    await page.getByLabel('Jenis').selectOption('SALES_INVOICE');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await expect.poll(() => page.getByTestId('documents-total').textContent()).toBe('30 dokumen');
    await expect.poll(() => typeTotals.count()).toBe(1);
    await page.getByTestId('documents-table').getByRole('cell').getByRole('link').first().click();
    await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('document-lines').getByRole('row').count()).toBeGreaterThan(1);
    await context.close();
  });
});

async function setDmsLatency(latencyMs: number) {
  const res = await fetch(`${inject('dmsUrl')}/__control/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ latencyMs }),
  });
  if (!res.ok) throw new Error(`sample DMS refused the fault setting: ${res.status}`);
}
