import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { baseUrl, DEMO, launch, login, newPage, uniqueEmail } from '../src/browser';

/** A signed-in HTTP client for the setup the guide takes as given (accounts, a synced DMS). */
class ApiSession {
  private cookie = '';

  async call(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const set = res.headers.getSetCookie()[0];
    if (set) this.cookie = set.split(';')[0] ?? '';
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
}

// Organisations of this test alone, so it does not depend on what other
// browser tests did to the demo accounts.
const suffix = randomBytes(3).toString('hex');
const principal = { email: uniqueEmail('prinsipal'), password: 'prinsipal-rahasia-1', organizationName: `PT Prinsipal Uji ${suffix}` };
const distributor = { email: uniqueEmail('distributor'), password: 'distributor-rahasia-1', organizationName: `PT Distribusi Uji ${suffix}` };
const DOCUMENTS = 150; // 5 types × SAMPLE_DMS_DOCS_PER_TYPE=30 (e2e global setup)

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
  const p = new ApiSession();
  expect((await p.call('POST', '/api/auth/register', { ...principal, name: 'Andi Wijaya', organizationKind: 'PRINCIPAL' })).status).toBe(201);
  const d = new ApiSession();
  expect((await d.call('POST', '/api/auth/register', { ...distributor, name: 'Siti Rahayu', organizationKind: 'DISTRIBUTOR' })).status).toBe(201);
  // The distributor's DMS, activated by the platform admin, consolidates its documents.
  const dms = await d.call('POST', '/api/integrations', { kind: 'DMS' });
  expect(dms.status).toBe(201);
  const admin = new ApiSession();
  expect((await admin.call('POST', '/api/auth/login', { email: DEMO.admin.email, password: DEMO.admin.password })).status).toBe(200);
  expect((await admin.call('PUT', `/api/admin/integrations/${dms.body.id}/access-key`, { accessKey: '512-kunci-rahasia-512' })).status).toBe(200);
  await vi.waitFor(async () => expect((await d.call('GET', '/api/documents?limit=1')).body.total).toBe(DOCUMENTS), { timeout: 90_000, interval: 500 });
});
afterAll(async () => browser?.close());

describe('principal invites, distributor allows access (the seed guide, steps 1-6)', () => {
  it('connects a principal and a distributor through the invite link and shares the documents', async () => {
    // Steps 1-2: the principal opens Connection and presses Add New.
    const p = await newPage(browser);
    await login(p.page, principal.email, principal.password);
    await p.page.waitForURL(/\/connections$/);
    await expect.poll(() => p.page.getByRole('heading', { name: 'Koneksi', exact: true }).count()).toBe(1);
    await p.page.getByRole('button', { name: 'Tambah baru' }).click();

    // Steps 3-4: a unique link in a popup; Copy Link puts it on the clipboard and says so.
    const dialog = p.page.getByRole('dialog', { name: 'Tautan undangan' });
    const url = await dialog.getByTestId('invite-url').inputValue();
    expect(url).toMatch(new RegExp(`^${baseUrl()}/invites/[\\w-]{43}$`));
    await dialog.getByRole('button', { name: 'Salin tautan' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toContain('Tautan disalin');
    expect(await p.page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await dialog.getByRole('button', { name: 'Tutup dialog' }).click();
    await expect.poll(() => p.page.getByTestId('connections-table').textContent()).toContain('Menunggu');

    // Step 5: the distributor, logged out, opens the link, signs in and is brought back to it.
    const d = await newPage(browser);
    const invitePage = await d.page.goto(url);
    expect(invitePage?.headers()['referrer-policy']).toBe('no-referrer'); // the token never leaks in a Referer
    await expect.poll(() => d.page.getByText(`${principal.organizationName} meminta akses`).count()).toBe(1);
    await d.page.getByRole('link', { name: 'Masuk' }).click();
    await d.page.waitForURL(/\/login\?next=/);
    await d.page.getByLabel('Email').fill(distributor.email);
    await d.page.getByLabel('Kata sandi').fill(distributor.password);
    await d.page.getByRole('button', { name: /^Masuk$/ }).click();
    await d.page.waitForURL(new URL(url).pathname);
    // The popup names the principal and the data to be accessed.
    const consent = d.page.getByRole('dialog', { name: 'Permintaan koneksi' });
    await expect.poll(() => consent.getByText(`${principal.organizationName} meminta akses ke data Anda berikut:`).count()).toBe(1);
    for (const item of ['Sales Order dan Sales Return', 'Sales Invoice dan Purchase Invoice', 'Purchase Order']) {
      await expect
        .poll(() =>
          consent
            .getByRole('listitem')
            .filter({ hasText: new RegExp(`^${item}$`) })
            .count(),
        )
        .toBe(1);
    }
    expect(await consent.getByRole('button', { name: 'Tolak' }).isVisible()).toBe(true);
    await consent.getByRole('button', { name: 'Izinkan akses' }).click();
    // The popup closes onto the distributor's own page, and a toast says what happened.
    await d.page.waitForURL(/\/integrations$/);
    await expect.poll(() => d.page.getByText(`Anda sekarang terhubung dengan ${principal.organizationName}`).count()).toBe(1);

    // Step 6: both lists show Connected (Terhubung).
    await d.page.goto('/integrations');
    await expect
      .poll(() =>
        d.page
          .getByTestId('connections-table')
          .getByRole('row', { name: new RegExp(principal.organizationName) })
          .textContent(),
      )
      .toContain('Terhubung');
    // The distributor's page keeps its own connection history: it allowed the access itself.
    const ownHistory = d.page.getByTestId('connection-history').getByRole('row', { name: /Akses diberikan/ });
    await expect.poll(() => ownHistory.textContent()).toContain('Anda');
    await p.page.reload();
    const connections = p.page.getByTestId('connections-table');
    await expect.poll(() => connections.getByRole('row', { name: new RegExp(distributor.organizationName) }).textContent()).toContain('Terhubung');
    // …and the principal's connection history says who allowed it.
    const allowed = p.page.getByTestId('connection-history').getByRole('row', { name: /Akses diberikan/ });
    await expect.poll(() => allowed.textContent()).toContain(distributor.organizationName);

    // A used link cannot be used again: a clear page, not a stack trace.
    await d.page.goto(url);
    await expect.poll(() => d.page.getByRole('alert').textContent()).toContain('sudah kedaluwarsa, sudah dipakai');

    // The principal sees the distributor's documents, a total per distributor and a distributor filter.
    await p.page.getByRole('link', { name: 'Dokumen' }).click();
    await expect.poll(() => p.page.getByTestId('documents-total').textContent()).toBe(`${DOCUMENTS} dokumen`);
    const perDistributor = p.page.getByTestId('distributor-totals').getByRole('row', { name: new RegExp(distributor.organizationName) });
    await expect.poll(() => perDistributor.textContent()).toContain(String(DOCUMENTS));
    const rows = p.page.getByTestId('documents-table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(51); // header + the first page of 50
    expect(await rows.nth(1).textContent()).toContain(distributor.organizationName);
    // The distributor filter is a search help over the connected distributors: a picked one applies at once.
    const filter = p.page.getByRole('combobox', { name: 'Distributor' });
    await filter.fill(distributor.organizationName.slice(0, 24));
    const option = p.page.getByRole('option', { name: distributor.organizationName, exact: true });
    await expect.poll(() => option.count()).toBe(1);
    await option.click();
    await p.page.waitForURL(/distributorId=/);
    await expect.poll(() => p.page.getByRole('combobox', { name: 'Distributor' }).inputValue()).toBe(distributor.organizationName);
    await p.page.getByLabel('Jenis').selectOption('SALES_INVOICE');
    await p.page.getByRole('button', { name: 'Terapkan' }).click();
    await expect.poll(() => p.page.getByTestId('documents-total').textContent()).toBe('30 dokumen');
    await p.context.close();
    await d.context.close();
  });
});
