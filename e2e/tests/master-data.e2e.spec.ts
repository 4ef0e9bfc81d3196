import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, login, newPage, registerOrganization, uniqueEmail } from '../src/browser';

// An organisation of this test alone, so it does not depend on the demo accounts.
const suffix = randomBytes(3).toString('hex');
const distributor = { email: uniqueEmail('masterdata'), password: 'masterdata-rahasia-1', organizationName: `PT Data Master Uji ${suffix}` };

// Bahasa Indonesia headers, semicolons as an Indonesian spreadsheet writes them; row 3 lacks its code.
const CSV = [
  'id_sumber;kode_pelanggan;nama_pelanggan;alamat;kota;kode_salesman;tipe_outlet',
  'PL-1;C001;Toko Sinar Jaya;Jl. Braga 5;Bandung;S01;Grosir',
  'PL-2;;Toko Tanpa Kode;;Cimahi;;',
  'PL-3;C003;Warung Bu Sri;;Garut;S02;Retail',
].join('\r\n');

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
  await registerOrganization({ ...distributor, name: 'Sari Wulandari' }, 'DISTRIBUTOR');
});
afterAll(async () => browser?.close());

describe('Data master', () => {
  it('a distributor imports a customers CSV into an External integration, sees the bad row, then the customers', async () => {
    const { context, page } = await newPage(browser);
    await login(page, distributor.email, distributor.password);
    await page.waitForURL(/\/integrations$/);
    // The integration is made the way the screen makes it; its own test covers that screen.
    const created = await page.evaluate(async () => {
      const res = await fetch('/api/integrations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'EXTERNAL', name: 'Excel Toko' }),
      });
      return res.status;
    });
    expect(created).toBe(201);

    await page.getByRole('link', { name: 'Data master' }).click();
    await page.waitForURL(/\/master-data$/);
    await expect.poll(() => page.getByText('Belum ada pelanggan.').isVisible()).toBe(true);
    expect(await page.getByText(/Data master datang dari sinkronisasi integrasi DMS atau SAP/).isVisible()).toBe(true);

    await page.getByLabel('Integrasi').selectOption({ label: 'Excel Toko' });
    const panel = page.getByTestId('master-data-import');
    await expect.poll(() => panel.getByRole('heading', { name: 'Impor pelanggan' }).isVisible()).toBe(true);
    expect(await panel.getByRole('link', { name: 'Unduh template CSV' }).getAttribute('href')).toBe('/api/master-data/customers/import-template?format=csv');

    await panel.getByLabel('File CSV atau XLSX').setInputFiles({ name: 'pelanggan.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await panel.getByRole('button', { name: 'Impor' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toBe('3 baris dibaca: 2 diterima (2 disimpan, 0 tidak berubah).');
    const errors = panel.getByTestId('import-errors');
    await expect.poll(() => errors.getByRole('row').count()).toBe(2);
    expect(await errors.getByRole('row').nth(1).textContent()).toBe('3PL-2codeKolom code wajib diisi.');

    const rows = page.getByTestId('customer-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toBe('C001Toko Sinar JayaJl. Braga 5BandungS01GrosirExcel Toko');
    expect(await rows.nth(1).textContent()).toContain('Warung Bu Sri');
    expect((await page.getByTestId('master-data-summary').textContent()) ?? '').toContain('Excel Toko');

    // The text filter narrows the list.
    await page.getByLabel('Cari').fill('sri');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.nth(0).textContent()).toContain('C003');
    await context.close();
  });
});
