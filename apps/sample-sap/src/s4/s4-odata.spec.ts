import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSampleSap, startSampleSap } from '../index';
import { BASIC_200, BILLING, BP, dateMs, PO, s4Client, scaled, SO, SUPPLIER_INVOICE } from './s4-test-client';

let sap: RunningSampleSap;
let client: ReturnType<typeof s4Client>;

beforeAll(async () => {
  sap = await startSampleSap({ docsPerType: 40, defaultPageSize: 7, maxPageSize: 20 });
  client = s4Client(sap.url);
});
afterEach(() => sap.control.s4.reset());
afterAll(async () => sap?.close());

const keysOf = (rows: { SalesOrder: string }[]) => rows.map((r) => r.SalesOrder);

describe('server-driven paging', () => {
  it('caps pages silently and follows __next to the end, neither repeating nor skipping a row', async () => {
    const { rows, pages } = await client.readAll(`${SO}/A_SalesOrder?$format=json`);
    expect(pages.map((p) => p.json.d.results.length)).toEqual([7, 7, 7, 7, 7, 5]);
    expect(pages.at(-1)!.json.d.__next).toBeUndefined();
    expect(pages[0]!.json.d.__next).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/sap\/opu\/odata\/sap\/API_SALES_ORDER_SRV\/A_SalesOrder\?\$format=json&\$skiptoken=\S+$/,
    );
    const keys = keysOf(rows);
    expect(new Set(keys).size).toBe(40);
    expect(keys).toEqual([...keys].sort());
    expect(sap.control.s4.count('100', 'A_SalesOrder')).toBe(40);
  });

  it('answers __count as a string on every page with $inlinecount=allpages, and only then', async () => {
    const { pages } = await client.readAll(`${BILLING}/A_BillingDocument?$inlinecount=allpages&$select=BillingDocument`);
    expect(pages.map((p) => p.json.d.__count)).toEqual(Array(6).fill('40'));
    const plain = await client.request(`${BILLING}/A_BillingDocument?$select=BillingDocument`);
    expect(plain.json.d).not.toHaveProperty('__count');
  });

  it('honours $top up to the maximum page and continues the rest of $top through __next', async () => {
    const small = await client.request(`${SO}/A_SalesOrder?$top=3&$skip=2&$select=SalesOrder`);
    expect(keysOf(small.json.d.results)).toEqual(['5000000003', '5000000004', '5000000005']);
    expect(small.json.d.__next).toBeUndefined();
    const { rows, pages } = await client.readAll(`${SO}/A_SalesOrder?$top=30&$select=SalesOrder`);
    expect(pages.map((p) => p.json.d.results.length)).toEqual([20, 10]);
    expect(new Set(keysOf(rows)).size).toBe(30);
  });

  it('pages an item set to the number of items the headers carry', async () => {
    const { rows } = await client.readAll(`${SO}/A_SalesOrderItem?$select=SalesOrder,SalesOrderItem`);
    const keys = rows.map((r) => `${r.SalesOrder}/${r.SalesOrderItem}`);
    expect(new Set(keys).size).toBe(rows.length);
    expect(rows.length).toBe(sap.control.s4.count('100', 'A_SalesOrderItem'));
    const expanded = await client.readAll(`${SO}/A_SalesOrder?$expand=to_Item`);
    expect(expanded.rows.reduce((n, r) => n + r.to_Item.results.length, 0)).toBe(rows.length);
  });

  it('refuses a skiptoken it did not issue', async () => {
    const res = await client.request(`${SO}/A_SalesOrder?$skiptoken=not-a-token`);
    expect(res.status).toBe(400);
    expect(res.json.error.message.value).toMatch(/skiptoken/);
  });
});

describe('$filter and $orderby', () => {
  const timeOrdered = '$orderby=LastChangeDateTime,SalesOrder&$select=SalesOrder,LastChangeDateTime';

  it('reads changes since a datetimeoffset in (LastChangeDateTime, key) order, with equal timestamps split across pages', async () => {
    const all = (await client.readAll(`${SO}/A_SalesOrder?${timeOrdered}`)).rows;
    // Documents 9 and 10 changed in the same millisecond (the generator's edge case).
    const [a, b] = [all[8]!, all[9]!];
    expect(a.LastChangeDateTime).toBe(b.LastChangeDateTime);
    // From document 3's time the first page ends with document 9 and the next starts with document 10.
    const since = new Date(dateMs(all[2]!.LastChangeDateTime)).toISOString();
    const { rows, pages } = await client.readAll(`${SO}/A_SalesOrder?$filter=LastChangeDateTime ge datetimeoffset'${since}'&${timeOrdered}`);
    expect(keysOf(pages[0]!.json.d.results).at(-1)).toBe(a.SalesOrder);
    expect(keysOf(pages[1]!.json.d.results)[0]).toBe(b.SalesOrder);
    expect(keysOf(rows)).toEqual(keysOf(all.slice(2)));
    const times = rows.map((r) => dateMs(r.LastChangeDateTime));
    expect(times).toEqual([...times].sort((x, y) => x - y));
  });

  it('accepts a datetimeoffset with an offset, and gt excludes the boundary', async () => {
    const all = (await client.readAll(`${SO}/A_SalesOrder?${timeOrdered}`)).rows;
    const t = dateMs(all[19]!.LastChangeDateTime);
    const jakarta = new Date(t + 7 * 3600_000).toISOString().replace('Z', '+07:00');
    const ge = await client.readAll(`${SO}/A_SalesOrder?$filter=${encodeURIComponent(`LastChangeDateTime ge datetimeoffset'${jakarta}'`)}&${timeOrdered}`);
    const gt = await client.readAll(`${SO}/A_SalesOrder?$filter=LastChangeDateTime gt datetimeoffset'${new Date(t).toISOString()}'&${timeOrdered}`);
    expect(ge.rows.length).toBe(21);
    expect(gt.rows.length).toBe(20);
  });

  it('puts a touched document after every other change and serves its new values', async () => {
    const before = await client.request(`${SO}/A_SalesOrder('5000000004')?$expand=to_Item`);
    const touchedAt = sap.control.s4.touch('100', 'A_SalesOrder', '5000000004');
    const since = new Date(touchedAt.getTime() - 1).toISOString();
    const { rows } = await client.readAll(`${SO}/A_SalesOrder?$filter=LastChangeDateTime ge datetimeoffset'${since}'&${timeOrdered}`);
    expect(keysOf(rows)).toEqual(['5000000004']);
    expect(dateMs(rows[0].LastChangeDateTime)).toBe(touchedAt.getTime());
    const after = await client.request(`${SO}/A_SalesOrder('5000000004')?$expand=to_Item`);
    expect(after.json.d.TotalNetAmount).not.toBe(before.json.d.TotalNetAmount);
    const last = (await client.readAll(`${SO}/A_SalesOrder?${timeOrdered}`)).rows.at(-1);
    expect(last.SalesOrder).toBe('5000000004');
  });

  it('combines and/or/parentheses, strings and M decimals', async () => {
    const res = await client.readAll(
      `${BILLING}/A_BillingDocument?$filter=${encodeURIComponent("(BillingDocumentType eq 'G2' or BillingDocumentType eq 'S1') and TotalNetAmount gt 0.5M")}&$select=BillingDocument,BillingDocumentType`,
    );
    expect(res.rows.length).toBeGreaterThan(2);
    expect(new Set(res.rows.map((r) => r.BillingDocumentType))).toEqual(new Set(['G2', 'S1']));
  });

  it('orders by other properties, descending, across pages', async () => {
    const { rows } = await client.readAll(
      `${BILLING}/A_BillingDocument?$orderby=TransactionCurrency desc,BillingDocument&$select=BillingDocument,TransactionCurrency`,
    );
    expect(rows.length).toBe(40);
    expect(rows.map((r) => r.TransactionCurrency)).toEqual(
      rows
        .map((r) => r.TransactionCurrency)
        .sort()
        .reverse(),
    );
    expect(new Set(rows.map((r) => r.BillingDocument)).size).toBe(40);
  });

  it('refuses a datetime literal on a DateTimeOffset, a non-filterable or unknown property, and bad syntax, with the SAP error body', async () => {
    for (const filter of [
      "LastChangeDateTime ge datetime'2026-01-01T00:00:00'",
      "SalesOrder eq '5000000001' and",
      "Nope eq 'x'",
      "LastChangeDateTime ge datetimeoffset'2026-13-45T00:00:00Z'",
    ]) {
      const res = await client.request(`${SO}/A_SalesOrder?$filter=${encodeURIComponent(filter)}`);
      expect(res.status, filter).toBe(400);
      expect(res.json.error.innererror.transactionid).toMatch(/^[0-9A-F]{32}$/);
    }
    const reversed = await client.request(`${SUPPLIER_INVOICE}/A_SupplierInvoice?$filter=IsReversed eq true`);
    expect(reversed.status).toBe(400);
    expect(reversed.json.error.message.value).toMatch(/not filterable/);
    const windowed = await client.readAll(`${SUPPLIER_INVOICE}/A_SupplierInvoice?$filter=PostingDate ge datetime'2026-06-01T00:00:00'`);
    expect(windowed.rows.length).toBeGreaterThan(10);
    expect(windowed.rows.every((r) => dateMs(r.PostingDate) >= Date.UTC(2026, 5, 1))).toBe(true);
  });

  it('answers 500 with KBA 3616518 for $inlinecount on sales orders', async () => {
    const res = await client.request(`${SO}/A_SalesOrder?$inlinecount=allpages&$top=5`);
    expect(res.status).toBe(500);
    expect(res.json.error.message.value).toBe('In the context of Data Services an unknown internal server error occurred');
  });
});

describe('wire format', () => {
  it('writes DateTimeOffset with +0000 in client 100 and without an offset in client 200; dates at midnight UTC; slashes escaped', async () => {
    const current = await client.request(`${SO}/A_SalesOrder?$top=1`);
    const older = await client.request(`${SO}/A_SalesOrder?$top=1&sap-client=200`, { auth: BASIC_200 });
    expect(current.text).toMatch(/"LastChangeDateTime":"\\\/Date\(\d+\+0000\)\\\/"/);
    expect(older.text).toMatch(/"LastChangeDateTime":"\\\/Date\(\d+\)\\\/"/);
    expect(dateMs(current.json.d.results[0].SalesOrderDate) % 86_400_000).toBe(0);
    expect(current.headers.get('dataserviceversion')).toBe('2.0');
  });

  it('writes decimals as strings with the field scale (yen without decimals), and net + tax = gross', async () => {
    const { rows } = await client.readAll(`${BILLING}/A_BillingDocument?$expand=to_Item`);
    for (const r of rows) {
      const scale = r.TransactionCurrency === 'JPY' ? 0 : 3;
      expect(r.TotalNetAmount).toMatch(scale ? /^\d+\.\d{3}$/ : /^\d+$/);
      expect(scaled(r.TotalNetAmount, scale) + scaled(r.TaxAmount, scale)).toBe(scaled(r.TotalGrossAmount, scale));
      const lines = r.to_Item.results.reduce((n: number, i: { NetAmount: string }) => n + scaled(i.NetAmount, scale), 0);
      expect(lines).toBe(scaled(r.TotalNetAmount, scale));
    }
    expect(new Set(rows.map((r) => r.TransactionCurrency))).toEqual(new Set(['IDR', 'USD', 'JPY']));
  });

  it('writes __metadata with etag and __deferred navigations, and expanded ones as results', async () => {
    const res = await client.request(`${SO}/A_SalesOrder('5000000001')`);
    const d = res.json.d;
    expect(d.__metadata.type).toBe('API_SALES_ORDER_SRV.A_SalesOrderType');
    expect(d.__metadata.etag).toMatch(/^W\/"datetimeoffset'\d{4}-\d{2}-\d{2}T\d{2}%3A\d{2}%3A\d{2}\.\d{7}Z'"$/);
    expect(d.to_Item.__deferred.uri).toBe(`${d.__metadata.uri}/to_Item`);
    const items = await client.request(d.to_Item.__deferred.uri);
    expect(items.json.d.results.length).toBeGreaterThan(0);
    const selected = await client.request(`${SO}/A_SalesOrder('5000000001')?$select=SalesOrder,to_Item/Material&$expand=to_Item`);
    expect(Object.keys(selected.json.d).sort()).toEqual(['SalesOrder', '__metadata', 'to_Item']);
    expect(Object.keys(selected.json.d.to_Item.results[0]).sort()).toEqual(['Material', '__metadata']);
  });

  it('serves the V2 service document and 404s unknown services and keys', async () => {
    expect((await client.request(`${SO}/`)).json).toEqual({ d: { EntitySets: ['A_SalesOrder', 'A_SalesOrderItem'] } });
    expect((await client.request(SUPPLIER_INVOICE)).json.d.EntitySets).toContain('A_SupplierInvoiceTax');
    expect((await client.request('/sap/opu/odata/sap/API_NOPE_SRV/')).status).toBe(404);
    expect((await client.request(`${SO}/A_SalesOrder('9999999999')`)).status).toBe(404);
  });

  it('generates the same data for the same seed', async () => {
    const other = await startSampleSap({ docsPerType: 40, defaultPageSize: 7 });
    try {
      const path = `${BILLING}/A_BillingDocument?$expand=to_Item&$top=5`;
      const strip = (t: string) => t.replace(/http:\/\/127\.0\.0\.1:\d+/g, '');
      expect(strip((await s4Client(other.url).request(path)).text)).toBe(strip((await client.request(path)).text));
    } finally {
      await other.close();
    }
  });
});

describe('$metadata per release', () => {
  const entityType = (xml: string, name: string) => new RegExp(`<EntityType Name="${name}"[\\s\\S]*?</EntityType>`).exec(xml)![0];
  const property = (block: string, name: string) => new RegExp(`<Property Name="${name}"[^>]*/>`).exec(block)?.[0];

  it('lacks three fields in client 200, in the metadata and in the data', async () => {
    for (const [sapClient, auth, present] of [
      ['100', undefined, true],
      ['200', BASIC_200, false],
    ] as const) {
      const so = (await client.request(`${SO}/$metadata?sap-client=${sapClient}`, { auth })).text;
      const billing = (await client.request(`${BILLING}/$metadata?sap-client=${sapClient}`, { auth })).text;
      expect(!!property(entityType(so, 'A_SalesOrderItemType'), 'SalesOrderItemText')).toBe(present);
      expect(!!property(entityType(so, 'A_SalesOrderType'), 'PurchaseOrderByCustomer')).toBe(present);
      expect(!!property(entityType(billing, 'A_BillingDocumentType'), 'TotalGrossAmount')).toBe(present);
      const row = (await client.request(`${SO}/A_SalesOrder?$top=1&$expand=to_Item&sap-client=${sapClient}`, { auth })).json.d.results[0];
      expect('PurchaseOrderByCustomer' in row).toBe(present);
      expect('SalesOrderItemText' in row.to_Item.results[0]).toBe(present);
    }
    const refused = await client.request(`${SO}/A_SalesOrder?$select=PurchaseOrderByCustomer&sap-client=200`, { auth: BASIC_200 });
    expect(refused.status).toBe(400);
  });

  it('writes SAP EDMX: TotalGrossAmount without sap:label, units, semantics, associations 1 to *', async () => {
    const billing = (await client.request(`${BILLING}/$metadata`)).text;
    expect(billing).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<edmx:Edmx Version="1.0"/);
    expect(billing).toContain('<edmx:DataServices m:DataServiceVersion="2.0">');
    const header = entityType(billing, 'A_BillingDocumentType');
    expect(property(header, 'TotalGrossAmount')).toBe(
      '<Property Name="TotalGrossAmount" Type="Edm.Decimal" Precision="17" Scale="3" sap:unit="TransactionCurrency"/>',
    );
    expect(property(header, 'TaxAmount')).toContain('sap:label="Tax Amount"');
    expect(property(header, 'TransactionCurrency')).toContain('sap:semantics="currency-code"');
    expect(property(header, 'LastChangeDateTime')).toContain('Type="Edm.DateTimeOffset" Precision="7" ConcurrencyMode="Fixed"');
    expect(property(header, 'BillingDocumentDate')).toContain('sap:display-format="Date"');
    expect(billing).toMatch(/<End Type="API_BILLING_DOCUMENT_SRV.A_BillingDocumentType" Multiplicity="1" Role="FromRole_assoc_[0-9A-F]{32}"\/>/);
    expect(billing).toMatch(/<End Type="API_BILLING_DOCUMENT_SRV.A_BillingDocumentItemType" Multiplicity="\*" Role="ToRole_assoc_[0-9A-F]{32}"\/>/);
    expect(billing).toContain('sap:supported-formats="atom json xlsx"');
    const si = (await client.request(`${SUPPLIER_INVOICE}/$metadata`)).text;
    expect(property(entityType(si, 'A_SupplierInvoiceType'), 'IsReversed')).toContain('sap:filterable="false"');
    expect(entityType(si, 'A_SupplierInvoiceType')).toContain('<Key><PropertyRef Name="SupplierInvoice"/><PropertyRef Name="FiscalYear"/></Key>');
  });
});

describe('generated edge cases', () => {
  it('has billing credit memos, a cancelled invoice with its S1, a JPY document and USD ones', async () => {
    const { rows } = await client.readAll(`${BILLING}/A_BillingDocument`);
    const memo = rows.find((r) => r.BillingDocumentType === 'G2');
    expect(memo.SDDocumentCategory).toBe('O');
    const cancelled = rows.filter((r) => r.BillingDocumentIsCancelled);
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0].BillingDocumentType).toBe('F2');
    const s1 = rows.filter((r) => r.BillingDocumentType === 'S1');
    expect(s1).toHaveLength(1);
    expect(s1[0].CancelledBillingDocument).toBe(cancelled[0].BillingDocument);
    expect(s1[0].TotalNetAmount).toBe(cancelled[0].TotalNetAmount);
    const jpy = rows.filter((r) => r.TransactionCurrency === 'JPY');
    expect(jpy).toHaveLength(1);
    expect(jpy[0].TotalGrossAmount).toMatch(/^\d+$/);
    expect(rows.filter((r) => r.TransactionCurrency === 'USD').length).toBeGreaterThan(1);
  });

  it('reuses a supplier invoice number in two fiscal years and has a supplier credit memo', async () => {
    const { rows } = await client.readAll(`${SUPPLIER_INVOICE}/A_SupplierInvoice?$expand=to_SuplrInvcItemPurOrdRef,to_SupplierInvoiceTax`);
    const byNumber = new Map<string, { SupplierInvoice: string; FiscalYear: string }[]>();
    for (const r of rows) byNumber.set(r.SupplierInvoice, [...(byNumber.get(r.SupplierInvoice) ?? []), r]);
    const reused = [...byNumber.values()].filter((group) => group.length > 1);
    expect(reused).toHaveLength(1);
    expect(reused[0]!.map((r) => r.FiscalYear).sort()).toEqual(['2025', '2026']);
    const { SupplierInvoice: number, FiscalYear: year } = reused[0]![0]!;
    const one = await client.request(`${SUPPLIER_INVOICE}/A_SupplierInvoice(SupplierInvoice='${number}',FiscalYear='${year}')`);
    expect(one.json.d.FiscalYear).toBe(year);
    expect(rows.filter((r) => r.SupplierInvoiceIsCreditMemo === 'X')).toHaveLength(1);
    for (const r of rows) {
      const items = r.to_SuplrInvcItemPurOrdRef.results.reduce(
        (n: number, i: { SupplierInvoiceItemAmount: string }) => n + scaled(i.SupplierInvoiceItemAmount),
        0,
      );
      const taxes = r.to_SupplierInvoiceTax.results.reduce((n: number, t: { TaxAmount: string }) => n + scaled(t.TaxAmount), 0);
      const scale = r.DocumentCurrency === 'JPY' ? 0 : 3;
      expect(scaled(r.InvoiceGrossAmount, scale), r.SupplierInvoice).toBe(scale ? items + taxes : (items + taxes) / 1000);
    }
  });

  it('prices a purchase order item per 100 units', async () => {
    const { rows } = await client.readAll(`${PO}/A_PurchaseOrderItem?$filter=NetPriceQuantity eq 100M`);
    expect(rows).toHaveLength(1);
    expect(rows[0].NetPriceQuantity).toBe('100');
    expect(rows[0].OrderPriceUnit).toBe('PC');
    const returns = await client.readAll(`${PO}/A_PurchaseOrderItem?$filter=IsReturnsItem eq true`);
    const deleted = await client.readAll(`${PO}/A_PurchaseOrderItem?$filter=PurchasingDocumentDeletionCode eq 'L'`);
    expect([returns.rows.length, deleted.rows.length]).toEqual([1, 1]);
  });

  it('names every document party in API_BUSINESS_PARTNER, unicode names intact', async () => {
    const customers = (await client.readAll(`${BP}/A_Customer`)).rows;
    const names = customers.map((c) => c.CustomerName);
    for (const n of ['Toko Sembako Ñusantara', 'Ümit Jaya', 'Warung Bu Siti 🍜', '株式会社 Sakura']) expect(names).toContain(n);
    const known = new Set(customers.map((c) => c.Customer));
    const billing = (await client.readAll(`${BILLING}/A_BillingDocument?$select=SoldToParty`)).rows;
    expect(billing.every((r) => known.has(r.SoldToParty))).toBe(true);
    const suppliers = new Set((await client.readAll(`${BP}/A_Supplier`)).rows.map((s) => s.Supplier));
    const pos = (await client.readAll(`${PO}/A_PurchaseOrder?$select=Supplier`)).rows;
    expect(pos.every((r) => suppliers.has(r.Supplier))).toBe(true);
    const sakura = await client.request(`${BP}/A_Customer?$filter=${encodeURIComponent("CustomerName eq '株式会社 Sakura'")}`);
    expect(sakura.json.d.results).toHaveLength(1);
  });

  it('has two changes within one second', async () => {
    const { rows } = await client.readAll(`${PO}/A_PurchaseOrder?$orderby=LastChangeDateTime&$select=PurchaseOrder,LastChangeDateTime`);
    const ms = rows.map((r) => dateMs(r.LastChangeDateTime));
    const sameSecond = ms.some((t, n) => n > 0 && t !== ms[n - 1] && Math.floor(t / 1000) === Math.floor(ms[n - 1]! / 1000));
    expect(sameSecond).toBe(true);
  });
});

describe('scale', () => {
  // Sorting 200,000 generated keys takes seconds on a busy 2-core machine: more than vitest's 5 s default.
  it('serves 200,000 documents per type lazily and resumes in the middle by skiptoken', { timeout: 120_000 }, async () => {
    const big = await startSampleSap({ docsPerType: 200_000 });
    try {
      const c = s4Client(big.url);
      const first = await c.request(
        `${SO}/A_SalesOrder?$filter=LastChangeDateTime ge datetimeoffset'2026-11-01T00:00:00Z'&$orderby=LastChangeDateTime,SalesOrder&$select=SalesOrder,LastChangeDateTime`,
      );
      expect(first.json.d.results).toHaveLength(1000);
      expect(dateMs(first.json.d.results[0].LastChangeDateTime)).toBeGreaterThanOrEqual(Date.UTC(2026, 10, 1));
      const second = await c.request(first.json.d.__next);
      expect(Number(second.json.d.results[0].SalesOrder)).toBe(Number(first.json.d.results[999].SalesOrder) + 1);
      expect(big.control.s4.count('100', 'A_BillingDocument')).toBe(200_000);
      // In key order too (no $orderby), a document touched early in the keys is among the recent changes.
      const touched = big.control.s4.touch('100', 'A_SalesOrder', '5000000003');
      const recent = await c.readAll(
        `${SO}/A_SalesOrder?$filter=LastChangeDateTime ge datetimeoffset'2026-11-27T00:00:00Z'&$select=SalesOrder,LastChangeDateTime`,
      );
      const keys = recent.rows.map((r) => r.SalesOrder);
      expect(keys[0]).toBe('5000000003');
      expect(keys).toEqual([...keys].sort());
      expect(dateMs(recent.rows[0].LastChangeDateTime)).toBe(touched.getTime());
      expect(recent.rows.slice(1).every((r) => dateMs(r.LastChangeDateTime) >= Date.UTC(2026, 10, 27))).toBe(true);
    } finally {
      await big.close();
    }
  });
});
