import type { APIRequestContext, Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, launch, login, newPage, uniqueEmail } from '../src/browser';
import { startWebhookReceiver } from '../src/webhook-receiver';

// Issue 12, "Done when": a principal registers a webhook and, after a
// distributor's sync, its receiver gets a correctly signed `documents.updated`
// (checked with the Standard Webhooks library unchanged), for the types the
// distributor consented to only; the link in it serves the documents written.

let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let browser: Browser;

beforeAll(async () => {
  receiver = await startWebhookReceiver('/portal-events', { status: 204 });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await receiver?.close();
});

async function register(request: APIRequestContext, kind: 'DISTRIBUTOR' | 'PRINCIPAL', name: string): Promise<string> {
  const res = await request.post('/api/auth/register', {
    data: {
      email: uniqueEmail(kind.toLowerCase()),
      password: 'correct-horse-battery',
      name,
      organizationName: `${name} ${Date.now().toString(36)}`,
      organizationKind: kind,
    },
  });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { organization: { id: string } }).organization.id;
}

type Event = { id: string; type: string; organizationId: string; data: Record<string, unknown> };

describe('documents.updated webhook after a sync', () => {
  it("reaches a connected principal's endpoint signed, once per run, only for the consented type", async () => {
    const principal = await newPage(browser);
    const distributor = await newPage(browser);
    const principalId = await register(principal.page.request, 'PRINCIPAL', 'PT Prinsipal Webhook');
    const distributorId = await register(distributor.page.request, 'DISTRIBUTOR', 'PT Distributor Webhook');

    // The distributor's DMS integration (not yet active) and a connection consenting to sales invoices only.
    const integrationId = ((await (await distributor.page.request.post('/api/integrations', { data: { kind: 'DMS' } })).json()) as { id: string }).id;
    const invite = (await (await principal.page.request.post('/api/connections/invites')).json()) as { url: string };
    const token = new URL(invite.url).pathname.split('/').pop()!;
    const accepted = await distributor.page.request.post(`/api/invites/${token}/accept`, { data: { documentTypes: ['SALES_INVOICE'] } });
    expect(accepted.status()).toBe(200);

    // The principal registers its endpoint for documents.updated; the secret is in this answer only.
    const created = await principal.page.request.post('/api/webhooks/endpoints', {
      data: { url: receiver.url, description: 'BI prinsipal', eventTypes: ['documents.updated'] },
    });
    expect(created.status()).toBe(201);
    const endpoint = (await created.json()) as { id: string; secret: string };

    // The platform admin sets the AccessKey: the first sync pulls every type of the sample DMS's tenant 777.
    const admin = await newPage(browser);
    await login(admin.page, DEMO.admin.email, DEMO.admin.password);
    await admin.page.waitForURL(/\/admin/);
    expect(
      (await admin.page.request.put(`/api/admin/integrations/${integrationId}/access-key`, { data: { accessKey: '777-tujuh-tujuh-tujuh' } })).status(),
    ).toBe(200);
    await admin.context.close();

    const runsOf = async () =>
      (
        (await (await distributor.page.request.get(`/api/integrations/${integrationId}/sync-runs?limit=100`)).json()) as {
          data: { id: string; documentType: string | null; status: string }[];
        }
      ).data;
    // Five document runs; the customers and products runs beside them finish on their own time.
    await expect.poll(async () => (await runsOf()).filter((r) => r.documentType && r.status === 'SUCCEEDED').length, { timeout: 60_000 }).toBe(5);
    const invoiceRun = (await runsOf()).find((r) => r.documentType === 'SALES_INVOICE')!;

    // The receiver gets exactly one documents.updated, for the sales-invoice run.
    await expect.poll(() => receiver.received.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    const verifier = new Webhook(endpoint.secret);
    const events = receiver.received.map((r) => {
      // Throws unless webhook-id, webhook-timestamp and webhook-signature sign these exact bytes with the endpoint's secret.
      const verified = verifier.verify(r.body, {
        'webhook-id': String(r.headers['webhook-id']),
        'webhook-timestamp': String(r.headers['webhook-timestamp']),
        'webhook-signature': String(r.headers['webhook-signature']),
      }) as Event;
      expect(String(r.headers['webhook-id'])).toMatch(/^msg_/);
      return verified;
    });
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(
        receiver.received[0]!.body,
        receiver.received[0]!.headers as Record<string, string>,
      ),
    ).toThrow();
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({
      type: 'documents.updated',
      organizationId: principalId,
      data: { distributorId, integrationId, runId: invoiceRun.id, documentTypes: ['SALES_INVOICE'] },
    });
    const count = event!.data.count as number;
    expect(count).toBeGreaterThan(0);

    // Its link, opened by the principal, serves the sales invoices the run wrote.
    const listed = (await (await principal.page.request.get(String(event!.data.link))).json()) as { data: { type: string }[]; total?: number };
    expect(listed.data.length).toBeGreaterThan(0);
    expect(new Set(listed.data.map((d) => d.type))).toEqual(new Set(['SALES_INVOICE']));

    // The delivery history shows it delivered.
    const history = (await (await principal.page.request.get(`/api/webhooks/endpoints/${endpoint.id}/messages`)).json()) as {
      data: { id: string; eventType: string; status: string; lastStatusCode: number | null }[];
    };
    expect(history.data).toEqual([
      expect.objectContaining({
        id: String(receiver.received[0]!.headers['webhook-id']),
        eventType: 'documents.updated',
        status: 'SUCCEEDED',
        lastStatusCode: 204,
      }),
    ]);

    await principal.context.close();
    await distributor.context.close();
  });
});
