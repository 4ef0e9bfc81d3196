import { FROM_START, type GeneratedTemplate, sapConnector } from '@portal/connectors';
import type { CanonicalDocument, DocumentType } from '@portal/contracts';
import { type RunningSampleSap, startSampleSap } from '@portal/testing';
import Big from 'big.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileTemplate } from './index';

// The templates the S/4HANA connector generates from the sample SAP's own metadata, applied by the engine to the
// records it pulls (the generator's rules themselves are tested in packages/connectors/src/sap/s4/generate-templates.spec.ts).

let sap: RunningSampleSap;
const settings = { outbound: { allowPrivate: true }, timeoutMs: 5_000, purchaseInvoiceWindowDays: 7 };
const connector = (client: '100' | '200') =>
  sapConnector(
    {
      product: 'S4HANA',
      baseUrl: sap.url,
      sapClient: client,
      auth: { type: 'BASIC', username: `PORTAL_COMM_${client}`, password: `Sap#Demo${client}` },
    },
    settings,
  );

type Rec = Record<string, unknown>;
interface Mapped {
  record: Rec;
  document: CanonicalDocument;
}

async function consolidate(client: '100' | '200', type: DocumentType): Promise<{ template: GeneratedTemplate; mapped: Mapped[] }> {
  const c = connector(client);
  const template = (await c.describe()).find((t) => t.documentType === type)!;
  const apply = compileTemplate(template.rules);
  const mapped: Mapped[] = [];
  for await (const page of c.pull(type, FROM_START, { pageSize: 1000 })) {
    for (const record of page.records as Rec[]) {
      const result = apply(record);
      if (!result.ok) throw new Error(`${c.sourceIdOf(record)}: ${result.reason}`);
      mapped.push({ record, document: result.document });
    }
  }
  return { template, mapped };
}

const sum = (xs: string[]) => xs.reduce((a, x) => a.plus(x), new Big(0)).toFixed(2);

beforeAll(async () => {
  sap = await startSampleSap({ port: 0 });
});
afterAll(async () => {
  await sap.close();
});

describe('S/4HANA templates applied to the sample SAP records', () => {
  it('sales orders: every record maps; total is the sum of the line net amounts; currency from the document, JPY stays JPY', async () => {
    const { mapped } = await consolidate('100', 'SALES_ORDER');
    expect(mapped.length).toBeGreaterThan(0);
    for (const { record, document } of mapped) {
      expect(document.total).toBe(sum(document.lines.map((l) => l.amount)));
      expect(document.subtotal).toBe(new Big(record.TotalNetAmount as string).toFixed(2));
      expect(document.currency).toBe(record.TransactionCurrency);
      expect(document.partyName).toBe(record.CustomerName);
      expect(document.sourceUpdatedAt).toMatch(/Z$/);
    }
    expect(mapped.map((m) => m.document.currency)).toContain('JPY');
  });

  it('a malformed SAP record fails its template with a reason naming the field and value (the worker quarantines it), the rest still map', async () => {
    const { template, mapped } = await consolidate('100', 'SALES_ORDER');
    const apply = compileTemplate(template.rules);
    const [first, second] = mapped;
    const broken = apply({ ...first!.record, SalesOrderDate: '/Date(not-a-date)/' });
    expect(broken).toMatchObject({ ok: false, code: 'NOT_A_DATETIME', params: { field: 'date', value: '/Date(not-a-date)/' } });
    expect(broken.ok ? '' : broken.reason).toContain('SalesOrderDate');
    const noLines = apply({ ...first!.record, to_Item: { results: [{ Material: '' }] } });
    expect(noLines).toMatchObject({ ok: false, code: 'REQUIRED_EMPTY', params: { line: 1, field: 'productCode' } });
    expect(apply(second!.record).ok).toBe(true);
  });

  it('billing: invoices positive, credit memos and cancellations negative, a cancelled invoice CANCELLED with its amounts, netting to zero with its cancellation', async () => {
    const { mapped } = await consolidate('100', 'SALES_INVOICE');
    const byType = (t: string) => mapped.filter((m) => m.record.BillingDocumentType === t);
    for (const { record, document } of mapped) {
      expect(new Big(document.subtotal).plus(document.tax).toFixed(2)).toBe(document.total);
      expect(new Big(document.total).abs().toFixed(2)).toBe(new Big(record.TotalGrossAmount as string).toFixed(2));
    }
    const memos = byType('G2');
    expect(memos.length).toBeGreaterThan(0);
    for (const { document } of memos) {
      expect(document.status).toBe('CREDIT_MEMO');
      expect(new Big(document.total).lt(0)).toBe(true);
      expect(document.lines.every((l) => new Big(l.amount).lte(0))).toBe(true);
    }
    const cancelled = mapped.find((m) => m.record.BillingDocumentIsCancelled === true)!;
    expect(cancelled.document.status).toBe('CANCELLED');
    expect(new Big(cancelled.document.total).gt(0)).toBe(true);
    const cancellation = byType('S1').find((m) => m.record.CancelledBillingDocument === cancelled.record.BillingDocument)!;
    expect(cancellation.document.status).toBe('CANCELLATION');
    expect(new Big(cancelled.document.total).plus(cancellation.document.total).toFixed(2)).toBe('0.00');
    expect(
      byType('F2')
        .filter((m) => m.record.BillingDocumentIsCancelled === false)
        .every((m) => m.document.status === 'INVOICE'),
    ).toBe(true);
  });

  it('purchase orders: a line priced per 100 units is quantity × price ÷ 100, the header totals are the sum of the lines', async () => {
    const { mapped } = await consolidate('100', 'PURCHASE_ORDER');
    const items = mapped.flatMap((m) => (m.record.to_PurchaseOrderItem as { results: Rec[] }).results.map((item, i) => ({ item, line: m.document.lines[i]! })));
    const per100 = items.find(({ item }) => item.NetPriceQuantity === '100')!;
    expect(per100).toBeDefined();
    const expected = new Big(per100.item.OrderQuantity as string).times(per100.item.NetPriceAmount as string).div(100);
    expect(per100.line.amount).toBe(expected.toFixed(2));
    expect(per100.line.unitPrice).toBe(new Big(per100.item.NetPriceAmount as string).div(100).toFixed(2));
    for (const { document } of mapped) expect(document.total).toBe(sum(document.lines.map((l) => l.amount)));
  });

  it('supplier invoices: keyed by number and fiscal year, a credit memo negative', async () => {
    const { mapped } = await consolidate('100', 'PURCHASE_INVOICE');
    const ids = mapped.map((m) => m.document.sourceId);
    expect(new Set(ids).size).toBe(ids.length);
    const memo = mapped.find((m) => m.record.SupplierInvoiceIsCreditMemo === 'X')!;
    expect(memo.document.status).toBe('CREDIT_MEMO');
    expect(new Big(memo.document.total).lt(0)).toBe(true);
    expect(mapped.filter((m) => m.record.SupplierInvoiceIsCreditMemo !== 'X').every((m) => new Big(m.document.total).gte(0))).toBe(true);
  });

  it('client 200 (older release, offset-less instants): every record maps, with no product name and a billing total from the lines', async () => {
    const orders = await consolidate('200', 'SALES_ORDER');
    expect(orders.mapped.length).toBeGreaterThan(0);
    expect(orders.mapped.every((m) => m.document.lines.every((l) => l.productName === null))).toBe(true);
    const billing = await consolidate('200', 'SALES_INVOICE');
    for (const { document } of billing.mapped) expect(document.total).toBe(sum(document.lines.map((l) => l.amount)));
  });
});
