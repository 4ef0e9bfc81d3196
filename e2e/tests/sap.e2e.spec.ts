import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, newPage, uniqueEmail } from '../src/browser';

/**
 * A distributor connects the sample SAP's S/4HANA (client 100, Basic) through
 * the form, as docs/product/sap-contract.md and the sample's fixed demo facts
 * describe it, and re-authenticates. The sample SAP is the real peer: `pnpm
 * start` runs it beside the sample DMS (SAMPLE_SAP_PORT, set by global setup).
 */
const S4 = { client: '100', user: 'PORTAL_COMM_100', password: 'Sap#Demo100' };
/** The five document types' services, as the sample serves them. */
const SERVICES = [
  'API_SALES_ORDER_SRV',
  'API_CUSTOMER_RETURN_SRV',
  'API_BILLING_DOCUMENT_SRV',
  'API_SUPPLIERINVOICE_PROCESS_SRV',
  'API_PURCHASEORDER_PROCESS_SRV',
];

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

const sapUrl = () => inject('sapUrl');

async function registerDistributor(page: Page) {
  const res = await page.request.post('/api/auth/register', {
    data: {
      email: uniqueEmail('sap'),
      password: 'rahasia-sekali-123',
      name: 'Wulan',
      organizationName: `PT SAP Nusantara ${Date.now().toString(36)}`,
      organizationKind: 'DISTRIBUTOR',
    },
  });
  expect(res.status()).toBe(201);
}

const serviceRow = (scope: Locator, service: string) => scope.locator(`tr[data-service="${service}"]`);

/** The Save button of an SAP form (Connect: "Simpan integrasi"; Re-authenticate: "Ganti kredensial"). */
const saveButton = (dialog: Locator, name: string) => dialog.getByRole('button', { name, exact: true });

type Doc = { id: string; currency: string };
async function allDocuments(page: Page): Promise<Doc[]> {
  const out: Doc[] = [];
  let cursor: string | null = null;
  do {
    const res = await page.request.get(`/api/documents?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const body = (await res.json()) as { data: Doc[]; nextCursor: string | null };
    out.push(...body.data);
    cursor = body.nextCursor;
  } while (cursor);
  return out;
}

describe('SAP: connect S/4HANA through the form, and re-authenticate', () => {
  it('tests, saves, syncs and shows the documents; a wrong password is refused and changes nothing', async () => {
    const { context, page } = await newPage(browser);
    await registerDistributor(page);
    await page.goto('/integrations');

    // Add new → Integration → SAP → Connect opens the SAP form.
    await page.getByRole('button', { name: /Tambah baru/ }).click();
    await page.getByRole('menuitem', { name: 'Integrasi' }).click();
    await page.getByRole('dialog', { name: 'Pilih jenis aplikasi' }).getByRole('region', { name: 'SAP' }).getByRole('button', { name: 'Hubungkan' }).click();
    const form = page.getByRole('dialog', { name: 'Hubungkan SAP' });
    await form.getByLabel('Nama integrasi').fill('SAP S/4HANA Pusat');
    expect(await form.getByLabel('SAP S/4HANA (OData V2)').isChecked()).toBe(true);
    await form.getByLabel('URL dasar').fill(sapUrl());
    await form.getByLabel('Klien SAP (sap-client)').fill(S4.client);
    expect(await form.getByLabel('Basic (pengguna dan kata sandi)').isChecked()).toBe(true);
    await form.getByLabel('Pengguna', { exact: true }).fill(S4.user);
    await form.getByLabel('Kata sandi SAP').fill(S4.password);
    for (const type of ['Sales Order', 'Sales Return', 'Sales Invoice', 'Purchase Invoice', 'Purchase Order'])
      expect(await form.getByLabel(type).isChecked()).toBe(true);
    // Nothing can be saved before a test passes.
    expect(await saveButton(form, 'Simpan integrasi').isDisabled()).toBe(true);

    await form.getByRole('button', { name: 'Uji koneksi' }).click();
    const report = form.getByTestId('sap-test-report');
    await expect.poll(() => report.getAttribute('data-ok'), { timeout: 30_000 }).toBe('true');
    expect(await report.getByRole('status').textContent()).toBe('Semua layanan dapat dijangkau dengan kredensial ini. Anda dapat menyimpan.');
    for (const service of SERVICES) {
      const row = serviceRow(report, service);
      expect(await row.getAttribute('data-status'), service).toBe('REACHABLE');
      expect(await row.textContent(), service).toContain('Dapat dijangkau');
      expect(Number(/^(\d+) field$/.exec((await row.getByTestId('fields-found').textContent()) ?? '')?.[1]), service).toBeGreaterThan(0);
    }
    // Fields unfold with their SAP label; the billing document's gross amount has none in the sample's EDMX.
    const billing = serviceRow(report, 'API_BILLING_DOCUMENT_SRV');
    await billing.getByTestId('fields-found').click();
    const gross = billing.getByRole('row', { name: /^TotalGrossAmount/ });
    expect(await gross.textContent()).toBe('TotalGrossAmount(tanpa label)');
    const sales = serviceRow(report, 'API_SALES_ORDER_SRV');
    await sales.getByTestId('fields-found').click();
    expect(await sales.getByRole('cell', { name: 'SalesOrder', exact: true }).count()).toBeGreaterThan(0);

    // Any edit asks for a new test; the tested values again allow Save.
    expect(await saveButton(form, 'Simpan integrasi').isEnabled()).toBe(true);
    await form.getByLabel('Kata sandi SAP').fill('Sap#Demo10');
    expect(await saveButton(form, 'Simpan integrasi').isDisabled()).toBe(true);
    expect(await form.getByTestId('sap-test-report').count()).toBe(0);
    await form.getByLabel('Kata sandi SAP').fill(S4.password);
    await expect.poll(() => saveButton(form, 'Simpan integrasi').isEnabled()).toBe(true);

    await saveButton(form, 'Simpan integrasi').click();
    await page.waitForURL(/\/integrations\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const integrationId = page.url().split('/').pop()!;
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('SAP S/4HANA Pusat');
    await expect.poll(() => page.locator('.state-line').textContent()).toContain('Aktif');
    const settings = page.getByTestId('sap-settings');
    expect(await settings.textContent()).toBe(
      `Produk SAPSAP S/4HANA (OData V2)URL dasar${sapUrl()}Klien SAP (sap-client)100AutentikasiBasic (pengguna dan kata sandi)Akun${S4.user}`,
    );
    // The password was sent once and is never shown or returned.
    expect(await page.content()).not.toContain(S4.password);
    expect(await (await page.request.get(`/api/integrations/${integrationId}`)).text()).not.toContain(S4.password);

    // Templates generated from this tenant's metadata, one per type, and the first sync finishing.
    await expect.poll(() => page.locator('details.card').count(), { timeout: 30_000 }).toBe(5);
    const runs = page.getByTestId('sync-runs');
    // Five document types, and SAP's customers and products (its business partners and API_PRODUCT_SRV).
    await expect.poll(() => runs.locator('tr[data-run-status="SUCCEEDED"]').count(), { timeout: 90_000 }).toBe(7);
    expect(await runs.locator('tr[data-run-stream="CUSTOMER"]').textContent()).not.toContain('tidak menyediakan data master');
    const masterData = async (kind: 'customers' | 'products') =>
      (
        (await (await page.request.get(`/api/master-data/${kind}?integrationId=${integrationId}&limit=200`)).json()) as {
          data: { code: string; name: string }[];
        }
      ).data;
    expect((await masterData('customers')).find((c) => c.code === '10100001')?.name).toBe('Toko Sinar Jaya');
    expect((await masterData('products')).map((p) => p.code)).toContain('FG-IDM-GRG-85');

    // Its documents: every currency the sample's data has, each shown in its own currency, never converted.
    const docs = await allDocuments(page);
    expect(new Set(docs.map((d) => d.currency))).toEqual(new Set(['IDR', 'USD', 'JPY']));
    await page.getByRole('link', { name: 'Dokumen' }).click();
    await expect.poll(() => page.getByTestId('documents-total').textContent()).toBe(`${docs.length.toLocaleString('id-ID')} dokumen`);
    // The summary never adds currencies: per type, one amount per currency the API totals, dollars and yen as such (yen without decimals).
    const totals = ((await (await page.request.get('/api/documents')).json()) as { totals: { byType: { type: string; currency: string }[] } }).totals;
    const SHOWN = { IDR: /^-?Rp\s?[\d.]+(,\d{2})?$/, USD: /^-?US\$\s?[\d.]+(,\d{2})?$/, JPY: /^-?JP¥\s?[\d.]+$/ } as const;
    expect(new Set(totals.byType.map((tt) => tt.currency))).toEqual(new Set(Object.keys(SHOWN)));
    for (const type of new Set(totals.byType.map((tt) => tt.type))) {
      const card = page.getByTestId(`type-total-${type}`);
      const currencies = totals.byType.filter((tt) => tt.type === type).map((tt) => tt.currency);
      await expect
        .poll(() => card.locator('[data-currency]').evaluateAll((els) => els.map((e) => e.getAttribute('data-currency'))), { message: type })
        .toEqual(currencies);
      for (const currency of currencies)
        expect(await card.locator(`[data-currency="${currency}"]`).textContent(), `${type} ${currency}`).toMatch(SHOWN[currency as keyof typeof SHOWN]);
    }
    // The chart shows one currency at a time: rupiah first, the others through its picker.
    const chart = page.getByTestId('amount-chart');
    await expect.poll(() => chart.getAttribute('data-currency')).toBe('IDR');
    const picker = chart.getByLabel('Mata uang');
    expect(await picker.locator('option').allTextContents()).toEqual(['IDR', 'JPY', 'USD']);
    await picker.selectOption('JPY');
    await expect.poll(() => chart.getAttribute('data-currency')).toBe('JPY');
    expect(await chart.locator('figcaption').textContent()).toContain('Jumlah per bulan dalam JPY');
    for (const [currency, symbol] of [
      ['IDR', /Rp/],
      ['USD', /US\$/],
      ['JPY', /¥/],
    ] as const) {
      const doc = docs.find((d) => d.currency === currency)!;
      await page.goto(`/documents/${doc.id}`);
      await expect.poll(() => page.getByTestId('document-totals').textContent(), { message: currency }).toMatch(symbol);
    }

    // Re-authenticate: the stored settings are filled in, the secret is not; a wrong password is refused per service.
    await page.goto(`/integrations/${integrationId}`);
    await page.getByRole('button', { name: 'Autentikasi ulang' }).click();
    const reauth = page.getByRole('dialog', { name: 'Autentikasi ulang' });
    expect(await reauth.getByLabel('URL dasar').inputValue()).toBe(sapUrl());
    expect(await reauth.getByLabel('Klien SAP (sap-client)').inputValue()).toBe(S4.client);
    expect(await reauth.getByLabel('Pengguna', { exact: true }).inputValue()).toBe(S4.user);
    expect(await reauth.getByLabel('Kata sandi SAP').inputValue()).toBe('');
    await reauth.getByLabel('Kata sandi SAP').fill('kata-sandi-salah');
    await reauth.getByRole('button', { name: 'Uji koneksi' }).click();
    const refused = reauth.getByTestId('sap-test-report');
    await expect.poll(() => refused.getAttribute('data-ok'), { timeout: 30_000 }).toBe('false');
    expect(await refused.getByRole('alert').textContent()).toBe('Uji koneksi gagal; tidak ada yang disimpan. Perbaiki isian lalu uji lagi.');
    for (const service of SERVICES) expect(await serviceRow(refused, service).textContent(), service).toContain('Kredensial ditolak');
    expect(await saveButton(reauth, 'Ganti kredensial').isDisabled()).toBe(true);
    await reauth.getByRole('button', { name: 'Tutup dialog' }).click();

    // Sent anyway, the API refuses it the same way and keeps the integration as it was.
    const put = await page.request.put(`/api/integrations/${integrationId}/sap-credentials`, {
      data: { sap: { product: 'S4HANA', baseUrl: sapUrl(), sapClient: S4.client, auth: { type: 'BASIC', username: S4.user, password: 'kata-sandi-salah' } } },
    });
    expect(put.status()).toBe(422);
    const refusal = (await put.json()) as { error: { code: string; details: { ok: boolean; services: { status: string }[] } } };
    expect(refusal.error.code).toBe('SAP_TEST_FAILED');
    expect(refusal.error.details.ok).toBe(false);
    expect(refusal.error.details.services.some((s) => s.status === 'CREDENTIALS_REFUSED')).toBe(true);
    await page.reload();
    await expect.poll(() => page.locator('.state-line').textContent()).toContain('Aktif');
    // The stored credentials still work: a sync now succeeds for every type.
    await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    await expect.poll(() => runs.locator('tr[data-run-status="SUCCEEDED"]').count(), { timeout: 90_000 }).toBe(14);

    // The right password, tested, replaces the credentials.
    await page.getByRole('button', { name: 'Autentikasi ulang' }).click();
    await reauth.getByLabel('Kata sandi SAP').fill(S4.password);
    await reauth.getByRole('button', { name: 'Uji koneksi' }).click();
    await expect.poll(() => reauth.getByTestId('sap-test-report').getAttribute('data-ok'), { timeout: 30_000 }).toBe('true');
    await saveButton(reauth, 'Ganti kredensial').click();
    await expect.poll(() => page.locator('[data-sonner-toast]', { hasText: 'Kredensial SAP S/4HANA Pusat diganti' }).count()).toBe(1);
    await expect.poll(() => reauth.isVisible()).toBe(false);

    // SAP refusing the stored credentials parks the integration; the reason says what to do and leads to the same dialog.
    await sapFaults({ failNext: { status: 401, count: 1 } });
    try {
      await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
      const stateLine = page.locator('.state-line');
      await expect.poll(() => stateLine.textContent(), { timeout: 60_000 }).toContain('Bermasalah');
      expect(await stateLine.textContent()).toContain('Kredensial SAP ditolak — autentikasi ulang');
      // SAP's own error stays with the failed run, for support. The run SAP refused is not always the
      // first failed row: the other types' runs of the same Sync now fail too once the integration is parked.
      const failed = runs.locator('tr[data-run-status="FAILED"]', { hasText: 'Kredensial SAP ditolak — autentikasi ulang' }).first();
      await expect.poll(() => failed.count()).toBe(1);
      expect(await failed.getByTestId('sap-error').textContent()).toMatch(/^Kesalahan SAP.+ID transaksi[0-9A-Fa-f]{32} Salin$/);
      await stateLine.getByRole('button', { name: 'Autentikasi ulang' }).click();
    } finally {
      await sapFaults({ failNext: null });
    }
    await reauth.getByLabel('Kata sandi SAP').fill(S4.password);
    await reauth.getByRole('button', { name: 'Uji koneksi' }).click();
    await expect.poll(() => reauth.getByTestId('sap-test-report').getAttribute('data-ok'), { timeout: 30_000 }).toBe('true');
    await saveButton(reauth, 'Ganti kredensial').click();
    await expect.poll(() => page.locator('.state-line').textContent()).toBe('Aktif');
    await context.close();
  });
});

async function sapFaults(faults: object) {
  const res = await fetch(`${sapUrl()}/__mock/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  if (!res.ok) throw new Error(`sample SAP refused the fault setting: ${res.status}`);
}
