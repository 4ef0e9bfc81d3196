import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSampleSap, startSampleSap } from '../index';

// The sample Service Layer over real HTTP, as any client sees it.
let sap: RunningSampleSap;
const LOGIN = { CompanyDB: 'SBODEMOID', UserName: 'manager', Password: 'B1#Demo1' };

beforeAll(async () => {
  sap = await startSampleSap();
});
afterAll(() => sap.close());
beforeEach(() => sap.control.b1.reset());

async function login(): Promise<string> {
  const res = await fetch(`${sap.url}/b1s/v1/Login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(LOGIN) });
  expect(res.status).toBe(200);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function get(path: string, cookie: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${sap.url}/b1s/v1/${path}`, { headers: { cookie, ...headers } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

type Doc = Record<string, unknown> & { DocEntry: number; DocumentLines: Record<string, unknown>[] };
const values = (body: Record<string, unknown>) => body.value as Doc[];

describe('sample Business One: sessions', () => {
  it('logs in with the demo company and user and sets B1SESSION and ROUTEID', async () => {
    const res = await fetch(`${sap.url}/b1s/v1/Login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(LOGIN) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ Version: '1000190', SessionTimeout: 30 });
    const cookies = res.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('B1SESSION='))).toContain(`B1SESSION=${String(body.SessionId)}; path=/b1s/v1`);
    expect(cookies.find((c) => c.startsWith('ROUTEID='))).toMatch(/; path=\/$/);
  });

  it('refuses a wrong password, another company and a missing body with 401 and the error body', async () => {
    for (const body of [{ ...LOGIN, Password: 'wrong' }, { ...LOGIN, CompanyDB: 'SBODEMOUS' }, {}]) {
      const res = await fetch(`${sap.url}/b1s/v1/Login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: -304, message: { lang: 'en-us', value: 'Login failed' } } });
      expect(res.headers.getSetCookie()).toEqual([]);
    }
  });

  it('answers 401 code 301 without a session, after expireSessions and after Logout', async () => {
    const session301 = { error: { code: 301, message: { lang: 'en-us', value: 'Invalid session or session already timeout.' } } };
    expect((await get('Orders', '')).json()).toEqual(session301);
    let cookie = await login();
    expect((await get('Orders', cookie)).status).toBe(200);
    sap.control.b1.expireSessions();
    const expired = await get('$metadata', cookie);
    expect([expired.status, expired.json()]).toEqual([401, session301]);
    cookie = await login();
    await fetch(`${sap.url}/b1s/v1/Logout`, { method: 'POST', headers: { cookie } });
    expect((await get('Orders', cookie)).status).toBe(401);
  });
});

describe('sample Business One: documents', () => {
  it('serves $metadata as EDMX: EntityType Document with DocumentLines of DocumentLine, six entity sets', async () => {
    const res = await get('$metadata', await login());
    expect(res.headers.get('content-type')).toContain('application/xml');
    expect(res.text).toContain('<EntityType Name="Document">');
    expect(res.text).toContain('<Property Name="DocumentLines" Type="Collection(SAPB1.DocumentLine)"');
    expect(res.text).toContain('<ComplexType Name="DocumentLine">');
    for (const set of ['Orders', 'Returns', 'CreditNotes', 'Invoices', 'PurchaseInvoices', 'PurchaseOrders'])
      expect(res.text).toContain(`<EntitySet Name="${set}" EntityType="SAPB1.Document"/>`);
  });

  it('pages by 20 with odata.nextLink, and the next link brings the rest', async () => {
    const cookie = await login();
    const first = (await get('Orders', cookie)).json();
    expect(values(first)).toHaveLength(20);
    expect(first['odata.nextLink']).toBe('Orders?$skip=20');
    expect(first['odata.metadata']).toBe(`${sap.url}/b1s/v1/$metadata#Orders`);
    const second = (await get(String(first['odata.nextLink']), cookie)).json();
    expect(values(second)).toHaveLength(20);
    expect(second['odata.nextLink']).toBeUndefined();
    expect([...values(first), ...values(second)].map((d) => d.DocEntry)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('honours B1S-PageSize and Prefer: odata.maxpagesize', async () => {
    const cookie = await login();
    expect(values((await get('Invoices', cookie, { 'B1S-PageSize': '7' })).json())).toHaveLength(7);
    const preferred = await get('Invoices', cookie, { Prefer: 'odata.maxpagesize=13' });
    expect(values(preferred.json())).toHaveLength(13);
    expect(preferred.json()['odata.nextLink']).toBe('Invoices?$skip=13');
  });

  it('filters on UpdateDate and UpdateTime with and/or/parentheses, orders, selects, tops and skips', async () => {
    const cookie = await login();
    const all = sap.control.b1.documents('Orders');
    const pivot = [...all].sort((a, b) => `${a.UpdateDate}${a.UpdateTime}`.localeCompare(`${b.UpdateDate}${b.UpdateTime}`))[20]!;
    const byDate = values(
      (
        await get(`Orders?$filter=${encodeURIComponent(`UpdateDate ge '${pivot.UpdateDate}'`)}&$orderby=UpdateDate,UpdateTime,DocEntry`, cookie, {
          'B1S-PageSize': '100',
        })
      ).json(),
    );
    expect(byDate.map((d) => d.DocEntry).sort((a, b) => a - b)).toEqual(
      all
        .filter((d) => d.UpdateDate >= pivot.UpdateDate)
        .map((d) => d.DocEntry)
        .sort((a, b) => a - b),
    );
    const stamps = byDate.map((d) => `${String(d.UpdateDate)}T${String(d.UpdateTime)}`);
    expect(stamps).toEqual([...stamps].sort());

    const keyset = `UpdateDate gt '${pivot.UpdateDate}' or (UpdateDate eq '${pivot.UpdateDate}' and (UpdateTime gt '${pivot.UpdateTime}' or (UpdateTime eq '${pivot.UpdateTime}' and DocEntry gt ${pivot.DocEntry})))`;
    const after = values((await get(`Orders?$filter=${encodeURIComponent(keyset)}&$select=DocEntry,UpdateDate`, cookie, { 'B1S-PageSize': '100' })).json());
    expect(after.length).toBe(all.length - 21);
    expect(Object.keys(after[0]!)).toEqual(['DocEntry', 'UpdateDate']);

    const window = values((await get('Orders?$orderby=DocEntry desc&$top=3&$skip=2', cookie)).json());
    expect(window.map((d) => d.DocEntry)).toEqual([38, 37, 36]);
    const single = (await get('Orders(5)', cookie)).json();
    expect(single.DocEntry).toBe(5);
  });

  it('refuses an unknown property or a broken filter with 400 and code -1, an unknown entity set with 404', async () => {
    const cookie = await login();
    const bad = await get(`Orders?$filter=${encodeURIComponent("Nope eq 'x'")}`, cookie);
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: -1, message: { lang: 'en-us' } } });
    expect((await get(`Orders?$filter=${encodeURIComponent("(UpdateDate ge '2026-11-01'")}`, cookie)).status).toBe(400);
    expect((await get('DeliveryNotesX', cookie)).status).toBe(404);
    sap.control.b1.setFaults({ missingEntitySets: ['CreditNotes'] });
    expect((await get('CreditNotes', cookie)).status).toBe(404);
  });

  it('carries the demo facts: mixed IDR/USD, one JPY, unicode names, a cancelled invoice, credit notes, totals that add up', async () => {
    const b1 = sap.control.b1;
    const everything = (['Orders', 'Returns', 'CreditNotes', 'Invoices', 'PurchaseInvoices', 'PurchaseOrders'] as const).flatMap((s) => b1.documents(s));
    const currencies = everything.map((d) => d.DocCurrency);
    expect(currencies.filter((c) => c === 'JPY')).toHaveLength(1);
    expect(currencies.filter((c) => c === 'USD').length).toBeGreaterThan(3);
    expect(currencies.filter((c) => c === 'IDR').length).toBeGreaterThan(everything.length / 2);
    const names = new Set(everything.map((d) => d.CardName));
    for (const n of ['Toko Sembako Ñusantara', 'Ümit Jaya', 'Warung Bu Siti 🍜', '株式会社 Sakura']) expect(names).toContain(n);
    expect(b1.documents('Invoices').filter((d) => d.Cancelled === 'tYES')).toHaveLength(1);
    expect(b1.documents('CreditNotes')).toHaveLength(40);
    const jpy = everything.find((d) => d.DocCurrency === 'JPY')!;
    expect(Number.isInteger(jpy.DocTotal) && jpy.DocumentLines.every((l) => Number.isInteger(l.LineTotal))).toBe(true);
    for (const d of everything) {
      const lines = d.DocumentLines.reduce((s, l) => s + Math.round(l.LineTotal * 100), 0);
      expect(Math.round(d.DocTotal * 100)).toBe(lines - Math.round(d.TotalDiscount * 100) + Math.round(d.VatSum * 100));
    }
    const [a, b] = [11, 12].map((e) => b1.documents('Orders').find((d) => d.DocEntry === e)!);
    expect([a!.UpdateDate, a!.UpdateTime]).toEqual([b!.UpdateDate, b!.UpdateTime]);
  });

  it('touch stamps a document now, never before the newest change', async () => {
    const b1 = sap.control.b1;
    const stamp = b1.touch('Returns', 3);
    const newest = (['Orders', 'Returns', 'CreditNotes', 'Invoices', 'PurchaseInvoices', 'PurchaseOrders'] as const)
      .flatMap((s) => b1.documents(s))
      .map((d) => `${d.UpdateDate}T${d.UpdateTime}`)
      .sort()
      .at(-1);
    expect(`${stamp.UpdateDate}T${stamp.UpdateTime}`).toBe(newest);
    expect(b1.documents('Returns').find((d) => d.DocEntry === 3)).toMatchObject(stamp);
  });

  it('refuses writes with 403 and logs them', async () => {
    const cookie = await login();
    const res = await fetch(`${sap.url}/b1s/v1/Orders`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(403);
    expect(sap.control.b1.requests.filter((r) => r.method !== 'GET' && r.path !== '/Login')).toEqual([
      expect.objectContaining({ method: 'POST', path: '/Orders', status: 403 }),
    ]);
  });
});

describe('sample Business One: fault drills', () => {
  it('answers 429 with Retry-After, 503, an HTML sign-in page with 200, malformed JSON', async () => {
    const cookie = await login();
    const b1 = sap.control.b1;
    b1.setFaults({ rate429: 1, retryAfterSeconds: 7 });
    const limited = await get('Orders', cookie);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    b1.setFaults({ rate429: 0, rate503: 1 });
    expect((await get('Orders', cookie)).status).toBe(503);
    b1.setFaults({ rate503: 0, htmlLoginPage: true });
    const html = await get('Orders', cookie);
    expect([html.status, html.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    b1.setFaults({ htmlLoginPage: false, malformedJson: true });
    const broken = await get('Orders', cookie);
    expect(broken.status).toBe(200);
    expect(() => broken.json()).toThrow();
  });

  it('cuts the connection mid-answer, and fails the next N requests on demand', async () => {
    const cookie = await login();
    sap.control.b1.setFaults({ cutConnection: true });
    await expect(get('Orders', cookie)).rejects.toThrow();
    sap.control.b1.setFaults({ cutConnection: false, failNext: { status: 502, count: 1 } });
    expect((await get('Orders', cookie)).status).toBe(502);
    expect((await get('Orders', cookie)).status).toBe(200);
  });

  it('changes a document between pages: it moves to the end and $skip paging misses one', async () => {
    const cookie = await login();
    sap.control.b1.setFaults({ changeBetweenPages: true });
    const q = '$orderby=UpdateDate,UpdateTime,DocEntry';
    const first = (await get(`Orders?${q}`, cookie)).json();
    const second = (await get(String(first['odata.nextLink']), cookie)).json();
    const seen = new Set([...values(first), ...values(second)].map((d) => d.DocEntry));
    // The first document of page one was touched and moved behind the $skip; one document slid in front of it.
    expect(seen.size).toBe(39);
  });
});
