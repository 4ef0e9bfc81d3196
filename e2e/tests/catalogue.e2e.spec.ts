import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, login, newPage, registerOrganization, uniqueEmail } from '../src/browser';

// Issue 13: a principal keeps its own SKU catalogue on the Katalog SKU screen:
// adds a SKU with unit conversions and sees the ladder they make, then
// imports a file whose one bad row is named and nothing is written until it
// is fixed. A principal of this test alone, so the demo catalogue does not matter.
const suffix = randomBytes(3).toString('hex');
const principal = { email: uniqueEmail('katalog'), password: 'katalog-rahasia-1', organizationName: `PT Merek Uji ${suffix}` };

const FILE = (lastRow: string) =>
  ['kode,nama,merek,kategori,satuan_dasar,konversi,barcode', 'TEH-450,Teh Melati Botol 450ml,Teh Nusantara,Minuman,BTL,KRT=24,', lastRow].join('\r\n');

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
  await registerOrganization({ ...principal, name: 'Rina Kartika' }, 'PRINCIPAL');
});
afterAll(async () => browser?.close());

describe('Katalog SKU', () => {
  it('adds a SKU with conversions and sees the ladder; an import with one bad row names it and writes nothing', async () => {
    const { context, page } = await newPage(browser);
    await login(page, principal.email, principal.password);
    await page.waitForURL(/\/connections$/);
    await page.getByRole('link', { name: 'Katalog SKU' }).click();
    await page.getByRole('heading', { name: 'Katalog SKU', level: 1 }).waitFor();
    await page.getByText('Katalog masih kosong').waitFor();

    await page.getByRole('button', { name: 'Tambah SKU' }).click();
    const form = page.getByRole('dialog', { name: 'Tambah SKU' });
    await form.getByLabel('Kode').fill('MIE-085');
    await form.getByLabel('Nama', { exact: true }).fill('Mi Goreng Spesial 85g');
    await form.getByLabel('Merek').fill('Mi Nusantara');
    await form.getByLabel('Kategori').fill('Mi Instan');
    await form.getByLabel('Satuan dasar').fill('pcs');
    await form.getByRole('button', { name: 'Tambah satuan' }).click();
    await form.getByLabel('Satuan konversi 1').fill('DUS');
    await form.getByLabel('Isi konversi 1').fill('12');
    await form.getByRole('button', { name: 'Tambah satuan' }).click();
    await form.getByLabel('Satuan konversi 2').fill('krt');
    // A factor that is no number is refused in words, and nothing is saved.
    await form.getByLabel('Isi konversi 2').fill('empat puluh');
    await form.getByRole('button', { name: 'Tambah', exact: true }).click();
    await form.getByText('Isi harus angka lebih dari 0').waitFor();
    await form.getByLabel('Isi konversi 2').fill('48');
    await expect.poll(() => form.getByTestId('unit-ladder').textContent()).toBe('1 KRT = 4 DUS = 48 PCS');
    await form.getByRole('button', { name: 'Tambah', exact: true }).click();

    const row = page.getByTestId('sku-MIE-085');
    await expect.poll(() => row.textContent()).toContain('1 KRT = 4 DUS = 48 PCS');
    expect(await row.textContent()).toContain('Mi Nusantara');

    // The same code again is refused beside the code field.
    await page.getByRole('button', { name: 'Tambah SKU' }).click();
    const again = page.getByRole('dialog', { name: 'Tambah SKU' });
    await again.getByLabel('Kode').fill('MIE-085');
    await again.getByLabel('Nama', { exact: true }).fill('Lain');
    await again.getByRole('button', { name: 'Tambah', exact: true }).click();
    await again.getByText('Kode SKU ini sudah dipakai SKU lain di katalog Anda.').waitFor();
    await again.getByRole('button', { name: 'Tutup dialog' }).click();

    await page.getByRole('button', { name: 'Impor', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Impor SKU dari CSV/XLSX' });
    expect(await dialog.getByRole('link', { name: 'Unduh templat CSV' }).getAttribute('href')).toBe('/api/catalogue/skus/import-template?format=csv');
    await dialog
      .getByLabel('File CSV atau XLSX')
      .setInputFiles({ name: 'sku.csv', mimeType: 'text/csv', buffer: Buffer.from(FILE('KOPI-200,Kopi Susu 200ml,Kopi N,Minuman,,DUS=24,')) });
    const errors = dialog.getByTestId('sku-import-errors');
    await expect.poll(() => errors.getByRole('row').count()).toBe(2);
    expect(await errors.getByRole('row').nth(1).textContent()).toBe('3KOPI-200satuan_dasarWajib diisi.');
    expect(await dialog.textContent()).toContain('1 baris tidak valid');
    expect(await dialog.getByRole('button', { name: 'Impor', exact: true }).isDisabled()).toBe(true);

    // Fixed, the preview counts it and the import writes both rows.
    await dialog
      .getByLabel('File CSV atau XLSX')
      .setInputFiles({ name: 'sku.csv', mimeType: 'text/csv', buffer: Buffer.from(FILE('KOPI-200,Kopi Susu 200ml,Kopi N,Minuman,PCS,DUS=24,')) });
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('2 baris: 2 SKU baru, 0 diperbarui, 0 tidak berubah.');
    await dialog.getByRole('button', { name: 'Impor', exact: true }).click();
    await expect.poll(() => page.getByTestId('sku-KOPI-200').textContent()).toContain('1 DUS = 24 PCS');
    await expect.poll(() => page.getByTestId('sku-TEH-450').textContent()).toContain('1 KRT = 24 BTL');

    // The brand filter lists the catalogue's brands with their counts.
    await page.getByLabel('Merek').selectOption('Kopi N');
    await expect.poll(() => page.getByRole('table').getByRole('row').count()).toBe(2);
    await context.close();
  });
});
