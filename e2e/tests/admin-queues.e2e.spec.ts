import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, DEMO, launch, login, newPage } from '../src/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('queue dashboard', () => {
  it('a platform admin opens Antrean from the navigation and sees the sync queue, with nothing blocked by the CSP or fetched from other hosts, and goes back to the portal', async () => {
    const { context, page } = await newPage(browser);
    const blocked: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) blocked.push(msg.text());
    });
    const elsewhere: string[] = [];
    page.on('request', (req) => {
      if (new URL(req.url()).origin !== new URL(baseUrl()).origin && !req.url().startsWith('data:')) elsewhere.push(req.url());
    });
    await login(page, DEMO.admin.email, DEMO.admin.password);
    await page.waitForURL(/\/admin/);
    await page.getByRole('link', { name: 'Antrean' }).click();
    await page.waitForURL(/\/api\/admin\/queues/);
    // bull-board's own UI (React, loaded from the dashboard's path) lists the queues by name.
    await expect.poll(() => page.getByRole('link', { name: /^sync$/ }).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page
      .getByRole('link', { name: /^sync$/ })
      .first()
      .click();
    await page.waitForURL(/\/api\/admin\/queues\/queue\/sync/);
    expect(blocked).toEqual([]);
    expect(elsewhere).toEqual([]);
    // bull-board's header menu (its last button) holds the link back to the portal.
    await page.locator('header ul li').last().getByRole('button').click();
    await page.getByRole('menuitem', { name: '← Portal Distribusi' }).click();
    await page.waitForURL(/\/admin\/access-keys$/);
    await expect.poll(() => page.getByRole('link', { name: 'Antrean' }).isVisible()).toBe(true);
    await context.close();
  });

  it('a distributor has no Antrean link and is refused at the dashboard', async () => {
    const { context, page } = await newPage(browser);
    await login(page, DEMO.distributor.email, DEMO.distributor.password);
    await page.waitForURL(/\/integrations/);
    expect(await page.getByRole('link', { name: 'Antrean' }).count()).toBe(0);
    const res = await page.goto('/api/admin/queues');
    expect(res?.status()).toBe(403);
    await context.close();
  });
});
