import { createHmac, randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, launch, login, newPage } from '../src/browser';
import { startWebhookReceiver } from '../src/webhook-receiver';

// Issue 12, "Done when": a principal's owner registers a webhook endpoint on the
// Webhooks screen, keeps the secret shown once, sends a test event, and sees its
// delivery (HTTP 200) in the endpoint's history; the receiver got a body signed
// with that secret (Standard Webhooks).

const suffix = randomBytes(3).toString('hex');
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let browser: Browser;

beforeAll(async () => {
  receiver = await startWebhookReceiver(`/hooks/${suffix}`, { status: 200, body: 'diterima' });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await receiver?.close();
});

/** Standard Webhooks: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` under the secret's bytes. */
function signatureOf(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

describe('Webhooks screen', () => {
  it('registers an endpoint, shows its secret once, sends a test event and shows its delivery in the history', async () => {
    const { context, page } = await newPage(browser);
    await login(page, DEMO.principal.email, DEMO.principal.password);
    await page.waitForURL(/\/connections$/);
    await page.getByRole('link', { name: 'Webhook', exact: true }).click();
    await page.getByRole('heading', { name: 'Webhook', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Tambah endpoint' }).click();
    const form = page.getByRole('dialog', { name: 'Tambah endpoint' });
    await form.getByLabel('URL').fill(receiver.url);
    await form.getByLabel('Deskripsi').fill(`Gudang BI ${suffix}`);
    await form.getByRole('checkbox', { name: /Dokumen diperbarui/ }).check();
    await form.getByRole('button', { name: 'Tambah', exact: true }).click();

    // The secret, once: copied, then gone from the page.
    const shown = page.getByRole('dialog', { name: 'Endpoint ditambahkan' });
    await expect.poll(() => shown.getByTestId('webhook-secret').inputValue()).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    const secret = await shown.getByTestId('webhook-secret').inputValue();
    expect(await shown.textContent()).toContain('hanya ditampilkan sekali');
    await shown.getByRole('button', { name: 'Salin' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await shown.getByRole('button', { name: 'Sudah saya simpan' }).click();

    const row = page.getByTestId('webhook-row').filter({ hasText: `Gudang BI ${suffix}` });
    await expect.poll(() => row.textContent()).toContain(receiver.url);
    expect(await row.textContent()).toContain('Dokumen diperbarui');
    expect(await row.getByTestId('webhook-status').textContent()).toContain('Aktif');
    expect(await page.content()).not.toContain(secret);

    await row.getByRole('button', { name: 'Kirim event uji' }).click();
    await page.getByText('Event uji diantrekan').waitFor();
    await row.getByRole('link', { name: 'Riwayat pengiriman' }).click();
    await page.waitForURL(/\/webhooks\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Riwayat pengiriman', level: 1 }).waitFor();

    // The test event's message is in the history at once (PENDING until the worker delivers it).
    const message = page.getByTestId('webhook-message').filter({ hasText: 'Event uji' });
    await expect.poll(() => message.count()).toBe(1);
    const messageId = (await message.locator('code').textContent())!;
    expect(messageId).toMatch(/^msg_/);

    // Delivered: the history refreshes on its own until the message succeeded with HTTP 200.
    await expect.poll(() => message.getAttribute('data-status'), { timeout: 30_000 }).toBe('SUCCEEDED');
    expect(await message.getByTestId('webhook-message-last-status').textContent()).toBe('200');
    await message.getByRole('button', { name: 'Tampilkan percobaan' }).click();
    const detail = page.getByTestId('webhook-message-detail');
    await expect.poll(() => detail.getByTestId('webhook-attempt').count()).toBe(1);
    expect(await detail.getByTestId('webhook-attempt-status').textContent()).toBe('200');
    expect(await detail.getByTestId('webhook-attempt').textContent()).toContain('diterima');
    expect(await detail.getByTestId('webhook-body').textContent()).toContain('"webhook_endpoint.test"');

    // What the receiver got: the same message id, a body signed with the secret shown once.
    const delivery = receiver.received.find((r) => r.headers['webhook-id'] === messageId);
    expect(delivery).toBeDefined();
    const { headers, body } = delivery!;
    expect(JSON.parse(body)).toMatchObject({ type: 'webhook_endpoint.test', data: { ping: true } });
    const signatures = String(headers['webhook-signature']).split(' ');
    expect(signatures).toContain(signatureOf(secret, messageId, String(headers['webhook-timestamp']), body));
    await context.close();
  });
});
