import { FROM_START, type PullCursor, sapConnector } from '@portal/connectors';
import { type B1Connection, canonicalDocument, type CanonicalDocument, type DocumentType, editableTemplateRules } from '@portal/contracts';
import { type RunningSampleSap, startSampleSap } from '@portal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileTemplate } from './index';

// The templates the Business One connector generates from the sample Service Layer's $metadata, applied by the
// engine to the records it pulls (the connector's paging and sessions are tested in packages/connectors/src/sap/b1).
let sap: RunningSampleSap;
const SETS = ['Orders', 'Returns', 'CreditNotes', 'Invoices', 'PurchaseInvoices', 'PurchaseOrders'] as const;
const connection: () => B1Connection = () => ({ product: 'BUSINESS_ONE', baseUrl: sap.url, companyDb: 'SBODEMOID', username: 'manager', password: 'B1#Demo1' });
const connector = () => sapConnector(connection(), { outbound: { allowPrivate: true }, timeoutMs: 5_000, purchaseInvoiceWindowDays: 7 });

async function pullAll(c: ReturnType<typeof connector>, type: DocumentType, from: PullCursor, pageSize: number) {
  const records: unknown[] = [];
  for await (const page of c.pull(type, from, { pageSize })) records.push(...page.records);
  return { records };
}

beforeAll(async () => {
  sap = await startSampleSap();
});
afterAll(() => sap.close());

describe('Business One templates applied to the sample Service Layer', () => {
  // Cents as integers: exact for these amounts, no float sums.
  const cents = (v: string | number) => Math.round(Number(v) * 100) + 0;

  it('turns every sample document into a valid canonical document with correct totals and signs', async () => {
    const c = connector();
    const templates = await c.describe();
    expect(templates.map((t) => [t.documentType, t.sourceModel])).toEqual([
      ['SALES_ORDER', 'Orders'],
      ['SALES_RETURN', 'Returns+CreditNotes'],
      ['SALES_INVOICE', 'Invoices'],
      ['PURCHASE_INVOICE', 'PurchaseInvoices'],
      ['PURCHASE_ORDER', 'PurchaseOrders'],
    ]);
    const byId = new Map<string, CanonicalDocument>();
    for (const t of templates) {
      // A user can open the generated template in the editor and save it unchanged.
      expect(editableTemplateRules.safeParse(t.rules).error).toBeUndefined();
      const apply = compileTemplate(t.rules);
      const { records } = await pullAll(c, t.documentType, FROM_START, 50);
      for (const r of records) {
        const result = apply(r);
        if (!result.ok) throw new Error(`${c.sourceIdOf(r)}: ${result.reason}`);
        byId.set(result.document.sourceId, canonicalDocument.parse(result.document));
      }
    }
    expect(byId.size).toBe(6 * 40);
    for (const set of SETS) {
      // Credit notes negated; `+ 0` because a negated zero is -0.
      const signed = (n: number) => (set === 'CreditNotes' ? -n : n) + 0;
      for (const d of sap.control.b1.documents(set)) {
        const doc = byId.get(`${set}:${d.DocEntry}`)!;
        expect(doc).toMatchObject({
          number: String(d.DocNum),
          date: d.DocDate,
          partyCode: d.CardCode,
          partyName: d.CardName,
          currency: d.DocCurrency,
          sourceUpdatedAt: `${d.UpdateDate}T${d.UpdateTime}.000Z`,
          salesmanCode: d.SalesPersonCode === -1 ? null : String(d.SalesPersonCode),
        });
        expect(cents(doc.total)).toBe(signed(cents(d.DocTotal)));
        expect(cents(doc.tax)).toBe(signed(cents(d.VatSum)));
        expect(cents(doc.discount)).toBe(signed(cents(d.TotalDiscount)));
        expect(cents(doc.subtotal)).toBe(signed(d.DocumentLines.reduce((s, l) => s + cents(l.LineTotal), 0)));
        // subtotal − discount + tax = total, for credits too (all of them negated).
        expect(cents(doc.subtotal) - cents(doc.discount) + cents(doc.tax)).toBe(cents(doc.total));
        expect(doc.lines).toHaveLength(d.DocumentLines.length);
        doc.lines.forEach((l, i) => {
          const src = d.DocumentLines[i]!;
          expect(l).toMatchObject({ productCode: src.ItemCode, productName: src.ItemDescription, unit: src.UoMCode });
          expect(cents(l.amount)).toBe(signed(cents(src.LineTotal)));
          expect(cents(l.tax)).toBe(signed(cents(src.TaxTotal)));
          expect(Number(l.quantityBase)).toBe(src.Quantity * src.UnitsOfMeasurment);
          expect(cents(l.unitPrice) * Number(l.quantity)).toBe(Math.abs(cents(l.amount)));
        });
      }
    }
    const statuses = [...byId.values()].map((d) => d.status);
    expect(statuses.filter((s) => s === 'CANCELLED')).toHaveLength(1);
    expect(byId.get('Invoices:4')!.status).toBe('CANCELLED');
    expect(new Set(statuses)).toEqual(new Set(['OPEN', 'CLOSED', 'CANCELLED']));
    expect(byId.get('Invoices:9')).toMatchObject({ currency: 'JPY' });
    expect([...byId.values()].filter((d) => d.sourceId.startsWith('CreditNotes:')).every((d) => cents(d.total) < 0)).toBe(true);
    expect([...byId.values()].filter((d) => d.sourceId.startsWith('Returns:')).every((d) => cents(d.total) > 0)).toBe(true);
  });
});
