import pg from 'pg';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, newPage, uniqueEmail } from '../src/browser';

// Insight (issue 13, docs/product/master-data.md): a principal connected to a
// distributor whose sales arrive through its External integration opens
// Insight, sees the tiles, the trend and the top SKUs, and drills from a top
// row into the documents behind it (the drill-down visible as removable
// chips). The product mapping is inserted straight into this run's database:
// mapping has a screen of its own.

const db = new pg.Client({ connectionString: inject('databaseUrl') });
let browser: Browser;
let principal: { context: BrowserContext; page: Page };
let distributor: { context: BrowserContext; page: Page };
let skuId: string;
let distributorOrgId: string;

async function json<T>(res: { ok(): boolean; status(): number; json(): Promise<unknown>; text(): Promise<string> }): Promise<T> {
  if (!res.ok()) throw new Error(`HTTP ${res.status()}: ${await res.text()}`);
  return (await res.json()) as T;
}

async function register(request: APIRequestContext, kind: 'DISTRIBUTOR' | 'PRINCIPAL', organizationName: string): Promise<string> {
  const email = uniqueEmail(kind === 'PRINCIPAL' ? 'insight.p' : 'insight.d');
  const me = await json<{ organization: { id: string } }>(
    await request.post('/api/auth/register', {
      data: { email, password: 'correct-horse-battery', name: 'Dewi Anggraini', organizationName: `${organizationName} ${email}`, organizationKind: kind },
    }),
  );
  return me.organization.id;
}

type Line = [productCode: string, quantity: string, unit: string, amount: string];
const sale = (number: string, date: string, partyCode: string, salesmanCode: string, lines: Line[]) => ({
  sourceId: number,
  number,
  date,
  partyCode,
  partyName: `Toko ${partyCode}`,
  salesmanCode,
  total: String(lines.reduce((s, l) => s + Number(l[3]), 0)),
  lines: lines.map(([productCode, quantity, unit, amount]) => ({ productCode, quantity, unit, unitPrice: amount, amount })),
});
// MIE-01 maps to the principal's SKU (1 DUS = 12 PCS); TEH-01 is not mapped: its value counts, its quantity does not.
const INVOICES = [
  sale('INV/IN/001', '2024-02-10', 'C-01', 'S-01', [
    ['MIE-01', '2', 'DUS', '240000'],
    ['TEH-01', '10', 'PCS', '50000'],
  ]),
  sale('INV/IN/002', '2024-03-05', 'C-02', 'S-02', [['MIE-01', '24', 'PCS', '240000']]),
  sale('INV/IN/003', '2024-03-12', 'C-01', 'S-01', [['TEH-01', '5', 'PCS', '25000']]),
];
const RETURNS = [sale('RET/IN/001', '2024-03-20', 'C-02', 'S-02', [['MIE-01', '1', 'DUS', '120000']])];

const numbers = (page: Page) => page.getByTestId('documents-table').locator('tbody tr td:first-child').allTextContents();
const sorted = (list: string[]) => [...list].sort();

beforeAll(async () => {
  await db.connect();
  browser = await launch();
  principal = await newPage(browser);
  distributor = await newPage(browser);
  const principalId = await register(principal.page.request, 'PRINCIPAL', 'PT Prinsipal Insight');
  const distributorId = await register(distributor.page.request, 'DISTRIBUTOR', 'PT Distributor Insight');
  distributorOrgId = distributorId;

  const { apiKey } = await json<{ apiKey: string }>(await distributor.page.request.post('/api/integrations', { data: { kind: 'EXTERNAL' } }));
  const ingest = (type: string, documents: unknown[]) =>
    distributor.page.request.post(`/api/ingest/${type}`, { headers: { authorization: `Bearer ${apiKey}` }, data: { documents } });
  await json(await ingest('sales-invoices', INVOICES));
  await json(await ingest('sales-returns', RETURNS));

  const invite = await json<{ url: string }>(await principal.page.request.post('/api/connections/invites'));
  const token = new URL(invite.url).pathname.split('/').pop()!;
  await json(await distributor.page.request.post(`/api/invites/${token}/accept`, { data: {} }));

  const sku = await json<{ id: string }>(
    await principal.page.request.post('/api/catalogue/skus', {
      data: { code: 'NB-MIE', name: 'Mi Goreng Spesial 85g', baseUnit: 'PCS', conversions: [{ unit: 'DUS', factor: '12' }] },
    }),
  );
  skuId = sku.id;
  await db.query(
    `INSERT INTO product_mappings (id, organization_id, distributor_id, product_code, sku_id, method, updated_at)
     VALUES (gen_random_uuid(), $1, $2, 'MIE-01', $3, 'MANUAL', now())`,
    [principalId, distributorId, skuId],
  );
});
afterAll(async () => {
  await principal?.context.close();
  await distributor?.context.close();
  await browser?.close();
  await db.end();
});

describe('Insight', () => {
  it('shows a principal its sell-out by its own SKUs and drills from a top row into the documents behind it', async () => {
    const { page } = principal;
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Insight' }).click();
    await page.waitForURL(/\/insight$/);

    // The default period is the twelve months up to the latest data (March 2024): every line counts, returns subtracted.
    const value = page.getByTestId('tile-value').locator('.insight-tile-value');
    await expect.poll(() => value.textContent()).toMatch(/^Rp\s435\.000$/);
    expect(await page.getByTestId('insight-range').textContent()).toContain('01 Apr 2023 – 31 Mar 2024');
    // Nothing the year before: growth has no base.
    expect(await page.getByTestId('tile-value').getByTestId('growth').textContent()).toBe('—');
    // Two lines of TEH-01 are not mapped to a SKU: the screen says so and leads to the mapping.
    const note = page.getByTestId('insight-quantity-note');
    await expect.poll(() => note.textContent()).toContain('2 baris berisi produk yang belum dipetakan');
    expect(await note.getByRole('link', { name: 'Buka pemetaan produk' }).getAttribute('href')).toBe('/product-mapping');
    await expect.poll(() => page.getByTestId('insight-trend').count()).toBe(1);
    // The export downloads the same figures as a workbook.
    const exported = await page.request.get((await page.getByTestId('insight-export').getAttribute('href'))!);
    expect(exported.status()).toBe(200);
    expect(exported.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');

    // The top SKUs: the mapped SKU by its own name.
    const top = page.getByTestId('insight-top');
    const skuRow = top.locator(`tr[data-key="${skuId}"]`);
    await expect.poll(() => skuRow.count()).toBe(1);
    expect(await skuRow.textContent()).toContain('Mi Goreng Spesial 85g');
    expect(await skuRow.textContent()).toMatch(/Rp\s360\.000/);

    // Drill into the documents behind the row: sell-out documents with a line of the SKU, over the figure's months.
    await skuRow.getByRole('link', { name: 'Lihat dokumen' }).click();
    await page.waitForURL(/\/documents\?/);
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ types: 'SALES_INVOICE,SALES_RETURN', from: '2023-04-01', to: '2024-03-31', skuId });
    await expect.poll(async () => sorted(await numbers(page))).toEqual(['INV/IN/001', 'INV/IN/002', 'RET/IN/001']);
    const chips = page.getByRole('list', { name: 'Filter dari Insight' });
    await expect
      .poll(() => chips.getByRole('listitem').allTextContents())
      .toEqual([expect.stringContaining('Sales Invoice, Sales Return'), expect.stringContaining('NB-MIE Mi Goreng Spesial 85g')]);

    // The drill-down is undoable: without the SKU, every sell-out document of the range.
    await chips.getByRole('button', { name: /^Hapus filter SKU/ }).click();
    await expect.poll(async () => sorted(await numbers(page))).toEqual(['INV/IN/001', 'INV/IN/002', 'INV/IN/003', 'RET/IN/001']);
    expect(new URL(page.url()).searchParams.has('skuId')).toBe(false);

    // Back returns to Insight with its figures; clicking the row narrows the screen to the SKU.
    await page.goBack();
    await page.goBack();
    await page.waitForURL(/\/insight$/);
    await skuRow.getByRole('button', { name: 'Mi Goreng Spesial 85g' }).click();
    await page.waitForURL(new RegExp(`skuId=${skuId}`));
    await expect.poll(() => value.textContent()).toMatch(/^Rp\s360\.000$/);
    // 2 DUS + 24 PCS - 1 DUS returned, in the SKU's base unit.
    expect(await page.getByTestId('tile-quantity').locator('.insight-tile-value').textContent()).toBe('36');

    // A principal's customers are its distributors' own codes: each row names its distributor, and clicking one narrows to both.
    await page.getByRole('tab', { name: 'Pelanggan' }).click();
    await page.waitForURL(/by=customer/);
    const customerRow = page.getByTestId('insight-top').locator('tr[data-key="C-01"]');
    await expect.poll(() => customerRow.count()).toBe(1);
    expect(await customerRow.textContent()).toContain('PT Distributor Insight');
    await customerRow.getByRole('button', { name: 'C-01' }).click();
    await page.waitForURL(/customer=C-01/);
    expect(new URL(page.url()).searchParams.get('distributorId')).toBe(distributorOrgId);
    await expect.poll(() => value.textContent()).toMatch(/^Rp\s240\.000$/);
  });

  it('shows a distributor the same screen over its own data, by its own products', async () => {
    const { page } = distributor;
    await page.goto('/insight');
    const value = page.getByTestId('tile-value').locator('.insight-tile-value');
    await expect.poll(() => value.textContent()).toMatch(/^Rp\s435\.000$/);
    const tabs = await page.getByRole('tablist', { name: 'Teratas menurut' }).getByRole('tab').allTextContents();
    expect(tabs).toEqual(['Produk', 'Merek', 'Kategori', 'Kota', 'Pelanggan', 'Salesman']);
    expect(await page.getByRole('combobox', { name: 'SKU' }).count()).toBe(0);

    // By salesman, and from a row to its documents.
    await page.getByRole('tab', { name: 'Salesman' }).click();
    await page.waitForURL(/by=salesman/);
    const row = page.getByTestId('insight-top').locator('tr[data-key="S-02"]');
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('link', { name: 'Lihat dokumen' }).click();
    await page.waitForURL(/\/documents\?/);
    await expect.poll(async () => sorted(await numbers(page))).toEqual(['INV/IN/002', 'RET/IN/001']);
    expect(await page.getByRole('list', { name: 'Filter dari Insight' }).getByRole('listitem').allTextContents()).toContainEqual(
      expect.stringContaining('S-02'),
    );
  });
});
