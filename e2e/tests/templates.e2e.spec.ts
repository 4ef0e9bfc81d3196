import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, launch, newPage, uniqueEmail } from '../src/browser';

const MAPPED = ['BUKA', 'DISETUJUI', 'DIPOSTING', 'DITUTUP'];

let browser: Browser;
let context: BrowserContext;
let page: Page;
let integrationId: string;

async function json<T>(res: { ok(): boolean; status(): number; json(): Promise<unknown>; text(): Promise<string> }): Promise<T> {
  if (!res.ok()) throw new Error(`HTTP ${res.status()}: ${await res.text()}`);
  return (await res.json()) as T;
}

type Runs = { data: { status: string; trigger: string; documentType: string }[] };
const runsOf = async () => json<Runs>(await page.request.get(`/api/integrations/${integrationId}/sync-runs?limit=50`));
const idle = (runs: Runs) => runs.data.length > 0 && runs.data.every((r) => !['QUEUED', 'RUNNING'].includes(r.status));

beforeAll(async () => {
  browser = await launch();
  // A distributor of its own with an activated DMS integration, set up through the API; the test is the editing.
  ({ context, page } = await newPage(browser));
  const email = uniqueEmail('templates');
  await json(
    await page.request.post('/api/auth/register', {
      data: { email, password: 'correct-horse-battery', name: 'Rina Wulandari', organizationName: `PT Template ${email}`, organizationKind: 'DISTRIBUTOR' },
    }),
  );
  integrationId = (await json<{ id: string }>(await page.request.post('/api/integrations', { data: { kind: 'DMS' } }))).id;
  const admin = await newPage(browser);
  await json(await admin.page.request.post('/api/auth/login', { data: DEMO.admin }));
  await json(await admin.page.request.put(`/api/admin/integrations/${integrationId}/access-key`, { data: { accessKey: '446-bebaspakaivalueapapun' } }));
  await admin.context.close();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('editing a model template', () => {
  it('edits a rule, previews live DMS records with the mapped value, saves version 2 and re-consolidates with it', async () => {
    // The first full sync ends before the edit, so re-consolidation is not refused as "already running".
    await expect.poll(async () => idle(await runsOf()), { timeout: 90_000, interval: 500 }).toBe(true);
    await page.goto(`/integrations/${integrationId}`);
    const card = page.getByTestId('template-SALES_INVOICE');
    await card.locator('summary').click();
    expect(await card.locator('summary').textContent()).toContain('Versi 1');
    await card.getByRole('button', { name: 'Ubah aturan' }).click();

    // Translate the DMS's status codes with a code map on the status rule.
    const status = card.getByTestId('rule-header-status');
    await status.getByRole('combobox', { name: 'Tambah transformasi status' }).selectOption('codeMap');
    await status.getByRole('textbox', { name: /peta \(KODE=NILAI/ }).fill('OPEN=BUKA, APPROVED=DISETUJUI, POSTED=DIPOSTING, CLOSED=DITUTUP');

    await card.getByRole('button', { name: 'Pratinjau' }).click();
    const preview = card.getByTestId('template-preview');
    await expect.poll(() => preview.getByTestId('preview-status').count(), { timeout: 15_000 }).toBe(5);
    const shown = await preview.getByTestId('preview-status').allTextContents();
    for (const s of shown) expect(MAPPED).toContain(s);
    expect(await preview.textContent()).toContain('5 record berhasil dipetakan');

    await card.getByRole('button', { name: 'Simpan sebagai versi baru' }).click();
    await expect.poll(() => page.getByText('Tersimpan sebagai versi 2; versi ini sekarang dipakai.').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => card.locator('summary').textContent(), { timeout: 15_000 }).toContain('Versi 2');
    // The saved rules are what the read-only view now shows.
    const statusRule = await card.getByRole('row', { name: /^Status status/ }).textContent();
    for (const pair of ['OPEN=BUKA', 'APPROVED=DISETUJUI', 'POSTED=DIPOSTING', 'CLOSED=DITUTUP', 'kode lain: biarkan']) expect(statusRule).toContain(pair);

    // The version history shows what version 2 changed, rule by rule.
    await card.getByRole('button', { name: 'Riwayat versi' }).click();
    await card.getByRole('button', { name: 'Lihat perubahan versi 2' }).click();
    const changed = card.getByTestId('version-diff').getByRole('row', { name: /^Status status/ });
    await expect.poll(() => changed.textContent(), { timeout: 15_000 }).toContain('Diubah');
    expect(await changed.textContent()).toContain('OPEN=BUKA');

    // Asked in the portal's own dialog, not the browser's.
    await card.getByRole('button', { name: 'Konsolidasi ulang' }).click();
    await card.getByRole('dialog', { name: 'Konsolidasi ulang Sales Invoice?' }).getByRole('button', { name: 'Konsolidasi ulang' }).click();
    await expect.poll(() => page.getByText('Konsolidasi ulang dijadwalkan.').count(), { timeout: 15_000 }).toBe(1);

    // The worker re-pulls the type with version 2: every invoice now records it, with translated statuses.
    type Docs = { data: { templateVersion: number; status: string | null }[] };
    await expect
      .poll(
        async () => {
          const docs = await json<Docs>(await page.request.get(`/api/documents?type=SALES_INVOICE&integrationId=${integrationId}&limit=200`));
          return docs.data.length > 0 && docs.data.every((d) => d.templateVersion === 2 && MAPPED.includes(d.status ?? ''));
        },
        { timeout: 90_000, interval: 1000 },
      )
      .toBe(true);
    const runs = await runsOf();
    expect(runs.data.filter((r) => r.trigger === 'RECONSOLIDATE').map((r) => [r.documentType, r.status])).toEqual([['SALES_INVOICE', 'SUCCEEDED']]);
  });
});
