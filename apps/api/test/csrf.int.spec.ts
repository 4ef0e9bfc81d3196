import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EndpointDef, endpoints } from '@portal/contracts';
import { type Party, randomIp, register } from '@portal/testing';
import { startTestApp, type TestApp } from './test-app';

// Cross-site request forgery (issue 15, item 5): every state-changing
// operation of the OpenAPI document, sent by a hostile page with a valid
// session cookie in each form a page can send without CORS, is refused in
// the error envelope and changes nothing.
const PORTAL = 'http://portal.test';
const CROSS_SITE = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
const SAME_ORIGIN = { origin: PORTAL, 'sec-fetch-site': 'same-origin' };

let t: TestApp;
let distributor: Party;
let principal: Party;
let integrationId: string;
let apiKey: string;

beforeAll(async () => {
  t = await startTestApp('api_csrf', { PUBLIC_BASE_URL: PORTAL });
  distributor = await register(t.app, 'DISTRIBUTOR', { ip: randomIp() });
  principal = await register(t.app, 'PRINCIPAL', { ip: randomIp() });
  const created = await distributor.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL', name: 'ERP' });
  expect(created.status).toBe(201);
  integrationId = created.body.id;
  apiKey = created.body.apiKey;
});

afterAll(async () => {
  await t?.close();
});

interface Operation {
  method: string;
  url: string;
  name: string;
}

/** Every state-changing operation the API documents, with its path parameters filled in. */
async function stateChangingOperations(): Promise<Operation[]> {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/docs-json' })).json() as { paths: Record<string, Record<string, { operationId: string }>> };
  const values: Record<string, string> = { id: integrationId, runId: randomUUID(), type: 'sales-orders', token: randomBytes(32).toString('base64url') };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (['get', 'head', 'options'].includes(method)) continue;
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? randomUUID());
      ops.push({ method: method.toUpperCase(), url, name: op.operationId });
    }
  }
  // Logout last, so a forged logout that got through could not hide what the others did.
  return ops.sort((a, b) => Number(a.name === 'logout') - Number(b.name === 'logout'));
}

const boundary = '----forged';
/** What an HTML form (or a no-CORS fetch) can send: each body as its page would write it. */
const FORGED_BODIES = [
  { contentType: 'text/plain', payload: JSON.stringify({ kind: 'EXTERNAL', name: 'forged', documents: [] }) },
  { contentType: 'application/x-www-form-urlencoded', payload: 'kind=EXTERNAL&name=forged' },
  {
    contentType: `multipart/form-data; boundary=${boundary}`,
    payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="dokumen.csv"\r\nContent-Type: text/csv\r\n\r\ntype,source_id\r\n--${boundary}--\r\n`,
  },
];

async function send(party: Party, op: Operation, headers: Record<string, string>, payload?: string) {
  const res = await t.app.inject({
    method: op.method as 'POST',
    url: op.url,
    remoteAddress: party.agent.ip,
    headers: { cookie: party.agent.cookie, ...headers },
    ...(payload !== undefined ? { payload } : {}),
  });
  return { status: res.statusCode, body: (res.body ? res.json() : {}) as { error?: { code: string }; state?: string }, headers: res.headers };
}

async function assertNothingChanged() {
  const integration = await distributor.agent.request('GET', `/api/integrations/${integrationId}`);
  expect(integration.status).toBe(200);
  expect(integration.body.state).toBe('ACTIVE');
  expect((await distributor.agent.request('GET', '/api/integrations')).body.data).toHaveLength(1);
  expect((await distributor.agent.request('GET', '/api/documents')).body.data).toEqual([]);
  expect((await principal.agent.request('GET', '/api/connections')).body.data).toEqual([]);
  // Still signed in: /me answers the caller (it answers null once signed out).
  expect((await distributor.agent.request('GET', '/api/auth/me')).body?.organization.id).toBe(distributor.orgId);
  expect((await principal.agent.request('GET', '/api/auth/me')).body?.organization.id).toBe(principal.orgId);
}

describe('cross-site requests with the session cookie', () => {
  it('covers the operations the issue names', async () => {
    const names = (await stateChangingOperations()).map((o) => `${o.method} ${o.url}`);
    expect(names).toEqual(
      expect.arrayContaining([`POST /api/integrations/${integrationId}/disable`, 'POST /api/connections/invites', 'POST /api/auth/logout']),
    );
  });

  it('refuses every state-changing operation as text/plain, form-urlencoded and multipart with 403 CSRF_REJECTED, and nothing changes', async () => {
    const answers: string[] = [];
    for (const op of await stateChangingOperations()) {
      for (const party of [distributor, principal]) {
        for (const body of FORGED_BODIES) {
          const res = await send(party, op, { ...CROSS_SITE, 'content-type': body.contentType }, body.payload);
          answers.push(`${op.name} ${body.contentType.split(';')[0]} → ${res.status} ${res.body.error?.code}`);
        }
      }
    }
    expect(answers.filter((a) => !a.endsWith('→ 403 CSRF_REJECTED'))).toEqual([]);
    await assertNothingChanged();
  });

  it('refuses them from a browser that sends only Origin, and from a sibling site', async () => {
    for (const op of await stateChangingOperations()) {
      const oldBrowser = await send(distributor, op, { origin: 'https://evil.example', 'content-type': 'text/plain' }, 'x');
      expect([op.name, oldBrowser.status, oldBrowser.body.error?.code]).toEqual([op.name, 403, 'CSRF_REJECTED']);
      const sibling = await send(distributor, op, { origin: 'https://shop.portal.test', 'sec-fetch-site': 'same-site' });
      expect([op.name, sibling.status, sibling.body.error?.code]).toEqual([op.name, 403, 'CSRF_REJECTED']);
    }
    await assertNothingChanged();
  });
});

describe('bodies in a media type the route does not take', () => {
  it('answers 415 UNSUPPORTED_MEDIA_TYPE even from the portal itself and with an empty body, and nothing changes', async () => {
    const answers: string[] = [];
    for (const op of await stateChangingOperations()) {
      // Each route's own media type (the import's multipart, the OAuth token request's form) is the one it takes.
      const own = (endpoints as Record<string, EndpointDef>)[op.name]?.bodyContentType;
      const forms = FORGED_BODIES.filter((b) => b.contentType.split(';')[0] !== own);
      for (const body of forms) {
        const res = await send(distributor, op, { ...SAME_ORIGIN, 'content-type': body.contentType });
        answers.push(`${op.name} ${body.contentType.split(';')[0]} → ${res.status} ${res.body.error?.code}`);
      }
    }
    expect(answers.filter((a) => !a.endsWith('→ 415 UNSUPPORTED_MEDIA_TYPE'))).toEqual([]);
    await assertNothingChanged();
  });
});

describe('requests from the portal itself', () => {
  it('still work: JSON, a multipart import, a body-less POST, from browsers with and without Sec-Fetch-Site', async () => {
    const created = await send(
      distributor,
      { method: 'POST', url: '/api/integrations', name: 'createIntegration' },
      { origin: PORTAL, 'content-type': 'application/json' },
      JSON.stringify({ kind: 'EXTERNAL', name: 'Second ERP' }),
    );
    expect(created.status).toBe(201);

    const csv =
      'type,source_id,number,date,party_code,party_name,salesman_code,status,product_code,product_name,qty,unit,price,discount,tax,amount\r\nSALES_ORDER,SO-1,SO/1,01/12/2026,C001,Toko Satu,,,P001,Mie,1,PCS,1000,0,0,1000\r\n';
    const imported = await send(
      distributor,
      { method: 'POST', url: `/api/integrations/${integrationId}/import`, name: 'importDocuments' },
      { ...SAME_ORIGIN, 'content-type': `multipart/form-data; boundary=${boundary}` },
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="dokumen.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
    );
    expect(imported.status).toBe(200);
    expect((await distributor.agent.request('GET', '/api/documents')).body.data).toHaveLength(1);

    const invite = await send(principal, { method: 'POST', url: '/api/connections/invites', name: 'createInvite' }, SAME_ORIGIN);
    expect(invite.status).toBe(201);
    expect((await principal.agent.request('GET', '/api/connections')).body.data).toHaveLength(1);

    const disabled = await send(distributor, { method: 'POST', url: `/api/integrations/${integrationId}/disable`, name: 'disableIntegration' }, SAME_ORIGIN);
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ state: 'DISABLED' });

    const loggedOut = await send(principal, { method: 'POST', url: '/api/auth/logout', name: 'logout' }, SAME_ORIGIN);
    expect(loggedOut.status).toBe(204);
    expect((await principal.agent.request('GET', '/api/auth/me')).body).toBeNull();
  });

  it('leaves External ingestion by API key (no cookie) alone, whatever Origin it names', async () => {
    await distributor.agent.request('POST', `/api/integrations/${integrationId}/enable`);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/ingest/sales-orders',
      remoteAddress: randomIp(),
      headers: { ...CROSS_SITE, authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        documents: [
          {
            sourceId: 'API-1',
            number: 'SO/API/1',
            date: '2026-12-01',
            partyCode: 'C001',
            partyName: 'Toko Sinar Jaya',
            total: '1000',
            lines: [{ productCode: 'P001', productName: 'Mie Goreng', quantity: '1', unit: 'PCS', unitPrice: '1000', amount: '1000' }],
          },
        ],
      }),
    });
    expect(res.statusCode).toBe(200);
  });
});
