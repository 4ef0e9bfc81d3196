import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, login, newPage, registerOrganization, uniqueEmail } from '../src/browser';

// An organisation of this test alone, so it does not depend on the demo accounts.
const suffix = randomBytes(3).toString('hex');
const distributor = { email: uniqueEmail('eksternal'), password: 'eksternal-rahasia-1', organizationName: `PT Eksternal Uji ${suffix}` };

const CSV = [
  'type,source_id,number,date,party_code,party_name,salesman_code,status,product_code,product_name,qty,unit,price,discount,tax,amount',
  'SALES_INVOICE,EXT-1,FJ/EXT/001,25/11/2026,C001,Toko Sinar Jaya,S01,POSTED,P001,Mie Goreng 85g,10,DUS,"125.000,00",0,"137.500,00","1.387.500,00"',
  'SALES_INVOICE,EXT-1,FJ/EXT/001,25/11/2026,C001,Toko Sinar Jaya,S01,POSTED,P002,Teh Botol 350ml,24,PCS,4.500,0,0,108.000',
  'SALES_ORDER,EXT-2,SO/EXT/002,26/11/2026,C002,Warung Bu Sri,,,P001,Mie Goreng 85g,5,DUS,125000,0,0,625000',
  'SALES_ORDER,EXT-3,SO/EXT/003,31/02/2026,C003,Toko Tiga,,,P001,Mie Goreng 85g,1,DUS,125000,0,0,125000',
].join('\r\n');

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
  await registerOrganization({ ...distributor, name: 'Dewi Lestari' }, 'DISTRIBUTOR');
});
afterAll(async () => browser?.close());

describe('External integration: API key and CSV import', () => {
  it('distributor connects External, sees the API key once, imports a CSV and finds the documents', async () => {
    const { context, page } = await newPage(browser);
    await login(page, distributor.email, distributor.password);
    await page.waitForURL(/\/integrations$/);

    await page.getByRole('button', { name: /Tambah baru/ }).click();
    await page.getByRole('menuitem', { name: 'Integrasi' }).click();
    const external = page.getByRole('dialog', { name: 'Pilih jenis aplikasi' }).getByRole('region', { name: 'External' });
    await external.getByLabel('Nama integrasi').fill('External');
    await external.getByRole('button', { name: 'Hubungkan' }).click();
    const keyDialog = page.getByRole('dialog', { name: 'API key untuk mengirim dokumen' });
    await expect.poll(() => keyDialog.getByTestId('api-key').textContent()).toMatch(/^pk_[\w-]+\.[\w-]{43}$/);
    const apiKey = (await keyDialog.getByTestId('api-key').textContent())!;
    expect(await keyDialog.textContent()).toContain('Key tidak akan ditampilkan lagi');
    await keyDialog.getByRole('button', { name: 'Salin' }).click();
    await keyDialog.getByRole('button', { name: 'Tutup', exact: true }).click();

    // The key works for the REST path, and it is never shown again.
    const pushed = await fetch(`${baseUrl()}/api/ingest/purchase-orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        documents: [
          {
            sourceId: 'PO-API-1',
            number: 'PO/API/001',
            date: '2026-11-24',
            partyName: 'PT Pemasok',
            total: '50000.00',
            lines: [{ productCode: 'P009', quantity: '2', unit: 'PCS', unitPrice: '25000', amount: '50000' }],
          },
        ],
      }),
    });
    expect(pushed.status).toBe(200);
    expect(await page.content()).not.toContain(apiKey);

    await page.getByRole('link', { name: 'External' }).click();
    await page.waitForURL(/\/integrations\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByRole('heading', { name: 'Impor dokumen' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Unduh template CSV' }).getAttribute('href')).toBe('/api/integrations/import-template?format=csv');

    await page.getByLabel('File CSV atau XLSX').setInputFiles({ name: 'dokumen.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByRole('button', { name: 'Impor' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('4 baris dibaca: 2 dokumen diterima (2 disimpan, 0 tidak berubah).');
    const errors = page.getByTestId('import-errors');
    await expect.poll(() => errors.getByRole('row').count()).toBe(2);
    expect(await errors.getByRole('row').nth(1).textContent()).toBe('5EXT-3dateTanggal tidak valid; gunakan format dd/MM/yyyy.');

    await page.getByRole('link', { name: 'Dokumen' }).click();
    const table = page.getByTestId('documents-table');
    await expect.poll(() => table.getByRole('row').count()).toBe(4); // header + 3 documents
    const text = (await table.textContent()) ?? '';
    for (const number of ['FJ/EXT/001', 'SO/EXT/002', 'PO/API/001']) expect(text).toContain(number);
    expect(text).not.toContain('SO/EXT/003');
    expect(text).toContain('Toko Sinar Jaya');
    await context.close();
  });
});
