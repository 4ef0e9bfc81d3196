import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, launch, newPage } from '../src/browser';

// Issue 15: the first route (sign-in page, then the first signed-in page) in at most 250 KB of
// compressed JS and CSS, every hashed file compressed and cached for good, index.html revalidated.
const FIRST_ROUTE_BUDGET = 250_000;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface Received {
  url: string;
  status: number;
  headers: Record<string, string>;
  /** Bytes on the wire, as encoded (compressed) by the server. */
  bodyBytes: number;
}

/** Every response the page receives, with its headers and encoded size (read once it is complete). */
function recordResponses(page: Page) {
  const pending: Promise<Received>[] = [];
  page.on('response', (res: Response) => {
    pending.push(
      (async () => {
        await res.finished();
        const [headers, sizes] = await Promise.all([res.allHeaders(), res.request().sizes()]);
        return { url: res.url(), status: res.status(), headers, bodyBytes: sizes.responseBodySize };
      })(),
    );
  });
  return () => Promise.all(pending);
}

/** Console errors and uncaught exceptions, as a user's developer tools would show them. */
function recordErrors(page: Page) {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

const isAsset = (r: Received) => /\/assets\/[^/]+\.(js|css)$/.test(new URL(r.url).pathname);
const assetNames = (rs: Received[]) => rs.filter(isAsset).map((r) => new URL(r.url).pathname.replace('/assets/', ''));
const compressedBytes = (rs: Received[]) => rs.filter(isAsset).reduce((sum, r) => sum + r.bodyBytes, 0);

describe('first load', () => {
  it('sends /login and the first signed-in page compressed, cached and within 250 KB of JS and CSS', async () => {
    const { context, page } = await newPage(browser);
    const received = recordResponses(page);
    const errors = recordErrors(page);

    await page.goto('/login', { waitUntil: 'networkidle' });
    await expect.poll(() => page.getByLabel('Email').isVisible()).toBe(true);
    const atLogin = await received();

    const html = atLogin.find((r) => new URL(r.url).pathname === '/login');
    expect(html?.status).toBe(200);
    expect(html?.headers['content-type']).toMatch(/text\/html/);
    expect(html?.headers['cache-control']).toBe('no-cache');

    const loginAssets = atLogin.filter(isAsset);
    expect(assetNames(atLogin)).toEqual(expect.arrayContaining([expect.stringMatching(/^login-page-.*\.js$/), expect.stringMatching(/\.css$/)]));
    for (const asset of loginAssets) {
      expect(asset.status, asset.url).toBe(200);
      expect(['br', 'gzip'], asset.url).toContain(asset.headers['content-encoding']);
      expect(asset.headers['cache-control'], asset.url).toMatch(/\bimmutable\b/);
      expect(Number(/max-age=(\d+)/.exec(asset.headers['cache-control'] ?? '')?.[1]), asset.url).toBeGreaterThanOrEqual(31_536_000);
    }
    expect(compressedBytes(atLogin), assetNames(atLogin).join(', ')).toBeLessThanOrEqual(FIRST_ROUTE_BUDGET);
    // The signed-out "who am I" is an answer, not a 401 the browser logs.
    expect(atLogin.find((r) => r.url.endsWith('/api/auth/me'))?.status).toBe(200);
    expect(errors).toEqual([]);

    await page.getByLabel('Email').fill(DEMO.distributor.email);
    await page.getByLabel(/Kata sandi|Password/).fill(DEMO.distributor.password);
    await page.getByRole('button', { name: /^(Masuk|Sign in)$/ }).click();
    await page.waitForURL(/\/integrations$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
    await page.waitForLoadState('networkidle');
    const signedIn = await received();

    const names = assetNames(signedIn);
    expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/^integrations-page-.*\.js$/)]));
    // The chart library stays in the documents page's chunk, which neither page needs.
    expect(names.filter((n) => n.startsWith('documents-page-'))).toEqual([]);
    for (const asset of signedIn.filter(isAsset)) {
      expect(['br', 'gzip'], asset.url).toContain(asset.headers['content-encoding']);
      expect(asset.headers['cache-control'], asset.url).toMatch(/\bimmutable\b/);
    }
    expect(compressedBytes(signedIn), names.join(', ')).toBeLessThanOrEqual(FIRST_ROUTE_BUDGET);

    // A JSON answer above 1 kB (the API's OpenAPI document) comes compressed to the browser too.
    const [apiAnswer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/docs-json')),
      page.evaluate(async () => (await fetch('/api/docs-json')).json()),
    ]);
    const apiHeaders = await apiAnswer.allHeaders();
    expect(apiHeaders['content-type']).toMatch(/application\/json/);
    expect(['br', 'gzip']).toContain(apiHeaders['content-encoding']);
    expect((await apiAnswer.body()).length).toBeGreaterThan(1024);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('logs no console error on the signed-out pages and shows the portal favicon', async () => {
    const { context, page } = await newPage(browser);
    const errors = recordErrors(page);
    for (const path of ['/login', '/register', '/documents']) {
      await page.goto(path, { waitUntil: 'networkidle' });
      await expect.poll(() => page.getByLabel('Email').isVisible()).toBe(true);
    }
    expect(errors).toEqual([]);
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(icon).toBe('/favicon.svg');
    const res = await page.request.get(icon!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/image\/svg\+xml/);
    await context.close();
  });
});
