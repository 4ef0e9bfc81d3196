import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { baseUrl, DEMO, launch, login, newPage, uniqueEmail } from '../src/browser';

type Tree = { [key: string]: string | Tree };
// The SPA's own dictionaries, read as data: what each language may say.
const dictionary = (lng: string): Tree => JSON.parse(readFileSync(path.resolve(__dirname, `../../apps/web/src/locales/${lng}.json`), 'utf8'));
const en = dictionary('en');
const id = dictionary('id');
const values = (tree: Tree): string[] => Object.values(tree).flatMap((v) => (typeof v === 'string' ? [v] : values(v)));

/**
 * The strings of one language that the other never uses, whole (interpolated
 * ones cannot be matched whole): a screen in the other language must show
 * none of them, in its text, placeholders or labels.
 */
function onlyIn(language: Tree, other: Tree): Set<string> {
  const theirs = new Set(values(other));
  return new Set(values(language).filter((v) => !v.includes('{{') && v.trim().length >= 3 && !theirs.has(v)));
}
const ENGLISH_ONLY = onlyIn(en, id);
const INDONESIAN_ONLY = onlyIn(id, en);

/**
 * Every text node, placeholder and aria-label on the page, trimmed; except
 * text marked `translate="no"`: a source's own words (SAP's field labels),
 * which are data in the source's language, not the portal's.
 */
const shownTexts = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement?.closest('[translate="no"]')) continue;
      const text = node.textContent?.trim();
      if (text) out.push(text);
    }
    for (const el of Array.from(document.querySelectorAll('[placeholder], [aria-label], option'))) {
      for (const text of [el.getAttribute('placeholder'), el.getAttribute('aria-label'), el.tagName === 'OPTION' ? el.textContent : null]) {
        if (text?.trim()) out.push(text.trim());
      }
    }
    return out;
  });

let browser: Browser;
/** A distributor of this test with an External integration and one document, and an SAP integration, so its pages have something to show. */
const own = { email: uniqueEmail('bahasa'), password: 'rahasia-sekali-123' };
const paths = { integration: '', document: '', sap: '' };
beforeAll(async () => {
  browser = await launch();
  const { context, page } = await newPage(browser);
  const org = `PT Bahasa ${randomBytes(3).toString('hex')}`;
  const registered = await page.request.post('/api/auth/register', {
    data: { ...own, name: 'Sari', organizationName: org, organizationKind: 'DISTRIBUTOR' },
  });
  expect(registered.status()).toBe(201);
  const created = (await (await page.request.post('/api/integrations', { data: { kind: 'EXTERNAL', name: 'Toko Online' } })).json()) as {
    id: string;
    apiKey: string;
  };
  const pushed = await fetch(`${baseUrl()}/api/ingest/sales-orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${created.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      documents: [
        {
          sourceId: 'SO-BAHASA-1',
          number: 'SO/BAHASA/001',
          date: '2026-11-24',
          total: '50000.00',
          lines: [{ productCode: 'P009', quantity: '2', unit: 'PCS', unitPrice: '25000', amount: '50000' }],
        },
      ],
    }),
  });
  expect(pushed.status).toBe(200);
  // The sample SAP's S/4HANA (client 100): its page shows the SAP settings and the re-authenticate form.
  const sap = await page.request.post('/api/integrations', {
    data: {
      kind: 'SAP',
      name: 'SAP Pusat',
      sap: { product: 'S4HANA', baseUrl: inject('sapUrl'), sapClient: '100', auth: { type: 'BASIC', username: 'PORTAL_COMM_100', password: 'Sap#Demo100' } },
    },
  });
  expect(sap.status()).toBe(201);
  paths.sap = `/integrations/${((await sap.json()) as { id: string }).id}`;
  const docs = (await (await page.request.get('/api/documents?type=SALES_ORDER&number=SO/BAHASA')).json()) as { data: { id: string }[] };
  paths.integration = `/integrations/${created.id}`;
  paths.document = `/documents/${docs.data[0]!.id}`;
  await context.close();
});
afterAll(async () => browser?.close());

const SCREENS = [
  { user: own, paths: () => ['/integrations', paths.integration, '/documents', paths.document, paths.sap] },
  { user: DEMO.distributor, paths: () => ['/integrations', '/documents'] },
  { user: DEMO.principal, paths: () => ['/connections', '/documents', '/catalogue'] },
  { user: DEMO.admin, paths: () => ['/admin/access-keys', '/admin/integrations'] },
];

// The loop below destructures its own `paths`; this reads the module's.
const sapPage = () => paths.sap;

/**
 * The SAP form's texts as a user meets them: the re-authenticate dialog, a
 * test refused per service (a wrong password), and the boxes left empty.
 */
async function sapFormTexts(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: /^(Autentikasi ulang|Re-authenticate)$/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('sap-connect-form').locator('input[type="password"]').fill('kata-sandi-salah');
  await dialog.getByRole('button', { name: /^(Uji koneksi|Test connection)$/ }).click();
  await expect.poll(() => dialog.getByTestId('sap-test-report').getAttribute('data-ok'), { timeout: 30_000 }).toBe('false');
  const refused = await shownTexts(page);
  await dialog.locator('input[name="baseUrl"]').fill('');
  await dialog.getByRole('button', { name: /^(Uji koneksi|Test connection)$/ }).click();
  await expect.poll(() => dialog.locator('.field-error').count()).toBeGreaterThan(0);
  return [...refused, ...(await shownTexts(page))];
}

describe('every screen speaks one language', () => {
  for (const [language, foreign] of [
    ['id', ENGLISH_ONLY],
    ['en', INDONESIAN_ONLY],
  ] as const) {
    it(`in ${language === 'id' ? 'Bahasa Indonesia' : 'English'}, no screen (the demo users', a distributor's integration and document pages) shows a string of the other language`, async () => {
      const leaks: string[] = [];
      for (const { user, paths } of SCREENS) {
        const { context, page } = await newPage(browser);
        await context.addInitScript((lng) => localStorage.setItem('portal.lang', lng), language);
        await login(page, user.email, user.password);
        await page.waitForURL((u) => !u.pathname.startsWith('/login'));
        for (const path of paths()) {
          await page.goto(path);
          // Loaded: the page heading is there and no placeholder still loads.
          await page.getByRole('heading', { level: 1 }).waitFor();
          await expect.poll(() => page.locator('.skeleton').count()).toBe(0);
          expect(await page.locator('html').getAttribute('lang')).toBe(language);
          leaks.push(...(await shownTexts(page)).filter((text) => foreign.has(text)).map((text) => `${path}: ${text}`));
          if (path === sapPage()) leaks.push(...(await sapFormTexts(page)).filter((text) => foreign.has(text)).map((text) => `${path} (form): ${text}`));
        }
        await context.close();
      }
      expect(leaks).toEqual([]);
    });
  }
});

describe('the language follows the account', () => {
  it('switched to English while signed in, the user signs in again on a fresh browser and the portal is in English', async () => {
    const user = { email: uniqueEmail('lang-follows'), password: 'rahasia-sekali-123' };
    const first = await newPage(browser);
    // A user of this test alone (signed in by registering): the demo users' language stays as other tests expect it.
    const registered = await first.page.request.post('/api/auth/register', {
      data: { ...user, name: 'Rina', organizationName: `PT Bahasa ${randomBytes(3).toString('hex')}`, organizationKind: 'DISTRIBUTOR' },
    });
    expect(registered.status()).toBe(201);
    await first.page.goto('/integrations');
    await first.page.getByRole('heading', { level: 1 }).waitFor();
    expect(await first.page.locator('html').getAttribute('lang')).toBe('id');
    const saved = first.page.waitForResponse((r) => r.url().endsWith('/api/auth/locale') && r.request().method() === 'PUT');
    await first.page.getByLabel('Bahasa', { exact: true }).selectOption('en');
    expect((await saved).status()).toBe(204);
    await first.page.getByRole('button', { name: 'Sign out' }).click();
    await first.page.waitForURL((u) => u.pathname.startsWith('/login'));
    await first.context.close();

    // Another browser: nothing remembered there, so it starts in Bahasa Indonesia until the user signs in.
    const second = await newPage(browser);
    await second.page.goto('/login');
    expect(await second.page.locator('html').getAttribute('lang')).toBe('id');
    await login(second.page, user.email, user.password);
    await second.page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await second.page.getByRole('heading', { level: 1 }).waitFor();
    expect(await second.page.locator('html').getAttribute('lang')).toBe('en');
    // Waited for, not sampled: the heading can paint a frame before the signed-in header does.
    await second.page.getByRole('button', { name: 'Sign out' }).waitFor();
    // And it stays English on a reload: this browser now remembers it too.
    await second.page.reload();
    await second.page.getByRole('heading', { level: 1 }).waitFor();
    expect(await second.page.locator('html').getAttribute('lang')).toBe('en');
    await second.context.close();
  });
});
