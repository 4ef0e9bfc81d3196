import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const baseUrl = () => inject('baseUrl');

/** Debian's Chromium, with the flags this machine's closed network needs. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl(), locale: 'id-ID' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() });
  const page = await context.newPage();
  return { context, page };
}

export async function login(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/Kata sandi|Password/).fill(password);
  await page.getByRole('button', { name: /^(Masuk|Sign in)$/ }).click();
}

let n = 0;
export const uniqueEmail = (label: string) => `${label}.${Date.now().toString(36)}${(n++).toString(36)}@e2e.test`;

export const DEMO = {
  distributor: { email: 'distributor@demo.local', password: 'demo-distributor-123' },
  principal: { email: 'principal@demo.local', password: 'demo-principal-123' },
  admin: { email: 'admin@portal.local', password: 'admin-portal-123' },
};

/** A new organisation and its owner, registered the way the sign-up page does it (for tests whose subject is elsewhere). */
export async function registerOrganization(
  user: { email: string; password: string; organizationName: string; name: string },
  kind: 'DISTRIBUTOR' | 'PRINCIPAL',
) {
  const res = await fetch(`${baseUrl()}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...user, organizationKind: kind }),
  });
  if (res.status !== 201) throw new Error(`registering ${user.email} answered ${res.status}: ${await res.text()}`);
}
