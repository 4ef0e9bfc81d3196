import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, newPage, uniqueEmail } from '../src/browser';

// Issue 13, product mapping: a principal connected to a distributor whose
// products are named like the sample DMS's ("Indomie Goreng 85g") and whose
// own catalogue is like the demo's ("Indomie Mi Goreng 85g", another code)
// sees the suggestion by name with its score, confirms it, finds the
// product under "Sudah dipetakan", and sees Insight count it at once. Organisations of this test alone, set up
// through the API (connecting and ingesting are other screens' subjects).

let browser: Browser;
let distributor: { context: BrowserContext; page: Page };
let principal: { context: BrowserContext; page: Page };

async function json<T>(res: { ok(): boolean; status(): number; json(): Promise<unknown>; text(): Promise<string> }): Promise<T> {
  if (!res.ok()) throw new Error(`HTTP ${res.status()}: ${await res.text()}`);
  return (await res.json()) as T;
}

async function register(request: APIRequestContext, kind: 'DISTRIBUTOR' | 'PRINCIPAL', name: string) {
  const email = uniqueEmail(kind.toLowerCase());
  const data = { email, password: 'correct-horse-battery', name, organizationName: `PT ${name} ${email}`, organizationKind: kind };
  return json<{ organization: { id: string } }>(await request.post('/api/auth/register', { data }));
}

beforeAll(async () => {
  browser = await launch();
  distributor = await newPage(browser);
  principal = await newPage(browser);
  await register(distributor.page.request, 'DISTRIBUTOR', 'Distribusi Peta');
  await register(principal.page.request, 'PRINCIPAL', 'Merek Peta');
  const { apiKey } = await json<{ apiKey: string }>(await distributor.page.request.post('/api/integrations', { data: { kind: 'EXTERNAL', name: 'ERP' } }));
  const auth = { authorization: `Bearer ${apiKey}` };
  await json(
    await distributor.page.request.post('/api/ingest/products', {
      headers: auth,
      data: {
        records: [
          { sourceId: 'p1', code: 'IDM-GRG-85', name: 'Indomie Goreng 85g', baseUnit: 'PCS', conversions: [{ unit: 'KRT', factor: '48' }] },
          { sourceId: 'p2', code: 'TBS-450', name: 'Teh Botol Sosro 450ml', baseUnit: 'PCS' },
        ],
      },
    }),
  );
  const date = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  await json(
    await distributor.page.request.post('/api/ingest/sales-invoices', {
      headers: auth,
      data: {
        documents: [
          {
            sourceId: 'INV-1',
            number: 'INV-1',
            date,
            partyCode: 'C001',
            partyName: 'Toko Sinar Jaya',
            total: '3100000',
            lines: [{ productCode: 'IDM-GRG-85', quantity: '10', unit: 'KRT', unitPrice: '310000', amount: '3100000' }],
          },
        ],
      },
    }),
  );
  for (const [code, name] of [
    ['NB-0001', 'Indomie Mi Goreng 85g'],
    ['NB-0101', 'Teh Botol Sosro 450ml'],
  ])
    await json(await principal.page.request.post('/api/catalogue/skus', { data: { code, name, baseUnit: 'PCS', conversions: [], barcode: null } }));
  const invite = await json<{ url: string }>(await principal.page.request.post('/api/connections/invites'));
  const token = new URL(invite.url).pathname.split('/').pop()!;
  await json(await distributor.page.request.post(`/api/invites/${token}/accept`, { data: {} }));
});

afterAll(async () => {
  await distributor?.context.close();
  await principal?.context.close();
  await browser?.close();
});

describe('Pemetaan produk', () => {
  it('shows the biggest gap first with its suggestion by name, confirms it, finds it under Sudah dipetakan and sees Insight count it at once, down to its document', async () => {
    const { page } = principal;
    await page.goto('/connections');
    await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Pemetaan produk' }).click();
    await page.getByRole('heading', { name: 'Pemetaan produk', level: 1 }).waitFor();

    // Before mapping, Insight counts the sale's value but not its quantity, and says why.
    await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Insight' }).click();
    await page.waitForURL(/\/insight$/);
    const value = page.getByTestId('tile-value').locator('.insight-tile-value');
    const quantity = page.getByTestId('tile-quantity').locator('.insight-tile-value');
    await expect.poll(() => value.textContent()).toMatch(/^Rp\s3\.100\.000$/);
    expect(await quantity.textContent()).toBe('0');
    await expect.poll(() => page.getByTestId('insight-quantity-note').textContent()).toContain('1 baris berisi produk yang belum dipetakan');
    await page.getByTestId('insight-quantity-note').getByRole('link', { name: 'Buka pemetaan produk' }).click();
    await page.getByRole('heading', { name: 'Pemetaan produk', level: 1 }).waitFor();

    const rows = page.getByTestId('mapping-table').locator('tbody tr');
    // Sold first (its sales value), then the product with master data only.
    await expect.poll(() => rows.locator('.pm-code').first().textContent()).toBe('IDM-GRG-85');
    const indomie = page.getByTestId('mapping-IDM-GRG-85');
    await expect.poll(() => indomie.textContent()).toContain('Nama mirip 86%');
    expect(await indomie.textContent()).toContain('Indomie Mi Goreng 85g');
    expect(await indomie.textContent()).toMatch(/Rp\s?3\.100\.000/);
    await expect.poll(() => page.getByTestId('mapping-TBS-450').textContent()).toContain('Nama mirip 100%');

    await indomie.getByRole('button', { name: 'Konfirmasi', exact: true }).click();
    await expect.poll(() => page.getByTestId('mapping-IDM-GRG-85').count()).toBe(0);
    await expect.poll(() => rows.count()).toBe(1);

    await page.getByRole('tab', { name: 'Sudah dipetakan' }).click();
    const mapped = page.getByTestId('mapping-IDM-GRG-85');
    await expect.poll(() => mapped.textContent()).toContain('NB-0001');
    expect(await mapped.textContent()).toContain('Nama mirip 86%');
    await mapped.getByRole('button', { name: 'Hapus' }).waitFor();

    // Insight changes at once, without a sync: the SKU leads the top SKUs, 10 KRT counted as 480 PCS
    // (the distributor's own conversion, the SKU listing none), and the figure drills into its document.
    await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Insight' }).click();
    await page.waitForURL(/\/insight$/);
    await expect.poll(() => quantity.textContent()).toBe('480');
    expect(await page.getByTestId('insight-quantity-note').count()).toBe(0);
    const skuRow = page.getByTestId('insight-top').locator('tbody tr', { hasText: 'NB-0001' });
    await expect.poll(() => skuRow.count()).toBe(1);
    expect(await skuRow.textContent()).toMatch(/Rp\s3\.100\.000/);
    await skuRow.getByRole('link', { name: 'Lihat dokumen' }).click();
    await page.waitForURL(/\/documents\?.*skuId=/);
    await expect.poll(() => page.getByTestId('documents-table').locator('tbody tr td:first-child').allTextContents()).toEqual(['INV-1']);
  });
});
