import type { DocumentType, S4Connection } from '@portal/contracts';
import { type RunningSampleSap, startSampleSap } from '@portal/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../connector-error';
import { FROM_START, type PullCursor } from '../../source-connector';
import { v2Instant } from '../odata/v2-values';
import type { SapSettings } from '../sap-settings';
import { S4Connector } from './s4-connector';
import { keyOf, S4_SERVICES } from './s4-services';

// Contract tests against the real peer: the sample SAP's S/4HANA (apps/sample-sap, facts in docs/product/sap-contract.md).

const BASIC_100 = { type: 'BASIC', username: 'PORTAL_COMM_100', password: 'Sap#Demo100' } as const;
const BASIC_200 = { type: 'BASIC', username: 'PORTAL_COMM_200', password: 'Sap#Demo200' } as const;
const SECRETS = ['Sap#Demo100', 'Sap#Demo200', 'Sap#Secret100', 'wrong-password'];
const TYPES = Object.keys(S4_SERVICES) as DocumentType[];

let sap: RunningSampleSap;
const settings = (over: Partial<SapSettings> = {}): SapSettings => ({
  outbound: { allowPrivate: true },
  timeoutMs: 5_000,
  purchaseInvoiceWindowDays: 7,
  ...over,
});
const connection = (over: Partial<S4Connection> = {}): S4Connection => ({ product: 'S4HANA', baseUrl: sap.url, sapClient: '100', auth: BASIC_100, ...over });
const connector = (over: Partial<S4Connection> = {}, s: Partial<SapSettings> = {}) => new S4Connector(connection(over), settings(s));

const faults = (f: Parameters<RunningSampleSap['control']['s4']['setFaults']>[0]) => sap.control.s4.setFaults(f);
const log = () => sap.control.s4.requests;

type Rec = Record<string, unknown>;

/** Every page of one pull, the records and the cursor to store at the end. */
async function pullAll(c: S4Connector, type: DocumentType, from: PullCursor = FROM_START, pageSize = 1000) {
  const records: Rec[] = [];
  let pages = 0;
  let last = from;
  for await (const page of c.pull(type, from, { pageSize })) {
    records.push(...(page.records as Rec[]));
    last = page.next;
    pages++;
  }
  return { records, pages, cursor: last };
}

/** What the sample holds, read in one plain request (keys and change instants), to compare pulls with. */
async function reference(type: DocumentType, client = '100', auth = BASIC_100) {
  const s = S4_SERVICES[type];
  const url = new URL(`/sap/opu/odata/sap/${s.service}/${s.entitySet}`, sap.url);
  url.search = new URLSearchParams({ $format: 'json', $top: '5000', 'sap-client': client }).toString();
  const res = await fetch(url, { headers: { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` } });
  const body = (await res.json()) as { d: { results: Rec[]; __next?: string } };
  expect(body.d.__next).toBeUndefined();
  return body.d.results.map((r) => ({ key: keyOf(s, r)!, at: (r.LastChangeDateTime as string | undefined) ?? null }));
}

const keysOf = (type: DocumentType, records: Rec[]) => records.map((r) => keyOf(S4_SERVICES[type], r));
const sorted = (xs: (string | null)[]) => [...xs].sort();

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  const e = err as ConnectorError;
  for (const secret of SECRETS) expect(e.message).not.toContain(secret);
  return e;
}
const firstPage = (c: S4Connector, type: DocumentType = 'SALES_ORDER') => c.pull(type, FROM_START, { pageSize: 5 }).next();

beforeAll(async () => {
  sap = await startSampleSap({ port: 0 });
});
afterAll(async () => {
  await sap.close();
});
afterEach(() => {
  sap.control.s4.reset();
});

describe('S/4HANA connector against the sample SAP: pulling', () => {
  it.each(TYPES)('a full pull of %s equals what the sample holds, each document once, with its items expanded', async (type) => {
    const { records } = await pullAll(connector(), type);
    const ref = await reference(type);
    expect(ref.length).toBeGreaterThan(0);
    expect(sorted(keysOf(type, records))).toEqual(sorted(ref.map((r) => r.key)));
    const nav = S4_SERVICES[type].itemNav;
    for (const r of records) {
      expect(r.__metadata).toBeUndefined();
      expect(Array.isArray((r[nav] as { results?: unknown } | undefined)?.results)).toBe(true);
    }
  });

  it('follows __next to the end with a small $top, and with a page size above what the server serves', async () => {
    const ref = await reference('SALES_ORDER');
    const small = await pullAll(connector(), 'SALES_ORDER', FROM_START, 7);
    expect(small.pages).toBeGreaterThanOrEqual(Math.ceil(ref.length / 7));
    expect(sorted(keysOf('SALES_ORDER', small.records))).toEqual(sorted(ref.map((r) => r.key)));

    const capped = await startSampleSap({ port: 0, maxPageSize: 6, defaultPageSize: 6 });
    try {
      const c = new S4Connector({ ...connection(), baseUrl: capped.url }, settings());
      const all = await pullAll(c, 'PURCHASE_ORDER', FROM_START, 5000);
      expect(all.pages).toBeGreaterThanOrEqual(Math.ceil(ref.length / 6));
      expect(new Set(keysOf('PURCHASE_ORDER', all.records)).size).toBe(all.records.length);
      expect(all.records.length).toBe((await reference('PURCHASE_ORDER')).length);
    } finally {
      await capped.close();
    }
  });

  it('asks by LastChangeDateTime ge datetimeoffset, ordered by it and the key, expanded, as JSON, never with $inlinecount', async () => {
    const first = await pullAll(connector(), 'SALES_ORDER', FROM_START, 10);
    await pullAll(connector(), 'SALES_ORDER', first.cursor, 10);
    const requests = log().filter((r) => r.path.endsWith('/A_SalesOrder'));
    expect(requests.length).toBeGreaterThan(1);
    for (const r of requests) {
      expect(r.query.$inlinecount).toBeUndefined();
      expect(r.query['sap-client']).toBe('100');
    }
    const delta = requests.find((r) => r.query.$filter);
    expect(delta?.query.$filter).toMatch(/^LastChangeDateTime ge datetimeoffset'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z'$/);
    expect(delta?.query.$orderby).toBe('LastChangeDateTime asc,SalesOrder asc');
    expect(delta?.query.$expand).toBe('to_Item');
    expect(delta?.query.$format).toBe('json');
  });

  it('brings exactly the touched documents on the next delta, and nothing on the one after', async () => {
    const c = connector();
    const full = await pullAll(c, 'SALES_ORDER');
    const ref = await reference('SALES_ORDER');
    sap.control.s4.touch('100', 'A_SalesOrder', ref[3]!.key);
    sap.control.s4.touch('100', 'A_SalesOrder', ref[11]!.key);
    const delta = await pullAll(c, 'SALES_ORDER', full.cursor);
    expect(sorted(keysOf('SALES_ORDER', delta.records))).toEqual(sorted([ref[3]!.key, ref[11]!.key]));
    const again = await pullAll(c, 'SALES_ORDER', delta.cursor);
    expect(again.records).toEqual([]);
    expect(again.cursor.updatedSince).toEqual(delta.cursor.updatedSince);
  });

  it('neither loses nor repeats a document changed at the same millisecond as the watermark', async () => {
    const ref = await reference('SALES_ORDER');
    const at = ref.map((r) => r.at);
    const i = at.findIndex((v, j) => v !== null && at.indexOf(v) !== j);
    expect(i).toBeGreaterThan(0);
    const twin = ref[i]!;
    const first = ref[at.indexOf(twin.at)]!;
    const instant = v2Instant(first.at)!;

    // The last pass ended on the first of the pair: the second is still to come, the first is not taken again.
    const after = await pullAll(connector(), 'SALES_ORDER', { updatedSince: instant, cursor: JSON.stringify({ skip: [first.key] }) });
    const keys = keysOf('SALES_ORDER', after.records);
    expect(keys).toContain(twin.key);
    expect(keys).not.toContain(first.key);

    // Stopping after every page and resuming from the stored cursor (a worker that dies between pages) takes each document exactly once.
    const c = connector();
    let from: PullCursor = FROM_START;
    const taken: (string | null)[] = [];
    for (let guard = 0; guard < 100; guard++) {
      const pages = c.pull('SALES_ORDER', from, { pageSize: 3 });
      const page = await pages.next();
      await pages.return();
      if (page.done || page.value.records.length === 0) break;
      taken.push(...keysOf('SALES_ORDER', page.value.records as Rec[]));
      from = page.value.next;
    }
    expect(sorted(taken)).toEqual(sorted(ref.map((r) => r.key)));
  });

  it('re-reads the trailing PostingDate window for purchase invoices, the whole set on the first pass, keyed by number and fiscal year', async () => {
    const now = new Date();
    const c = connector({}, { now: () => now });
    const full = await pullAll(c, 'PURCHASE_INVOICE');
    const ids = full.records.map((r) => c.sourceIdOf(r));
    expect(ids.every((id) => id !== null && /^\w+\/\d{4}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // The same invoice number in two fiscal years: two documents.
    const numbers = full.records.map((r) => r.SupplierInvoice);
    expect(new Set(numbers).size).toBeLessThan(numbers.length);
    expect(full.cursor.updatedSince).toEqual(now);

    await pullAll(c, 'PURCHASE_INVOICE', full.cursor);
    const windowed = log().filter((r) => r.path.endsWith('/A_SupplierInvoice') && r.query.$filter);
    const from = new Date(now.getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
    expect(windowed[0]?.query.$filter).toBe(`PostingDate ge datetime'${from}T00:00:00'`);
  });

  it('adds customer and supplier names from the business-partner service, unicode intact, in a few batched calls', async () => {
    const c = connector();
    const orders = await pullAll(c, 'SALES_ORDER');
    const names = orders.records.map((r) => r.CustomerName);
    expect(names.every((n) => typeof n === 'string' && n.length > 0)).toBe(true);
    expect(names).toContain('Toko Sembako Ñusantara');
    const pos = await pullAll(c, 'PURCHASE_ORDER');
    expect(pos.records.every((r) => typeof r.SupplierName === 'string')).toBe(true);
    const lookups = log().filter((r) => r.path.includes('API_BUSINESS_PARTNER'));
    expect(lookups.length).toBeLessThanOrEqual(Math.ceil(new Set(orders.records.map((r) => r.SoldToParty)).size / 40) + 2);
    // Cached for the run: a second pull asks no more.
    await pullAll(c, 'SALES_ORDER');
    expect(log().filter((r) => r.path.includes('API_BUSINESS_PARTNER')).length).toBe(lookups.length);
  });

  it('reads the older release of client 200: offset-less change instants move the watermark', async () => {
    const c = connector({ sapClient: '200', auth: BASIC_200 });
    const full = await pullAll(c, 'SALES_ORDER');
    expect(full.records.length).toBeGreaterThan(0);
    expect(full.records.every((r) => /^\/Date\(\d+\)\/$/.test(String(r.LastChangeDateTime)))).toBe(true);
    expect(full.cursor.updatedSince).toEqual(new Date(Math.max(...full.records.map((r) => v2Instant(r.LastChangeDateTime)!.getTime()))));
    const key = keysOf('SALES_ORDER', full.records)[0]!;
    sap.control.s4.touch('200', 'A_SalesOrder', key);
    expect(keysOf('SALES_ORDER', (await pullAll(c, 'SALES_ORDER', full.cursor)).records)).toEqual([key]);
  });

  it('refreshes an expired OAuth token in the middle of a pull, once', async () => {
    const c = connector({
      auth: {
        type: 'OAUTH2_CLIENT_CREDENTIALS',
        tokenUrl: `${sap.url}/sap/bc/sec/oauth2/token?sap-client=100`,
        clientId: 'PORTAL_CLIENT_100',
        clientSecret: 'Sap#Secret100',
      },
    });
    const pages = c.pull('SALES_ORDER', FROM_START, { pageSize: 5 });
    const keys: (string | null)[] = [];
    const first = await pages.next();
    keys.push(...keysOf('SALES_ORDER', (first.value as { records: Rec[] }).records));
    sap.control.s4.expireTokens();
    for await (const page of pages) keys.push(...keysOf('SALES_ORDER', page.records as Rec[]));
    expect(sorted(keys)).toEqual(sorted((await reference('SALES_ORDER')).map((r) => r.key)));
    const tokenCalls = log().filter((r) => r.path.includes('/oauth2/token'));
    expect(tokenCalls.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('keeps the OAuth token until shortly before it expires, then fetches a new one without waiting for a 401', async () => {
    sap.control.s4.setTokenLifetime(600);
    let clock = Date.now();
    const c = connector(
      {
        auth: {
          type: 'OAUTH2_CLIENT_CREDENTIALS',
          tokenUrl: `${sap.url}/sap/bc/sec/oauth2/token?sap-client=100`,
          clientId: 'PORTAL_CLIENT_100',
          clientSecret: 'Sap#Secret100',
        },
      },
      { now: () => new Date(clock) },
    );
    await pullAll(c, 'SALES_ORDER', FROM_START, 10);
    const tokenCalls = () => log().filter((r) => r.path.includes('/oauth2/token')).length;
    expect(tokenCalls()).toBe(1);
    clock += 599_000;
    await pullAll(c, 'PURCHASE_ORDER', FROM_START, 10);
    expect(tokenCalls()).toBe(2);
    expect(log().filter((r) => r.status === 401)).toEqual([]);
  });

  it('never writes: every request in the sample log is a GET, apart from the OAuth token POST', async () => {
    for (const type of TYPES) await pullAll(connector(), type, FROM_START, 9);
    await connector().describe();
    await connector().test();
    const requests = log();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => r.method !== 'GET' && !r.path.includes('/oauth2/token'))).toEqual([]);
  });
});

describe('S/4HANA connector against the sample SAP: faults', () => {
  it('rejected credentials: credentials-rejected with exactly that message, SAP detail kept, no secret in it', async () => {
    const e = await failure(firstPage(connector({ auth: { ...BASIC_100, password: 'wrong-password' } })));
    expect(e.fault).toEqual({ kind: 'credentials-rejected' });
    expect(e.message).toBe('SAP credentials rejected');
    expect(e.sourceError?.transactionId).toMatch(/^[0-9A-F]{32}$/i);
    expect((await failure(firstPage(connector({ sapClient: '300' })))).kind).toBe('credentials-rejected');
    const oauth = await failure(
      firstPage(
        connector({
          auth: {
            type: 'OAUTH2_CLIENT_CREDENTIALS',
            tokenUrl: `${sap.url}/sap/bc/sec/oauth2/token?sap-client=100`,
            clientId: 'PORTAL_CLIENT_100',
            clientSecret: 'wrong-password',
          },
        }),
      ),
    );
    expect(oauth.message).toBe('SAP credentials rejected');
  });

  it('429: rate-limited with Retry-After in ms and SAP code, message and transaction id', async () => {
    faults({ failNext: { status: 429, count: 1 }, retryAfterSeconds: 3 });
    const e = await failure(firstPage(connector()));
    expect(e.fault).toEqual({ kind: 'rate-limited', retryAfterMs: 3000 });
    expect(e.sourceError).toMatchObject({ code: expect.any(String), message: expect.any(String), transactionId: expect.stringMatching(/^[0-9A-F]{32}$/i) });
    expect(e.message).toContain(e.sourceError!.message);
  });

  it('503: unavailable with the status', async () => {
    faults({ failNext: { status: 503, count: 1 } });
    expect((await failure(firstPage(connector()))).fault).toEqual({ kind: 'unavailable', status: 503 });
  });

  it('an answer slower than the timeout: unavailable', async () => {
    faults({ latencyMs: 1_500 });
    expect((await failure(firstPage(connector({}, { timeoutMs: 300 })))).fault).toEqual({ kind: 'unavailable' });
  });

  it('a connection cut halfway through the answer: unavailable', async () => {
    faults({ cutConnection: true });
    expect((await failure(firstPage(connector()))).kind).toBe('unavailable');
  });

  it('malformed JSON and an HTML logon page answered 200: malformed', async () => {
    faults({ malformedJson: true });
    expect((await failure(firstPage(connector()))).kind).toBe('malformed');
    sap.control.s4.reset();
    faults({ htmlLoginPage: true });
    expect((await failure(firstPage(connector()))).kind).toBe('malformed');
  });

  it('documents changing between pages: none lost, no version taken twice', async () => {
    faults({ changeBetweenPages: true });
    const { records } = await pullAll(connector(), 'SALES_ORDER', FROM_START, 5);
    faults({ changeBetweenPages: false });
    const ref = await reference('SALES_ORDER');
    const versions = records.map((r) => `${keyOf(S4_SERVICES.SALES_ORDER, r)}@${String(r.LastChangeDateTime)}`);
    expect(new Set(versions).size).toBe(versions.length);
    const pulledKeys = new Set(keysOf('SALES_ORDER', records));
    expect(ref.every((r) => pulledKeys.has(r.key))).toBe(true);
  });
});

describe('S/4HANA connector against the sample SAP: test and describe', () => {
  it('test: every requested service reachable, with header and item fields and their SAP labels', async () => {
    const report = await connector().test();
    expect(report.ok).toBe(true);
    expect(report.services.map((s) => [s.documentType, s.status])).toEqual(TYPES.map((t) => [t, 'REACHABLE']));
    const so = report.services[0]!;
    expect(so.fields).toContainEqual({ name: 'SalesOrder', label: expect.any(String), edmType: 'Edm.String' });
    expect(so.fields).toContainEqual({ name: 'to_Item/Material', label: expect.any(String), edmType: 'Edm.String' });
    const billing = report.services.find((s) => s.documentType === 'SALES_INVOICE')!;
    expect(billing.fields).toContainEqual({ name: 'TotalGrossAmount', label: null, edmType: 'Edm.Decimal' });
  });

  it('test: refused credentials, an unknown client, a refused OAuth client and an unreachable host are reported, not thrown', async () => {
    const refused = await connector({ auth: { ...BASIC_100, password: 'wrong-password' }, documentTypes: ['SALES_ORDER', 'PURCHASE_ORDER'] }).test();
    expect(refused.ok).toBe(false);
    expect(refused.services.map((s) => s.status)).toEqual(['CREDENTIALS_REFUSED', 'CREDENTIALS_REFUSED']);
    expect(refused.services[0]!.error?.transactionId).toMatch(/^[0-9A-F]{32}$/i);
    const oauth = await connector({
      auth: {
        type: 'OAUTH2_CLIENT_CREDENTIALS',
        tokenUrl: `${sap.url}/sap/bc/sec/oauth2/token?sap-client=100`,
        clientId: 'PORTAL_CLIENT_100',
        clientSecret: 'nope',
      },
    }).test();
    expect(oauth.services.every((s) => s.status === 'CREDENTIALS_REFUSED')).toBe(true);
    const closed = await connector({ baseUrl: 'http://127.0.0.1:9', documentTypes: ['SALES_ORDER'] }).test();
    expect(closed.services[0]).toMatchObject({ status: 'UNREACHABLE', httpStatus: null });
    const unknownClient = await connector({ sapClient: '300', documentTypes: ['SALES_ORDER'] }).test();
    expect(unknownClient.services[0]).toMatchObject({ status: 'CREDENTIALS_REFUSED', httpStatus: 401 });
    const missing = await connector({ baseUrl: `${sap.url}/not-sap`, documentTypes: ['SALES_ORDER'] }).test();
    expect(missing.services[0]).toMatchObject({ status: 'SERVICE_MISSING', httpStatus: 404 });
    faults({ failNext: { status: 503, count: 1 } });
    expect((await connector({ documentTypes: ['SALES_ORDER'] }).test()).services[0]).toMatchObject({ status: 'UNREACHABLE', httpStatus: 503 });
    faults({ htmlLoginPage: true });
    expect((await connector({ documentTypes: ['SALES_ORDER'] }).test()).services[0]!.status).toBe('MALFORMED');
  });

  it('describe: five templates from client 100; client 200 lacks SalesOrderItemText and TotalGrossAmount and says so', async () => {
    const current = await connector().describe();
    expect(current.map((t) => t.documentType)).toEqual(TYPES);
    const older = await connector({ sapClient: '200', auth: BASIC_200 }).describe();
    const so = older.find((t) => t.documentType === 'SALES_ORDER')!;
    expect(so.rules.lines.rules.find((r) => r.target === 'productName')).toBeUndefined();
    expect(so.missing).toContainEqual(expect.stringContaining('productName'));
    const billing = older.find((t) => t.documentType === 'SALES_INVOICE')!;
    expect(billing.rules.header.find((r) => r.target === 'total')?.transforms).toEqual([{ kind: 'sumLines', field: 'amount' }]);
    const currentSo = current.find((t) => t.documentType === 'SALES_ORDER')!;
    expect(currentSo.rules.lines.rules.find((r) => r.target === 'productName')?.source).toBe('$.SalesOrderItemText');
  });
});
