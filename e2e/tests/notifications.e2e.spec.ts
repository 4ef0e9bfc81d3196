import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { baseUrl, DEMO, launch, login, newPage, uniqueEmail } from '../src/browser';
import { linkIn, waitForMail } from '../src/mail';

// Issue 12, docs/product/events.md "Alerts", end to end: a sync that fails
// after its retries is announced (sync_run.failed, final), fanned out by the
// worker into the bell and an alert mail in the user's language.

const faults = (body: object) =>
  fetch(`${inject('dmsUrl')}/__control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  // Never leave a fault armed for the next file.
  await faults({ failNext: null, failNextMasterData: null });
  await browser?.close();
});

type Run = { status: string };
async function runs(page: Page, integrationId: string): Promise<Run[]> {
  const res = await page.request.get(`/api/integrations/${integrationId}/sync-runs?limit=100`);
  return ((await res.json()) as { data: Run[] }).data;
}

const bell = (page: Page) => page.getByRole('button', { name: /^Pemberitahuan, \d+ belum dibaca$/ });
const panel = (page: Page) => page.getByRole('dialog', { name: 'Pemberitahuan' });

describe('alerts for a failed sync', () => {
  it('a distributor whose sync fails after its retries sees it in the bell, follows it to the integration, and gets the alert mail', async () => {
    // A distributor of its own with an ACTIVE DMS integration (TenantId 777 of the sample DMS).
    const { context, page } = await newPage(browser);
    const email = uniqueEmail('peringatan');
    const password = 'correct-horse-battery';
    const org = `PT Peringatan ${Date.now().toString(36)}`;
    const registered = await page.request.post('/api/auth/register', {
      data: { email, password, name: 'Rina', organizationName: org, organizationKind: 'DISTRIBUTOR' },
    });
    expect(registered.status()).toBe(201);
    const integrationId = ((await (await page.request.post('/api/integrations', { data: { kind: 'DMS' } })).json()) as { id: string }).id;
    const admin = await newPage(browser);
    await login(admin.page, DEMO.admin.email, DEMO.admin.password);
    await admin.page.waitForURL(/\/admin/);
    expect(
      (await admin.page.request.put(`/api/admin/integrations/${integrationId}/access-key`, { data: { accessKey: '777-tujuh-tujuh-tujuh' } })).status(),
    ).toBe(200);
    await admin.context.close();
    // Five document types, and the customers and products.
    await expect.poll(async () => (await runs(page, integrationId)).filter((r) => r.status === 'SUCCEEDED').length, { timeout: 60_000 }).toBe(7);

    // Nothing to tell yet.
    await page.goto('/integrations');
    await expect.poll(() => bell(page).getAttribute('aria-label')).toBe('Pemberitahuan, 0 belum dibaca');

    // Every DMS call fails from now on (5 document runs × 5 attempts at most, 2 master-data runs): each run ends FAILED with no retry left.
    await faults({ failNext: { status: 503, count: 25 }, failNextMasterData: { status: 503, count: 10 } });
    await page.goto(`/integrations/${integrationId}`);
    await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    await expect.poll(async () => (await runs(page, integrationId)).filter((r) => r.status === 'FAILED').length, { timeout: 60_000 }).toBe(7);
    await faults({ failNext: null, failNextMasterData: null });

    // The bell counts them without a reload (the badge refetches on focus and every 30 s): one per failed
    // run, and one for the integration parked in ERROR once the retries ran out.
    await page.goto('/integrations');
    await expect.poll(() => bell(page).getAttribute('aria-label'), { timeout: 60_000 }).toBe('Pemberitahuan, 8 belum dibaca');
    expect(await page.getByTestId('notification-badge').textContent()).toBe('8');
    await bell(page).click();
    const items = panel(page).getByRole('listitem');
    await expect.poll(() => items.count()).toBe(8);
    const texts = await items.allTextContents();
    expect(texts.filter((t) => t.includes('Sinkronisasi SimpliDOTS: DMS gagal'))).toHaveLength(7);
    expect(texts.filter((t) => t.includes('Integrasi SimpliDOTS: DMS berstatus ERROR dan perlu tindakan'))).toHaveLength(1);

    // Following one opens the integration and marks it read.
    await items.first().getByRole('link').click();
    await page.waitForURL(new RegExp(`/integrations/${integrationId}$`));
    await page.getByRole('heading', { name: 'SimpliDOTS: DMS', level: 1 }).waitFor();
    await expect.poll(() => bell(page).getAttribute('aria-label')).toBe('Pemberitahuan, 7 belum dibaca');

    // The alert mail, in Bahasa Indonesia (the account's language), its button leading to the same integration.
    const mail = await waitForMail(email, { subject: /Sinkronisasi SimpliDOTS: DMS gagal/, timeoutMs: 60_000 });
    expect(mail.subject).toBe('Portal Distribusi: Sinkronisasi SimpliDOTS: DMS gagal');
    expect(mail.text).toContain('Halo Rina,');
    expect(mail.text).toContain('Buka integrasi:');
    const link = linkIn(mail, /^\/integrations\//);
    expect(link).toBe(`${baseUrl()}/integrations/${integrationId}`);
    await page.goto(link);
    await page.getByRole('heading', { name: 'SimpliDOTS: DMS', level: 1 }).waitFor();
    await context.close();
  });
});
