import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, newPage, uniqueEmail } from '../src/browser';

let browser: Browser;
let context: BrowserContext;
let page: Page;

async function json<T>(res: { ok(): boolean; status(): number; json(): Promise<unknown>; text(): Promise<string> }): Promise<T> {
  if (!res.ok()) throw new Error(`HTTP ${res.status()}: ${await res.text()}`);
  return (await res.json()) as T;
}

const doc = (number: string, date: string, partyName: string, total: string) => ({
  sourceId: number,
  number,
  date,
  partyName,
  total,
  lines: [{ productCode: 'P001', quantity: '1', unit: 'PCS', unitPrice: total, amount: total }],
});
// March 2024 around the 5th, one in April, and other types: enough to see each filter and the sort at work.
const DOCUMENTS = {
  'sales-invoices': [
    doc('INV/2024/001', '2024-03-01', 'Toko Sinar Jaya', '100000'),
    doc('INV/2024/002', '2024-03-04', 'Toko Sinar Jaya', '250000'),
    doc('INV/2024/003', '2024-03-05', 'Toko Sinar Jaya', '50000'),
    doc('INV/2024/004', '2024-03-12', 'Warung Bu Sri', '75000'),
    doc('INV/2024/005', '2024-03-20', 'Toko Sinar Jaya', '300000'),
    doc('INV/2024/006', '2024-04-02', 'Toko Sinar Jaya', '120000'),
  ],
  'purchase-orders': [doc('PO/2024/001', '2024-03-15', 'PT Sinar Pemasok', '500000')],
  'sales-orders': [doc('SO/2024/007', '2024-03-18', 'Toko Sinar Jaya', '90000')],
};

const table = () => page.getByTestId('documents-table');
/** The document numbers the list shows, in its order. */
const numbers = () => table().locator('tbody tr td:first-child').allTextContents();

beforeAll(async () => {
  browser = await launch();
  // A distributor of its own whose documents arrive through its External integration's API.
  ({ context, page } = await newPage(browser));
  const email = uniqueEmail('dokumen');
  await json(
    await page.request.post('/api/auth/register', {
      data: { email, password: 'correct-horse-battery', name: 'Ayu Lestari', organizationName: `PT Dokumen ${email}`, organizationKind: 'DISTRIBUTOR' },
    }),
  );
  const { apiKey } = await json<{ apiKey: string }>(await page.request.post('/api/integrations', { data: { kind: 'EXTERNAL' } }));
  for (const [type, documents] of Object.entries(DOCUMENTS)) {
    await json(await page.request.post(`/api/ingest/${type}`, { headers: { authorization: `Bearer ${apiKey}` }, data: { documents } }));
  }
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('documents: the localised date field', () => {
  it('in Bahasa Indonesia shows dd/MM/yyyy, picks from an Indonesian calendar, and typing 05/03/2024 lists from 5 March', async () => {
    await page.goto('/documents');
    await expect.poll(() => numbers()).toHaveLength(8);
    const from = page.getByLabel('Dari tanggal', { exact: true });
    expect(await from.getAttribute('placeholder')).toBe('hh/bb/tttt');

    // The calendar opens on the typed date, in Indonesian, and a picked day is written back as dd/MM/yyyy.
    await from.fill('05/03/2024');
    await page.getByRole('button', { name: 'Pilih Dari tanggal dari kalender' }).click();
    const calendar = page.getByRole('dialog', { name: 'Dari tanggal' });
    expect(await calendar.getByRole('button', { name: 'Selasa, 5 Maret 2024, dipilih' }).count()).toBe(1);
    await calendar.getByRole('button', { name: 'Minggu, 10 Maret 2024' }).click();
    expect(await from.inputValue()).toBe('10/03/2024');
    expect(await calendar.count()).toBe(0);

    // Typed without leading zeros, shown with them.
    await from.fill('5/3/2024');
    await from.blur();
    expect(await from.inputValue()).toBe('05/03/2024');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.waitForURL(/from=2024-03-05/);
    await expect
      .poll(() => numbers().then((n) => [...n].sort()))
      .toEqual(['INV/2024/003', 'INV/2024/004', 'INV/2024/005', 'INV/2024/006', 'PO/2024/001', 'SO/2024/007']);

    // Not a date: said so in Indonesian, next to the field.
    await from.fill('31/02/2024');
    await from.blur();
    expect(await page.getByText('Tanggal tidak valid; ketik dengan format dd/MM/yyyy').count()).toBe(1);
  });

  it('in English follows the English locale: MM/dd/yyyy', async () => {
    await page.goto('/documents?from=2024-03-05');
    await page.getByRole('combobox', { name: 'Bahasa' }).selectOption('en');
    const from = page.getByLabel('From', { exact: true });
    await expect.poll(() => from.inputValue()).toBe('03/05/2024');
    expect(await from.getAttribute('placeholder')).toBe('mm/dd/yyyy');
    await from.fill('03/12/2024');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/from=2024-03-12/);
    await expect.poll(() => numbers().then((n) => [...n].sort())).toEqual(['INV/2024/004', 'INV/2024/005', 'INV/2024/006', 'PO/2024/001', 'SO/2024/007']);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('id');
  });
});

describe('documents: filters kept in the address', () => {
  it('type, dates, party, search and sort survive a reload and Back, and the address carries them', async () => {
    await page.goto('/documents');
    await page.getByLabel('Jenis').selectOption('SALES_INVOICE');
    await page.getByLabel('Dari tanggal', { exact: true }).fill('01/03/2024');
    await page.getByLabel('Sampai tanggal', { exact: true }).fill('31/03/2024');
    await page.getByRole('combobox', { name: 'Pelanggan / pemasok' }).fill('sinar');
    await page.getByLabel('Cari nomor').fill('INV/2024');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await expect.poll(() => numbers()).toEqual(['INV/2024/005', 'INV/2024/003', 'INV/2024/002', 'INV/2024/001']);
    await table().getByRole('button', { name: 'Total' }).click();
    const expected = ['INV/2024/005', 'INV/2024/002', 'INV/2024/001', 'INV/2024/003'];
    await expect.poll(() => numbers()).toEqual(expected);

    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({
      type: 'SALES_INVOICE',
      from: '2024-03-01',
      to: '2024-03-31',
      party: 'sinar',
      number: 'INV/2024',
      sort: 'total_desc',
    });

    const shown = async () => ({
      numbers: await numbers(),
      type: await page.getByLabel('Jenis').inputValue(),
      from: await page.getByLabel('Dari tanggal', { exact: true }).inputValue(),
      to: await page.getByLabel('Sampai tanggal', { exact: true }).inputValue(),
      party: await page.getByRole('combobox', { name: 'Pelanggan / pemasok' }).inputValue(),
      search: await page.getByLabel('Cari nomor').inputValue(),
      sorted: await table().getByRole('columnheader', { name: /Total/ }).getAttribute('aria-sort'),
      total: await page.getByTestId('documents-total').textContent(),
    });
    const want = {
      numbers: expected,
      type: 'SALES_INVOICE',
      from: '01/03/2024',
      to: '31/03/2024',
      party: 'sinar',
      search: 'INV/2024',
      sorted: 'descending',
      total: '4 dokumen',
    };
    await page.reload();
    await expect.poll(shown).toEqual(want);

    // To a document's page and Back: the same list.
    await table().getByRole('link', { name: 'INV/2024/002' }).click();
    await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('document-facts').textContent()).toContain('Toko Sinar Jaya');
    expect(await page.getByTestId('document-facts').textContent()).toContain('integrasi External');
    await page.getByRole('link', { name: /Kembali ke daftar/ }).click();
    await expect.poll(shown).toEqual(want);
    expect(page.url()).toBe(url.toString());
  });
});
