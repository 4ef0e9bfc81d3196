import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, newPage, uniqueEmail } from '../src/browser';

// Search helps (issue 13) on the documents screen: the party filter suggests
// the distributor's customers as the user types (typos included), the keyboard
// picks one, and the list shows that customer's documents only. The customers
// are inserted straight into this run's database: their pull and import are
// another screen's (the documents arrive through the External API as usual).

const db = new pg.Client({ connectionString: inject('databaseUrl') });
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function json<T>(res: { ok(): boolean; status(): number; json(): Promise<unknown>; text(): Promise<string> }): Promise<T> {
  if (!res.ok()) throw new Error(`HTTP ${res.status()}: ${await res.text()}`);
  return (await res.json()) as T;
}

const invoice = (number: string, partyCode: string, partyName: string) => ({
  sourceId: number,
  number,
  date: '2024-03-01',
  partyCode,
  partyName,
  total: '100000',
  lines: [{ productCode: 'P001', quantity: '1', unit: 'PCS', unitPrice: '100000', amount: '100000' }],
});
const CUSTOMERS = [
  ['CUST-001', 'Toko Sinar Jaya', 'Bandung'],
  ['CUST-002', 'Minimarket Sejahtera Abadi', 'Bekasi'],
  ['CUST-003', 'Warung Sejahtera', 'Bogor'],
] as const;

const numbers = () => page.getByTestId('documents-table').locator('tbody tr td:first-child').allTextContents();

beforeAll(async () => {
  await db.connect();
  browser = await launch();
  ({ context, page } = await newPage(browser));
  const email = uniqueEmail('cari');
  const me = await json<{ organization: { id: string } }>(
    await page.request.post('/api/auth/register', {
      data: { email, password: 'correct-horse-battery', name: 'Sari Wulandari', organizationName: `PT Cari ${email}`, organizationKind: 'DISTRIBUTOR' },
    }),
  );
  const { id: integrationId, apiKey } = await json<{ id: string; apiKey: string }>(
    await page.request.post('/api/integrations', { data: { kind: 'EXTERNAL' } }),
  );
  const documents = [
    invoice('INV/C1/1', 'CUST-001', 'Toko Sinar Jaya'),
    invoice('INV/C2/1', 'CUST-002', 'Minimarket Sejahtera Abadi'),
    invoice('INV/C2/2', 'CUST-002', 'Minimarket Sejahtera Abadi'),
    invoice('INV/C3/1', 'CUST-003', 'Warung Sejahtera'),
  ];
  await json(await page.request.post('/api/ingest/sales-invoices', { headers: { authorization: `Bearer ${apiKey}` }, data: { documents } }));
  for (const [code, name, city] of CUSTOMERS) {
    await db.query(
      `INSERT INTO customers (id, organization_id, integration_id, source_id, code, name, city, source_updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $3, $4, $5, now())`,
      [me.organization.id, integrationId, code, name, city],
    );
  }
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await db.end();
});

describe('search helps on the documents screen', () => {
  it('suggests customers for a misspelt name, picks one with the keyboard and lists its documents', async () => {
    await page.goto('/documents');
    await expect.poll(() => numbers().then((n) => n.length)).toBe(4);
    const party = page.getByRole('combobox', { name: 'Pelanggan / pemasok' });
    await party.fill('sejahtra');
    const options = page.getByRole('listbox').getByRole('option');
    // Both "Sejahtera" outlets, ranked alike and so by name, each with its code and city.
    await expect.poll(() => options.allTextContents()).toEqual(['CUST-002Minimarket Sejahtera AbadiBekasi', 'CUST-003Warung SejahteraBogor']);
    await party.press('ArrowDown');
    expect(await options.first().getAttribute('aria-selected')).toBe('true');
    await party.press('Enter');

    // The pick fills in the code and applies the filter: the other Sejahtera's invoice is not listed.
    await page.waitForURL(/party=CUST-002/);
    await expect.poll(() => numbers().then((n) => [...n].sort())).toEqual(['INV/C2/1', 'INV/C2/2']);
    await expect.poll(() => page.getByTestId('documents-total').textContent()).toBe('2 dokumen');
    await expect.poll(() => page.getByRole('combobox', { name: 'Pelanggan / pemasok' }).inputValue()).toBe('CUST-002');
  });

  it('says there is nothing, closes on Escape, and free text still filters by part of a name', async () => {
    await page.goto('/documents');
    const party = page.getByRole('combobox', { name: 'Pelanggan / pemasok' });
    await party.fill('qxzvw');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Tidak ada hasil' }).count()).toBe(1);
    await party.press('Escape');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Tidak ada hasil' }).count()).toBe(0);

    await party.fill('sejahtera');
    await expect.poll(() => page.getByRole('listbox').getByRole('option').count()).toBe(2);
    await party.press('Escape'); // close without picking: the typed text is the filter
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.waitForURL(/party=sejahtera/);
    await expect.poll(() => numbers().then((n) => [...n].sort())).toEqual(['INV/C2/1', 'INV/C2/2', 'INV/C3/1']);
  });
});
