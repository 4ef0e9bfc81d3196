import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, login, newPage, uniqueEmail } from '../src/browser';

// The notification centre's screens (issue 12) on rows as the worker's fan-out
// writes them, inserted straight into this run's database: the bell, its badge,
// the list in the user's language, links, mark read, mark all read, and the
// email settings. notifications.e2e.spec.ts drives the same from a real failure.

const db = new pg.Client({ connectionString: inject('databaseUrl') });
const password = 'lonceng-rahasia-123';
let browser: Browser;
let me: { userId: string; orgId: string; email: string; integrationId: string };

beforeAll(async () => {
  await db.connect();
  browser = await launch();
  const { context, page } = await newPage(browser);
  const email = uniqueEmail('lonceng');
  const registered = await page.request.post('/api/auth/register', {
    data: { email, password, name: 'Dewi', organizationName: `PT Lonceng ${Date.now().toString(36)}`, organizationKind: 'DISTRIBUTOR' },
  });
  expect(registered.status()).toBe(201);
  const body = (await registered.json()) as { user: { id: string }; organization: { id: string } };
  const integration = await page.request.post('/api/integrations', { data: { kind: 'DMS' } });
  expect(integration.status()).toBe(201);
  me = { userId: body.user.id, orgId: body.organization.id, email, integrationId: ((await integration.json()) as { id: string }).id };
  await context.close();
});
afterAll(async () => {
  await browser?.close();
  await db.end();
});

/** One notification as the fan-out writes it, `minutesAgo` old. */
async function notify(kind: string, params: Record<string, string>, link: string, minutesAgo: number) {
  await db.query(
    `INSERT INTO notifications (id, organization_id, user_id, kind, event_id, params, link, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now() - make_interval(mins => $8))`,
    [randomUUID(), me.orgId, me.userId, kind, `evt_e2e_${randomUUID()}`, JSON.stringify(params), link, minutesAgo],
  );
}

const bell = (page: Page) => page.getByRole('button', { name: /^Pemberitahuan, \d+ belum dibaca$/ });
const bellLabel = (page: Page) => bell(page).getAttribute('aria-label');
const badge = (page: Page) => page.getByTestId('notification-badge');
const panel = (page: Page) => page.getByRole('dialog', { name: 'Pemberitahuan' });
const items = (page: Page) => panel(page).getByRole('listitem');

describe('the notification centre', () => {
  it('the bell counts unread notifications; the panel lists them newest first in Bahasa Indonesia; following one opens it and marks it read; mark all read', async () => {
    await notify(
      'sync_failed',
      { integrationName: 'SimpliDOTS: DMS', errorCode: 'CREDENTIALS_REJECTED', error: 'AccessKey rejected' },
      `/integrations/${me.integrationId}`,
      30,
    );
    await notify('integration_error', { integrationName: 'SimpliDOTS: DMS', reasonCode: 'CREDENTIALS_REJECTED' }, `/integrations/${me.integrationId}`, 20);
    await notify('connection_revoked', { principalName: 'PT Nusantara Foods', distributorName: 'x', partnerName: 'PT Nusantara Foods' }, '/integrations', 10);

    const { context, page } = await newPage(browser);
    await login(page, me.email, password);
    await expect.poll(() => bellLabel(page)).toBe('Pemberitahuan, 3 belum dibaca');
    expect(await badge(page).textContent()).toBe('3');

    await bell(page).click();
    expect(await bell(page).getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => items(page).count()).toBe(3);
    const texts = await items(page).allTextContents();
    expect(texts[0]).toContain('Koneksi dengan PT Nusantara Foods dicabut');
    expect(texts[1]).toContain('Integrasi SimpliDOTS: DMS berstatus ERROR dan perlu tindakan');
    expect(texts[2]).toContain('Sinkronisasi SimpliDOTS: DMS gagal');
    for (const text of texts) expect(text).toMatch(/Belum dibaca/);

    // Following the failed sync opens its integration and marks it read.
    await items(page).nth(2).getByRole('link').click();
    await page.waitForURL(new RegExp(`/integrations/${me.integrationId}$`));
    await page.getByRole('heading', { name: 'SimpliDOTS: DMS', level: 1 }).waitFor();
    expect(await panel(page).count()).toBe(0);
    await expect.poll(() => bellLabel(page)).toBe('Pemberitahuan, 2 belum dibaca');

    await bell(page).click();
    await expect.poll(() => items(page).count()).toBe(3);
    await expect.poll(() => items(page).nth(2).textContent()).not.toMatch(/Belum dibaca/);
    await panel(page).getByRole('button', { name: 'Tandai semua dibaca' }).click();
    await expect.poll(() => bellLabel(page)).toBe('Pemberitahuan, 0 belum dibaca');
    expect(await badge(page).count()).toBe(0);
    await expect.poll(async () => (await items(page).allTextContents()).some((t) => t.includes('Belum dibaca'))).toBe(false);
    expect(await panel(page).getByRole('button', { name: 'Tandai semua dibaca' }).isDisabled()).toBe(true);

    // A new one shows when the window regains focus, without a reload.
    await notify('connection_revoked', { principalName: 'PT Sinar Jaya', distributorName: 'x', partnerName: 'PT Sinar Jaya' }, '/integrations', 0);
    // What the browser fires when the user comes back to the tab (it bubbles up to window, where TanStack Query listens).
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
    await expect.poll(() => bellLabel(page)).toBe('Pemberitahuan, 1 belum dibaca');
    await context.close();
  });

  it('works from the keyboard: Enter opens, Escape closes and gives focus back to the bell', async () => {
    const { context, page } = await newPage(browser);
    await login(page, me.email, password);
    await bell(page).waitFor();
    await bell(page).focus();
    await page.keyboard.press('Enter');
    await panel(page).waitFor();
    await expect.poll(() => panel(page).evaluate((el) => el.contains(document.activeElement))).toBe(true);
    // Enabled once the list has loaded with its unread one (a busy machine may take a moment).
    await expect.poll(() => panel(page).getByRole('button', { name: 'Tandai semua dibaca' }).isEnabled()).toBe(true);
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Tandai semua dibaca');
    await page.keyboard.press('Escape');
    await expect.poll(() => panel(page).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Pemberitahuan, \d+ belum dibaca$/);
    await context.close();
  });

  it('email settings, from the panel: one switch per kind, on by default, saved per user', async () => {
    const { context, page } = await newPage(browser);
    await login(page, me.email, password);
    await bell(page).click();
    await panel(page).getByRole('link', { name: 'Pengaturan email' }).click();
    await page.waitForURL(/\/notifications\/settings$/);
    await page.getByRole('heading', { name: 'Pengaturan email pemberitahuan', level: 1 }).waitFor();
    const switches = page.getByRole('switch');
    await expect.poll(() => switches.count()).toBe(7);
    const syncFailed = page.getByRole('switch', { name: 'Sinkronisasi gagal' });
    expect(await syncFailed.isChecked()).toBe(true);

    await syncFailed.click();
    await page.getByText('Pengaturan email disimpan').first().waitFor();
    await expect.poll(() => syncFailed.isChecked()).toBe(false);
    const stored = await db.query('SELECT kind, email FROM notification_preferences WHERE user_id = $1', [me.userId]);
    expect(stored.rows).toEqual([{ kind: 'sync_failed', email: false }]);

    await page.reload();
    await expect.poll(() => page.getByRole('switch', { name: 'Sinkronisasi gagal' }).isChecked()).toBe(false);
    expect(await page.getByRole('switch', { name: 'Koneksi dicabut' }).isChecked()).toBe(true);

    // In English the same screen and bell speak English.
    await page.getByLabel('Bahasa').selectOption('en');
    await page.getByRole('heading', { name: 'Email alert settings', level: 1 }).waitFor();
    expect(await page.getByRole('switch', { name: 'Sync failed' }).isChecked()).toBe(false);
    await expect.poll(() => page.getByRole('button', { name: /^Notifications, \d+ unread$/ }).count()).toBe(1);
    // Back to Bahasa Indonesia for the account (its next sign-in and mails).
    await page.getByLabel('Language').selectOption('id');
    await page.getByRole('heading', { name: 'Pengaturan email pemberitahuan', level: 1 }).waitFor();
    await context.close();
  });
});
