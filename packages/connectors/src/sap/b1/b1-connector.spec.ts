import type { B1Connection, DocumentType } from '@portal/contracts';
import { type RunningSampleSap, startSampleSap } from '@portal/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectorError } from '../../connector-error';
import { FROM_START, type PullCursor } from '../../source-connector';
import type { SapSettings } from '../sap-settings';
import { B1Connector } from './b1-connector';

// The Business One connector against the real sample Service Layer, started in-process.
let sap: RunningSampleSap;
const SETTINGS: SapSettings = { outbound: { allowPrivate: true }, timeoutMs: 3000, purchaseInvoiceWindowDays: 7 };
type EntitySet = 'Orders' | 'Returns' | 'CreditNotes' | 'Invoices' | 'PurchaseInvoices' | 'PurchaseOrders';
const TYPES: Record<DocumentType, EntitySet[]> = {
  SALES_ORDER: ['Orders'],
  SALES_RETURN: ['Returns', 'CreditNotes'],
  SALES_INVOICE: ['Invoices'],
  PURCHASE_INVOICE: ['PurchaseInvoices'],
  PURCHASE_ORDER: ['PurchaseOrders'],
};

const connection = (over: Partial<B1Connection> = {}): B1Connection => ({
  product: 'BUSINESS_ONE',
  baseUrl: sap.url,
  companyDb: 'SBODEMOID',
  username: 'manager',
  password: 'B1#Demo1',
  ...over,
});
const connector = (over: Partial<B1Connection> = {}, settings: Partial<SapSettings> = {}) => new B1Connector(connection(over), { ...SETTINGS, ...settings });

type Rec = Record<string, unknown> & { DocEntry: number; PortalEntitySet: string };

/** Every page of a pull, with the cursor stored after each. */
async function pullAll(c: B1Connector, type: DocumentType, from: PullCursor, pageSize: number) {
  const pages: { records: Rec[]; next: PullCursor }[] = [];
  for await (const page of c.pull(type, from, { pageSize })) pages.push({ records: page.records as Rec[], next: page.next });
  return { records: pages.flatMap((p) => p.records), last: pages.at(-1)!.next, pages };
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

const ids = (records: Rec[]) => records.map((r) => `${r.PortalEntitySet}:${r.DocEntry}`);
const idsOf = (sets: readonly EntitySet[]) => sets.flatMap((s) => sap.control.b1.documents(s).map((d) => `${s}:${d.DocEntry}`));

beforeAll(async () => {
  sap = await startSampleSap();
});
afterAll(() => sap.close());
beforeEach(() => sap.control.b1.reset());
afterEach(() => {
  vi.useRealTimers();
  // Whatever a test did, the connector never wrote: Login and Logout are its only POSTs.
  expect(sap.control.b1.requests.filter((r) => r.method !== 'GET' && r.path !== '/Login' && r.path !== '/Logout')).toEqual([]);
});

describe('B1Connector.pull', () => {
  it('pulls every document of each type, Returns and CreditNotes together, raw with the entity set added', async () => {
    const c = connector();
    for (const [type, sets] of Object.entries(TYPES) as [DocumentType, EntitySet[]][]) {
      const { records, last } = await pullAll(c, type, FROM_START, 50);
      expect(ids(records).sort()).toEqual(idsOf(sets).sort());
      expect(last.cursor).not.toBeNull();
      expect(last.updatedSince).toBeInstanceOf(Date);
    }
    const { records } = await pullAll(c, 'SALES_RETURN', FROM_START, 50);
    expect(records).toHaveLength(80);
    const credit = records.find((r) => r.PortalEntitySet === 'CreditNotes' && r.DocEntry === 17)!;
    const { 'odata.etag': _etag, PortalEntitySet, ...raw } = credit;
    expect(PortalEntitySet).toBe('CreditNotes');
    expect(raw).toEqual(sap.control.b1.documents('CreditNotes').find((d) => d.DocEntry === 17));
    expect(c.sourceIdOf(credit)).toBe('CreditNotes:17');
  });

  it('follows the server to the end with a small page size: several pages, each a B1S-PageSize request', async () => {
    const { records, pages } = await pullAll(connector(), 'SALES_ORDER', FROM_START, 7);
    expect(records).toHaveLength(40);
    expect(new Set(ids(records)).size).toBe(40);
    const reads = sap.control.b1.requests.filter((r) => r.method === 'GET' && r.path === '/Orders');
    expect(reads).toHaveLength(6);
    expect(reads.every((r) => r.headers['b1s-pagesize'] === '7' && r.status === 200)).toBe(true);
    expect(pages.slice(0, -1).every((p) => p.next.cursor !== null && p.next.updatedSince === null)).toBe(true);
  });

  it('after touch, a delta brings exactly the changed documents; the boundary record is neither lost nor repeated', async () => {
    const c = connector();
    const full = await pullAll(c, 'SALES_RETURN', FROM_START, 15);
    expect(full.records).toHaveLength(80);
    const idle = await pullAll(c, 'SALES_RETURN', full.last, 15);
    expect(idle.records).toEqual([]);
    expect(idle.last).toEqual(full.last);

    sap.control.b1.touch('CreditNotes', 17);
    sap.control.b1.touch('Returns', 17);
    const delta = await pullAll(c, 'SALES_RETURN', full.last, 15);
    expect(ids(delta.records).sort()).toEqual(['CreditNotes:17', 'Returns:17']);
    const filters = sap.control.b1.requests.filter((r) => r.method === 'GET' && r.query.$filter).map((r) => r.query.$filter);
    expect(filters.at(-1)).toMatch(/^UpdateDate ge '\d{4}-\d{2}-\d{2}'$/);
    expect((await pullAll(c, 'SALES_RETURN', delta.last, 15)).records).toEqual([]);
  });

  it('a change in the same second as the watermark is delivered once, and the watermark record is not repeated', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T10:00:00.100Z'));
    const c = connector();
    const full = await pullAll(c, 'SALES_ORDER', FROM_START, 50);
    const stamp = sap.control.b1.touch('Orders', 5);
    const first = await pullAll(c, 'SALES_ORDER', full.last, 50);
    expect(ids(first.records)).toEqual(['Orders:5']);
    vi.setSystemTime(new Date('2026-12-01T10:00:00.900Z'));
    // Same second as the watermark Orders 5 set: a cursor of only a timestamp would lose or repeat one of them.
    expect(sap.control.b1.touch('Orders', 6)).toEqual(stamp);
    const second = await pullAll(c, 'SALES_ORDER', first.last, 50);
    expect(ids(second.records)).toEqual(['Orders:6']);
    expect(second.last.updatedSince).toEqual(new Date('2026-12-01T10:00:00Z'));
  });

  it('takes a watermark stored without a cursor as delivered up to and including its second', async () => {
    const c = connector();
    const docs = sap.control.b1.documents('Orders');
    const pivot = docs.find((d) => d.DocEntry === 20)!;
    const { records } = await pullAll(c, 'SALES_ORDER', { updatedSince: new Date(`${pivot.UpdateDate}T${pivot.UpdateTime}Z`), cursor: null }, 50);
    const expected = docs.filter((d) => `${d.UpdateDate}T${d.UpdateTime}` > `${pivot.UpdateDate}T${pivot.UpdateTime}`).map((d) => `Orders:${d.DocEntry}`);
    expect(ids(records).sort()).toEqual(expected.sort());
  });

  it('resumes from a mid-pass cursor after a crash: Returns then CreditNotes, nothing lost or repeated', async () => {
    const c = connector();
    const before: Rec[] = [];
    let stored: PullCursor = FROM_START;
    const pages = c.pull('SALES_RETURN', FROM_START, { pageSize: 9 });
    // Six pages of nine: all of Returns (40) and the first of CreditNotes; then the worker dies.
    for (let i = 0; i < 6; i++) {
      const page = await pages.next();
      if (page.done) throw new Error('ended early');
      before.push(...(page.value.records as Rec[]));
      stored = page.value.next;
    }
    await pages.return();
    expect(JSON.parse(stored.cursor!)).toMatchObject({ pass: { set: 'CreditNotes', after: { docEntry: expect.any(Number) } } });
    const after = await pullAll(c, 'SALES_RETURN', stored, 9);
    const all = ids([...before, ...after.records]);
    expect(all.sort()).toEqual(idsOf(['Returns', 'CreditNotes']).sort());
  });

  it('resumes between two documents changed in the same second', async () => {
    const c = connector();
    const ordered = sap.control.b1
      .documents('Orders')
      .sort((a, b) =>
        `${a.UpdateDate}${a.UpdateTime}${String(a.DocEntry).padStart(5)}`.localeCompare(`${b.UpdateDate}${b.UpdateTime}${String(b.DocEntry).padStart(5)}`),
      );
    const at = ordered.findIndex((d) => d.DocEntry === 11);
    expect(ordered[at + 1]!.DocEntry).toBe(12);
    const pages = c.pull('SALES_ORDER', FROM_START, { pageSize: at + 1 });
    const first = await pages.next();
    await pages.return();
    if (first.done) throw new Error('no page');
    expect((first.value.records as Rec[]).at(-1)!.DocEntry).toBe(11);
    const rest = await pullAll(c, 'SALES_ORDER', first.value.next, at + 1);
    expect(ids(rest.records)[0]).toBe('Orders:12');
    expect(ids([...(first.value.records as Rec[]), ...rest.records]).sort()).toEqual(idsOf(['Orders']).sort());
  });

  it('loses nothing when documents change between pages (a $skip client would miss one)', async () => {
    sap.control.b1.setFaults({ changeBetweenPages: true });
    const { records } = await pullAll(connector(), 'SALES_ORDER', FROM_START, 10);
    expect(new Set(ids(records))).toEqual(new Set(idsOf(['Orders'])));
  });

  it('logs in again when the session expires mid-pull', async () => {
    const pages = connector().pull('SALES_ORDER', FROM_START, { pageSize: 10 });
    const records: Rec[] = [];
    const first = await pages.next();
    records.push(...((first.value as { records: Rec[] }).records ?? []));
    sap.control.b1.expireSessions();
    for (let p = await pages.next(); !p.done; p = await pages.next()) records.push(...(p.value.records as Rec[]));
    expect(records).toHaveLength(40);
    const log = sap.control.b1.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(log.filter((l) => l === 'POST /Login 200')).toHaveLength(2);
    expect(log).toContain('GET /Orders 401');
  });

  it('a 401 that persists after logging in again is credentials-rejected, with SAP’s error kept', async () => {
    const pages = connector().pull('PURCHASE_ORDER', FROM_START, { pageSize: 10 });
    await pages.next();
    // One 401: a fresh login and the same read again.
    sap.control.b1.setFaults({ failNext: { status: 401, count: 1 } });
    expect((await pages.next()).value?.records).toHaveLength(10);
    // The read answers 401 and so does the login after it.
    sap.control.b1.setFaults({ failNext: { status: 401, count: 2 } });
    const err = await failure(pages.next());
    expect(err.fault).toEqual({ kind: 'credentials-rejected' });
    expect(err.message).toBe('SAP credentials rejected');
    expect(err.sourceError).toEqual({ code: '-1', message: 'Injected failure 401', transactionId: null });
  });

  it('a wrong password is credentials-rejected, with the Service Layer’s code and message', async () => {
    const err = await failure(pullAll(connector({ password: 'wrong' }), 'SALES_ORDER', FROM_START, 10));
    expect(err.fault).toEqual({ kind: 'credentials-rejected' });
    expect(err.sourceError).toEqual({ code: '-304', message: 'Login failed', transactionId: null });
    expect((await failure(connector({ companyDb: 'SBODEMOUS' }).describe())).kind).toBe('credentials-rejected');
  });

  it('maps each fault drill to its ConnectorError kind', async () => {
    const c = connector();
    const pull = () => pullAll(c, 'SALES_ORDER', FROM_START, 10);
    sap.control.b1.setFaults({ rate429: 1, retryAfterSeconds: 7 });
    const limited = await failure(pull());
    expect(limited.fault).toEqual({ kind: 'rate-limited', retryAfterMs: 7000 });
    expect(limited.sourceError).toEqual({ code: '-1', message: 'Too many requests', transactionId: null });
    sap.control.b1.reset();
    sap.control.b1.setFaults({ rate503: 1 });
    expect((await failure(pull())).fault).toEqual({ kind: 'unavailable', status: 503 });
    sap.control.b1.reset();
    sap.control.b1.setFaults({ cutConnection: true });
    expect((await failure(pull())).fault).toEqual({ kind: 'unavailable' });
    sap.control.b1.reset();
    sap.control.b1.setFaults({ malformedJson: true });
    expect((await failure(pull())).fault).toEqual({ kind: 'malformed' });
    sap.control.b1.reset();
    sap.control.b1.setFaults({ htmlLoginPage: true });
    expect((await failure(pull())).fault).toEqual({ kind: 'malformed' });
    expect((await failure(c.describe())).fault).toEqual({ kind: 'malformed' });
    sap.control.b1.reset();
    sap.control.b1.setFaults({ latencyMs: 400 });
    expect((await failure(pullAll(connector({}, { timeoutMs: 100 }), 'SALES_ORDER', FROM_START, 10))).fault).toEqual({ kind: 'unavailable' });
    sap.control.b1.reset();
    const login = sap.control.b1.requests.length;
    sap.control.b1.setFaults({ failNext: { status: 502, count: 1 } });
    expect((await failure(pull())).fault).toEqual({ kind: 'unavailable', status: 502 });
    expect(sap.control.b1.requests.length).toBeGreaterThan(login);
  });

  it('answers unavailable when nothing listens', async () => {
    const err = await failure(connector({ baseUrl: 'http://127.0.0.1:1' }).describe());
    expect(err.fault).toEqual({ kind: 'unavailable' });
  });
});

describe('B1Connector.describe: templates from $metadata', () => {
  it('maps only what $metadata declares and lists the rest as unmapped', async () => {
    const [orders] = await connector({ documentTypes: ['SALES_ORDER'] }).describe();
    expect(orders!.unmappedFields).toEqual(
      expect.arrayContaining(['Comments', 'NumAtCard', 'DocRate', 'DocumentLines/DiscountPercent', 'DocumentLines/UnitPrice', 'DocumentLines/WarehouseCode']),
    );
    expect(orders!.unmappedFields).not.toContain('DocTotal');
    // Business One's metadata has no labels: paths show alone in the editor.
    expect(orders!.fieldLabels).toEqual({ header: {}, lines: {} });
    expect(orders!.missing.some((m) => m.startsWith('subtotal:'))).toBe(true);
    expect(orders!.rules.header.find((r) => r.target === 'sourceId')).toEqual({
      target: 'sourceId',
      sources: ['$.PortalEntitySet', '$.DocEntry'],
      transforms: [{ kind: 'concat', separator: ':' }],
      required: true,
    });
    // Orders are never credits: no negation in their template.
    expect(JSON.stringify(orders!.rules)).not.toContain('negateWhen');
  });
});

describe('B1Connector.test', () => {
  it('reports every requested entity set reachable with the fields of $metadata', async () => {
    const report = await connector().test();
    expect(report.ok).toBe(true);
    expect(report.services.map((s) => [s.documentType, s.entitySet, s.status])).toEqual([
      ['SALES_ORDER', 'Orders', 'REACHABLE'],
      ['SALES_RETURN', 'Returns', 'REACHABLE'],
      ['SALES_RETURN', 'CreditNotes', 'REACHABLE'],
      ['SALES_INVOICE', 'Invoices', 'REACHABLE'],
      ['PURCHASE_INVOICE', 'PurchaseInvoices', 'REACHABLE'],
      ['PURCHASE_ORDER', 'PurchaseOrders', 'REACHABLE'],
    ]);
    expect(report.services[0]!.fields).toEqual(
      expect.arrayContaining([
        { name: 'DocEntry', label: null, edmType: 'Edm.Int32' },
        { name: 'DocumentLines/ItemCode', label: null, edmType: 'Edm.String' },
      ]),
    );
    const reads = sap.control.b1.requests.filter((r) => r.method === 'GET' && r.path !== '/$metadata');
    expect(reads.every((r) => r.query.$top === '1')).toBe(true);
  });

  it('reads only the requested types', async () => {
    const report = await connector({ documentTypes: ['PURCHASE_ORDER'] }).test();
    expect(report.services.map((s) => s.entitySet)).toEqual(['PurchaseOrders']);
  });

  it('reports refused credentials on every service, a missing set, an unreachable host and a malformed answer', async () => {
    const refused = await connector({ password: 'nope', documentTypes: ['SALES_ORDER', 'SALES_RETURN'] }).test();
    expect(refused.ok).toBe(false);
    expect(refused.services.map((s) => s.status)).toEqual(['CREDENTIALS_REFUSED', 'CREDENTIALS_REFUSED', 'CREDENTIALS_REFUSED']);
    expect(refused.services[0]!.error).toEqual({ code: '-304', message: 'Login failed', transactionId: null });

    sap.control.b1.setFaults({ missingEntitySets: ['CreditNotes'] });
    const missing = await connector({ documentTypes: ['SALES_RETURN'] }).test();
    expect([missing.ok, missing.services.map((s) => [s.entitySet, s.status, s.httpStatus])]).toEqual([
      false,
      [
        ['Returns', 'REACHABLE', null],
        ['CreditNotes', 'SERVICE_MISSING', 404],
      ],
    ]);

    const down = await connector({ baseUrl: 'http://127.0.0.1:1', documentTypes: ['SALES_ORDER'] }).test();
    expect(down.services.map((s) => s.status)).toEqual(['UNREACHABLE']);

    sap.control.b1.setFaults({ htmlLoginPage: true });
    const html = await connector({ documentTypes: ['SALES_ORDER'] }).test();
    expect(html.services.map((s) => s.status)).toEqual(['MALFORMED']);
  });
});
