import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO, launch, login, newPage, uniqueEmail } from '../src/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  // Never leave a fault armed for the next file.
  await fetch(`${inject('dmsUrl')}/__control/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ failNext: null, failNextMasterData: null }),
  });
  await browser?.close();
});

const faults = (body: object) =>
  fetch(`${inject('dmsUrl')}/__control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

type Run = { status: string; trigger: string };
async function runs(page: Page, integrationId: string): Promise<Run[]> {
  const res = await page.request.get(`/api/integrations/${integrationId}/sync-runs?limit=100`);
  return ((await res.json()) as { data: Run[] }).data;
}

describe('sync runs: failure, retry and the admin view', () => {
  it('a sync that keeps failing ends FAILED with the error shown; Retry (distributor, then admin) brings it back', async () => {
    // A distributor of its own with an ACTIVE DMS integration (TenantId 777 of the sample DMS).
    const { context, page } = await newPage(browser);
    const email = uniqueEmail('retry');
    const org = `PT Coba Ulang ${Date.now().toString(36)}`;
    expect(
      (
        await page.request.post('/api/auth/register', {
          data: { email, password: 'correct-horse-battery', name: 'Rina', organizationName: org, organizationKind: 'DISTRIBUTOR' },
        })
      ).status(),
    ).toBe(201);
    const integrationId = ((await (await page.request.post('/api/integrations', { data: { kind: 'DMS' } })).json()) as { id: string }).id;
    const admin = await newPage(browser);
    await login(admin.page, DEMO.admin.email, DEMO.admin.password);
    await admin.page.waitForURL(/\/admin/);
    expect(
      (await admin.page.request.put(`/api/admin/integrations/${integrationId}/access-key`, { data: { accessKey: '777-tujuh-tujuh-tujuh' } })).status(),
    ).toBe(200);
    // Five document types, and the customers and products.
    await expect.poll(async () => (await runs(page, integrationId)).filter((r) => r.status === 'SUCCEEDED').length, { timeout: 60_000 }).toBe(7);

    // Every DMS call fails from now on (5 document runs × 5 attempts at most, and 2 master-data runs).
    await faults({ failNext: { status: 503, count: 25 }, failNextMasterData: { status: 503, count: 10 } });
    await page.goto(`/integrations/${integrationId}`);
    await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    const table = page.getByTestId('sync-runs');
    await expect.poll(() => table.locator('tr[data-run-status="FAILED"]').count(), { timeout: 60_000 }).toBe(7);
    await faults({ failNext: null, failNextMasterData: null });
    // The platform admin's list marks it as failed among all the integrations.
    await admin.page.goto('/admin/integrations');
    await admin.page.getByRole('searchbox', { name: 'Cari' }).fill(org);
    await expect.poll(() => admin.page.getByRole('row', { name: new RegExp(org) }).getAttribute('data-failed')).toBe('true');
    // The reason in Bahasa Indonesia, the English detail kept for support behind a collapsed detail.
    await expect.poll(() => page.getByText('Gagal setelah 5 percobaan: DMS tidak dapat dihubungi (HTTP 503)').count()).toBeGreaterThan(0);
    expect(await page.getByText('Sync failed after 5 attempts: DMS answered 503').count()).toBeGreaterThan(0);
    expect(await table.locator('tr[data-run-status="FAILED"]').first().textContent()).toMatch(
      /DMS tidak dapat dihubungi \(HTTP 503\)|Integrasi tidak aktif \(status: Bermasalah\)/,
    );

    // The distributor retries one run: a RETRY run succeeds and the integration is active again.
    await table.locator('tr[data-run-status="FAILED"]').first().getByRole('button', { name: 'Coba ulang' }).click();
    await expect.poll(() => page.locator('[data-sonner-toast]', { hasText: 'Sinkronisasi ulang dijadwalkan' }).count()).toBe(1);
    await expect.poll(() => table.locator('tr[data-run-status="SUCCEEDED"]', { hasText: 'Coba ulang' }).count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => page.getByText('Gagal setelah 5 percobaan').count()).toBe(0);
    await expect.poll(() => page.getByText('Aktif', { exact: true }).count()).toBeGreaterThan(0);

    // The platform admin finds the integration by its distributor, opens it, sees the same runs and retries another FAILED one.
    await admin.page.goto('/admin/integrations');
    await admin.page.getByRole('searchbox', { name: 'Cari' }).fill(org);
    const row = admin.page.getByRole('row', { name: new RegExp(org) });
    await row.getByRole('link', { name: 'SimpliDOTS: DMS' }).click();
    await admin.page.waitForURL(new RegExp(`/admin/integrations/${integrationId}$`));
    const adminRuns = admin.page.getByTestId('admin-sync-runs');
    await expect.poll(() => adminRuns.locator('tr[data-run-status="FAILED"]').count()).toBe(7);
    await adminRuns.locator('tr[data-run-status="FAILED"]').last().getByRole('button', { name: 'Coba ulang' }).click();
    await expect.poll(() => admin.page.locator('[data-sonner-toast]', { hasText: 'Sinkronisasi ulang dijadwalkan' }).count()).toBe(1);
    await expect
      .poll(async () => (await runs(page, integrationId)).filter((r) => r.trigger === 'RETRY' && r.status === 'SUCCEEDED').length, { timeout: 60_000 })
      .toBe(2);
    await admin.context.close();
    await context.close();
  });
});
