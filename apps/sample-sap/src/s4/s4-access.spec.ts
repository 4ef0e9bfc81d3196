import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSampleSap, startSampleSap } from '../index';
import { BASIC_100, BASIC_200, BILLING, dateMs, s4Client, SO } from './s4-test-client';

let sap: RunningSampleSap;
let client: ReturnType<typeof s4Client>;

beforeAll(async () => {
  sap = await startSampleSap({ docsPerType: 40, defaultPageSize: 10 });
  client = s4Client(sap.url);
});
afterEach(() => sap.control.s4.reset());
afterAll(async () => sap?.close());

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const TOKEN_PATH = '/sap/bc/sec/oauth2/token';

async function token(sapClient = '100', init: { auth?: string; form?: Record<string, string> } = {}) {
  const res = await fetch(`${sap.url}${TOKEN_PATH}?sap-client=${sapClient}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(init.auth ? { authorization: init.auth } : {}) },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...init.form }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('Basic authentication and tenants', () => {
  it("admits each tenant's communication user, by query parameter or header, with client 100 by default", async () => {
    expect((await client.request(`${SO}/A_SalesOrder?$top=1`)).status).toBe(200);
    expect((await client.request(`${SO}/A_SalesOrder?$top=1&sap-client=100`)).status).toBe(200);
    expect((await client.request(`${SO}/A_SalesOrder?$top=1`, { auth: BASIC_200, headers: { 'sap-client': '200' } })).status).toBe(200);
  });

  it('refuses a wrong password, another tenant’s user, no credentials and an unknown client with 401, the realm and the SAP error body', async () => {
    for (const [path, auth] of [
      [`${SO}/A_SalesOrder`, basic('PORTAL_COMM_100', 'wrong')],
      [`${SO}/A_SalesOrder`, BASIC_200],
      [`${SO}/A_SalesOrder`, null],
      [`${SO}/A_SalesOrder?sap-client=300`, BASIC_100],
    ] as const) {
      const res = await client.request(path, { auth });
      expect(res.status, `${path} ${auth}`).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="SAP NetWeaver Application Server \[S4D\/(100|300)\]"$/);
      expect(res.json.error.message.lang).toBe('en');
      expect(res.json.error.innererror.transactionid).toMatch(/^[0-9A-F]{32}$/);
    }
  });
});

describe('OAuth 2.0 client credentials', () => {
  it('issues a bearer token for client credentials by Basic or in the form, accepted on its own client only', async () => {
    const byBasic = await token('100', { auth: basic('PORTAL_CLIENT_100', 'Sap#Secret100') });
    expect(byBasic.status).toBe(200);
    expect(byBasic.body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    const byForm = await token('100', { form: { client_id: 'PORTAL_CLIENT_100', client_secret: 'Sap#Secret100' } });
    expect(byForm.status).toBe(200);
    const bearer = `Bearer ${String(byBasic.body.access_token)}`;
    expect((await client.request(`${SO}/A_SalesOrder?$top=1`, { auth: bearer })).status).toBe(200);
    expect((await client.request(`${SO}/A_SalesOrder?$top=1&sap-client=200`, { auth: bearer })).status).toBe(401);
  });

  it('refuses an unknown client, a wrong secret, a tenant without OAuth and another grant', async () => {
    expect((await token('100', { auth: basic('NOBODY', 'x') })).status).toBe(401);
    expect((await token('100', { auth: basic('PORTAL_CLIENT_100', 'wrong') })).body.error).toBe('invalid_client');
    expect((await token('200', { auth: basic('PORTAL_CLIENT_100', 'Sap#Secret100') })).status).toBe(401);
    const grant = await fetch(`${sap.url}${TOKEN_PATH}?sap-client=100`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic('PORTAL_CLIENT_100', 'Sap#Secret100') },
      body: 'grant_type=password',
    });
    expect(grant.status).toBe(400);
  });

  it('expires tokens: the lifetime is settable and an expired token answers 401 until a new one is fetched', async () => {
    sap.control.s4.setTokenLifetime(60);
    const first = await token('100', { auth: basic('PORTAL_CLIENT_100', 'Sap#Secret100') });
    expect(first.body.expires_in).toBe(60);
    sap.control.s4.expireTokens();
    expect((await client.request(`${SO}/A_SalesOrder?$top=1`, { auth: `Bearer ${String(first.body.access_token)}` })).status).toBe(401);
    const second = await token('100', { auth: basic('PORTAL_CLIENT_100', 'Sap#Secret100') });
    expect((await client.request(`${SO}/A_SalesOrder?$top=1`, { auth: `Bearer ${String(second.body.access_token)}` })).status).toBe(200);
  });
});

describe('writes and CSRF', () => {
  it('refuses every write with 403 and X-CSRF-Token: Required, and logs the attempts', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'MERGE', 'DELETE']) {
      const res = await client.request(method === 'POST' ? `${SO}/A_SalesOrder` : `${SO}/A_SalesOrder('5000000001')`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: '{"SalesOrderType":"OR"}',
      });
      expect(res.status, method).toBe(403);
      expect(res.headers.get('x-csrf-token')).toBe('Required');
      expect(res.json.error.message.value).toBe('CSRF token validation failed');
    }
    const writes = sap.control.s4.requests.filter((r) => r.method !== 'GET');
    expect(writes.map((r) => r.method)).toEqual(['POST', 'PUT', 'PATCH', 'MERGE', 'DELETE']);
    expect(writes.every((r) => r.status === 403)).toBe(true);
  });

  it('answers a token on GET with X-CSRF-Token: Fetch, and logs reads without secrets', async () => {
    const res = await client.request(`${SO}/`, { headers: { 'x-csrf-token': 'Fetch' } });
    expect(res.headers.get('x-csrf-token')).toMatch(/^[A-Za-z0-9+/=]{16,}$/);
    const [entry] = sap.control.s4.requests;
    expect(entry).toMatchObject({ method: 'GET', path: `${SO}/`, client: '100', status: 200, headers: { authorization: 'Basic', 'x-csrf-token': 'Fetch' } });
    expect(JSON.stringify(sap.control.s4.requests)).not.toContain('Sap#Demo100');
  });
});

describe('fault drills', () => {
  const path = `${SO}/A_SalesOrder?$top=3`;

  it('429 with Retry-After', async () => {
    sap.control.s4.setFaults({ rate429: 1, retryAfterSeconds: 7 });
    const res = await client.request(path);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.json.error.innererror.transactionid).toMatch(/^[0-9A-F]{32}$/);
  });

  it('503', async () => {
    sap.control.s4.setFaults({ rate503: 1 });
    expect((await client.request(path)).status).toBe(503);
  });

  it('failNext: the next N requests fail, then the service answers again', async () => {
    sap.control.s4.setFaults({ failNext: { status: 502, count: 2 } });
    expect((await client.request(path)).status).toBe(502);
    expect((await client.request(path)).status).toBe(502);
    expect((await client.request(path)).status).toBe(200);
  });

  it('a slow answer outlasts a short client timeout', async () => {
    sap.control.s4.setFaults({ latencyMs: 3_000 });
    await expect(fetch(`${sap.url}${path}`, { headers: { authorization: BASIC_100 }, signal: AbortSignal.timeout(100) })).rejects.toThrow();
  });

  it('a cut connection: the body stops halfway', async () => {
    sap.control.s4.setFaults({ cutConnection: true });
    // Whether the client notices while reading the headers or the body depends on its buffering: either way it fails.
    const read = fetch(`${sap.url}${path}`, { headers: { authorization: BASIC_100 } }).then((res) => res.text());
    await expect(read).rejects.toThrow();
    expect(sap.control.s4.requests.at(-1)!.path).toBe(`${SO}/A_SalesOrder`);
  });

  it('malformed JSON with 200', async () => {
    sap.control.s4.setFaults({ malformedJson: true });
    const res = await client.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it('an HTML logon page with 200', async () => {
    sap.control.s4.setFaults({ htmlLoginPage: true });
    const res = await client.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toContain('Log On');
  });

  it('strict format: Atom is the default, so a client that asks for nothing gets 406', async () => {
    sap.control.s4.setFaults({ strictFormat: true });
    expect((await client.request(path, { headers: { accept: '*/*' } })).status).toBe(406);
    expect((await client.request(`${path}&$format=json`, { headers: { accept: '*/*' } })).status).toBe(200);
  });

  it('data changing between pages: a served document changes and comes again at the end', async () => {
    sap.control.s4.setFaults({ changeBetweenPages: true });
    const { rows, pages } = await client.readAll(
      `${BILLING}/A_BillingDocument?$orderby=LastChangeDateTime,BillingDocument&$select=BillingDocument,LastChangeDateTime`,
    );
    const keys = rows.map((r) => r.BillingDocument);
    expect(new Set(keys).size).toBe(40);
    expect(rows.length).toBe(40 + pages.length - 1);
    const firstOfPageOne = pages[0]!.json.d.results[0];
    const again = rows.filter((r) => r.BillingDocument === firstOfPageOne.BillingDocument);
    expect(again).toHaveLength(2);
    expect(dateMs(again[1].LastChangeDateTime)).toBeGreaterThan(dateMs(again[0].LastChangeDateTime));
  });

  it('is driven over HTTP too: /__mock/faults, touch, requests and reset', async () => {
    const set = await fetch(`${sap.url}/__mock/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"rate503":1}' });
    expect(((await set.json()) as { rate503: number }).rate503).toBe(1);
    expect((await client.request(path)).status).toBe(503);
    await fetch(`${sap.url}/__mock/reset`, { method: 'POST' });
    expect((await client.request(path)).status).toBe(200);
    const touched = await fetch(`${sap.url}/__mock/tenants/100/touch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entitySet: 'A_SalesOrder', key: '5000000002' }),
    });
    const { LastChangeDateTime } = (await touched.json()) as { LastChangeDateTime: string };
    const row = await client.request(`${SO}/A_SalesOrder('5000000002')`);
    expect(dateMs(row.json.d.LastChangeDateTime)).toBe(Date.parse(LastChangeDateTime));
    const log = (await (await fetch(`${sap.url}/__mock/requests`)).json()) as { path: string }[];
    expect(log.map((r) => r.path)).toEqual([`${SO}/A_SalesOrder`, `${SO}/A_SalesOrder('5000000002')`]);
  });
});
