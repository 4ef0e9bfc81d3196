import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, login, newPage, uniqueEmail } from '../src/browser';

// Issue 15 item 10, in Bahasa Indonesia: an invite shows its expiry and its
// link can be copied again; a signed-in distributor gets the consent popup
// over its own portal; both lists name the other side with its email; a
// revoked connection leaves the connected list for the ended ones.

const suffix = randomBytes(3).toString('hex');
const principal = { email: uniqueEmail('prinsipal'), password: 'prinsipal-rahasia-1', organizationName: `PT Prinsipal Poles ${suffix}` };
const distributor = { email: uniqueEmail('distributor'), password: 'distributor-rahasia-1', organizationName: `PT Distribusi Poles ${suffix}` };

async function registerOrg(body: Record<string, string>) {
  const res = await fetch(`${baseUrl()}/api/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
}

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
  await registerOrg({ ...principal, name: 'Andi Wijaya', organizationKind: 'PRINCIPAL' });
  await registerOrg({ ...distributor, name: 'Siti Rahayu', organizationKind: 'DISTRIBUTOR' });
});
afterAll(async () => browser?.close());

describe('connections, polished (issue 15)', () => {
  it('invite with expiry, link copied again, consent popup over the portal, names and emails, revoke moves the row', async () => {
    // A principal with no connections is told what to do, with the button to do it.
    const p = await newPage(browser);
    await login(p.page, principal.email, principal.password);
    await p.page.waitForURL(/\/connections$/);
    await expect.poll(() => p.page.getByText('Belum ada distributor yang terhubung').count()).toBe(1);
    await p.page.getByRole('button', { name: 'Undang distributor' }).click();
    const linkDialog = p.page.getByRole('dialog', { name: 'Tautan undangan' });
    const url = await linkDialog.getByTestId('invite-url').inputValue();
    expect(url).toMatch(new RegExp(`^${baseUrl()}/invites/[\\w-]{43}$`));
    await expect.poll(() => p.page.getByText('Tautan undangan dibuat.', { exact: true }).count()).toBe(1);
    await linkDialog.getByRole('button', { name: 'Tutup dialog' }).click();

    // The pending invite shows its expiry, and its link can be copied again.
    const pending = p.page.getByTestId('connections-table').getByRole('row').nth(1);
    await expect.poll(() => pending.textContent()).toContain('Menunggu');
    expect(await pending.textContent()).toMatch(/Berlaku sampai \d/);
    await pending.getByRole('button', { name: 'Salin tautan' }).click();
    await expect.poll(() => linkDialog.getByTestId('invite-url').inputValue()).toBe(url);
    await linkDialog.getByRole('button', { name: 'Salin tautan' }).click();
    await expect.poll(() => linkDialog.getByRole('status').textContent()).toContain('Tautan disalin');
    expect(await p.page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await linkDialog.getByRole('button', { name: 'Tutup dialog' }).click();

    // The distributor, already signed in, opens the link: its own portal, the consent popup on top.
    const d = await newPage(browser);
    await login(d.page, distributor.email, distributor.password);
    await d.page.waitForURL(/\/integrations$/);
    await d.page.goto(url);
    const consent = d.page.getByRole('dialog', { name: 'Permintaan koneksi' });
    await expect.poll(() => consent.getByText(`${principal.organizationName} meminta akses ke data Anda berikut:`).count()).toBe(1);
    expect(new URL(d.page.url()).pathname).toBe(new URL(url).pathname);
    expect(await d.page.getByTestId('org-name').textContent()).toBe(distributor.organizationName);
    // Nothing to share yet, and it says so; allowing is still possible.
    await expect.poll(() => consent.getByText('Anda belum punya integrasi').count()).toBe(1);
    await consent.getByRole('button', { name: 'Izinkan akses' }).click();
    await d.page.waitForURL(/\/integrations$/);
    await expect.poll(() => d.page.getByText(`Akses diberikan. Anda sekarang terhubung dengan ${principal.organizationName}.`).count()).toBe(1);

    // Each list names the other side with its contact's email.
    const principalRow = d.page.getByTestId('connections-table').getByRole('row', { name: new RegExp(principal.organizationName) });
    await expect.poll(() => principalRow.textContent()).toContain('Terhubung');
    expect(await principalRow.textContent()).toContain(principal.email);
    await p.page.reload();
    const distributorRow = p.page.getByTestId('connections-table').getByRole('row', { name: new RegExp(distributor.organizationName) });
    await expect.poll(() => distributorRow.textContent()).toContain('Terhubung');
    expect(await distributorRow.textContent()).toContain(distributor.email);

    // The distributor revokes, in the portal's own confirmation dialog: the row moves to the ended connections.
    await principalRow.getByRole('button', { name: 'Cabut akses' }).click();
    const confirm = d.page.getByRole('dialog', { name: 'Cabut akses?' });
    await expect.poll(() => confirm.textContent()).toContain(principal.organizationName);
    await confirm.getByRole('button', { name: 'Cabut akses' }).click();
    await expect.poll(() => d.page.getByText('Koneksi dicabut.', { exact: true }).count()).toBe(1);
    await expect.poll(() => d.page.getByText('Belum ada principal yang terhubung').count()).toBe(1);
    expect(await d.page.getByTestId('connections-table').count()).toBe(0);
    const ended = d.page.getByTestId('ended-connections-table').getByRole('row', { name: new RegExp(principal.organizationName) });
    await expect.poll(() => ended.textContent()).toContain('Dicabut');

    await p.page.reload();
    const endedForPrincipal = p.page.getByTestId('ended-connections-table').getByRole('row', { name: new RegExp(distributor.organizationName) });
    await expect.poll(() => endedForPrincipal.textContent()).toContain('Dicabut');
    await expect.poll(() => p.page.getByText('Belum ada distributor yang terhubung').count()).toBe(1);
    await p.context.close();
    await d.context.close();
  });
});
