import { amount, bool, currency, date, type EntitySetDef, key, quantity, str, time, timestamp, uom } from '../edm';
import { type Family, numbered, type ServiceDef } from '../family';
import { changeTime, CUSTOMERS, currencyOf, DAY_MS, EDGE, type GenContext, itemNo, lines, midnight, money, partyOf, qty, rng, sum } from '../seed';

const header: EntitySetDef = {
  set: 'A_BillingDocument',
  typeName: 'A_BillingDocumentType',
  label: 'Billing Document Header',
  properties: [
    key('BillingDocument', 10, 'Billing Document'),
    str('SDDocumentCategory', 4, 'Document Category', { displayFormat: 'UpperCase', quickinfo: 'SD Document Category' }),
    str('BillingDocumentCategory', 1, 'Billing Category', { displayFormat: 'UpperCase' }),
    str('BillingDocumentType', 4, 'Billing Type', { displayFormat: 'UpperCase' }),
    date('CreationDate', 'Created On'),
    time('CreationTime', 'Time'),
    date('LastChangeDate', 'Changed On'),
    timestamp('LastChangeDateTime', 'Time Stamp', { concurrency: true }),
    str('SalesOrganization', 4, 'Sales Organization', { displayFormat: 'UpperCase' }),
    str('DistributionChannel', 2, 'Distribution Channel', { displayFormat: 'UpperCase' }),
    str('Division', 2, 'Division', { displayFormat: 'UpperCase' }),
    date('BillingDocumentDate', 'Billing Date', { quickinfo: 'Billing Date for Billing Index and Printout' }),
    bool('BillingDocumentIsCancelled', 'Billing Doc. Is Cancelled', { quickinfo: 'Billing document is cancelled' }),
    str('CancelledBillingDocument', 10, 'Cancelled Bill. Doc.', { displayFormat: 'UpperCase', quickinfo: 'Cancelled Billing Document' }),
    amount('TotalNetAmount', 16, 'Net Value', 'TransactionCurrency', { quickinfo: 'Net Value in Document Currency' }),
    currency('TransactionCurrency', 'Document Currency'),
    amount('TaxAmount', 14, 'Tax Amount', 'TransactionCurrency', { quickinfo: 'Tax Amount in Document Currency' }),
    // As in SAP's own EDMX of this release: the gross amount carries no sap:label.
    amount('TotalGrossAmount', 17, undefined, 'TransactionCurrency', { since: 'current' }),
    str('CustomerPaymentTerms', 4, 'Terms of Payment Key', { displayFormat: 'UpperCase' }),
    str('CompanyCode', 4, 'Company Code', { displayFormat: 'UpperCase' }),
    str('FiscalYear', 4, 'Fiscal Year', { displayFormat: 'NonNegative' }),
    str('AccountingDocument', 10, 'Journal Entry', { displayFormat: 'UpperCase' }),
    str('SoldToParty', 10, 'Sold-to Party', { displayFormat: 'UpperCase' }),
    str('PayerParty', 10, 'Payer', { displayFormat: 'UpperCase' }),
    str('PurchaseOrderByCustomer', 35, 'Customer Reference'),
    str('DocumentReferenceID', 16, 'Reference', { displayFormat: 'UpperCase' }),
    str('OverallBillingStatus', 1, 'Billing Status', { displayFormat: 'UpperCase' }),
    str('AccountingPostingStatus', 1, 'Posting Status', { displayFormat: 'UpperCase' }),
  ],
  navigations: [{ name: 'to_Item', target: 'A_BillingDocumentItem', multiplicity: '*' }],
  readOnly: true,
};

const item: EntitySetDef = {
  set: 'A_BillingDocumentItem',
  typeName: 'A_BillingDocumentItemType',
  label: 'Billing Document Item',
  properties: [
    key('BillingDocument', 10, 'Billing Document'),
    key('BillingDocumentItem', 6, 'Item', { displayFormat: 'NonNegative' }),
    str('SalesDocumentItemCategory', 4, 'Item Category', { displayFormat: 'UpperCase' }),
    str('BillingDocumentItemText', 40, 'Item Description'),
    str('Material', 40, 'Material', { displayFormat: 'UpperCase' }),
    quantity('BillingQuantity', 13, 3, 'Billed Quantity', 'BillingQuantityUnit'),
    uom('BillingQuantityUnit', 'Sales Unit'),
    quantity('BillingQuantityInBaseUnit', 13, 3, 'Billing Qty in SKU', 'BaseUnit'),
    uom('BaseUnit', 'Base Unit of Measure'),
    amount('NetAmount', 16, 'Net Value', 'TransactionCurrency'),
    currency('TransactionCurrency', 'Document Currency'),
    amount('TaxAmount', 14, 'Tax Amount', 'TransactionCurrency'),
    amount('GrossAmount', 16, 'Gross Value', 'TransactionCurrency'),
    str('SalesDocument', 10, 'Sales Document', { displayFormat: 'UpperCase' }),
    str('SalesDocumentItem', 6, 'Sales Document Item', { displayFormat: 'NonNegative' }),
    str('ReferenceSDDocument', 10, 'Reference Document', { displayFormat: 'UpperCase' }),
    str('ReferenceSDDocumentItem', 6, 'Reference Item', { displayFormat: 'NonNegative' }),
    str('ReferenceSDDocumentCategory', 4, 'Preceding Doc. Categ.', { displayFormat: 'UpperCase' }),
    str('Plant', 4, 'Plant', { displayFormat: 'UpperCase' }),
  ],
  navigations: [],
  readOnly: true,
};

const NAME = 'billingDocument';
const numbers = numbered(9_000_000_001);
export const billingNumber = numbers.number;

/** Credit memos (G2) fall on these indices. */
const isCreditMemo = (i: number) => i % 8 === 2;

// The cancelled invoice changes again when it is cancelled, at the time of its cancellation document.
const billingTime = (ctx: GenContext, i: number) => changeTime(ctx, NAME, i, EDGE.cancelledInvoice);

const billingDocuments: Family = {
  name: NAME,
  header,
  children: [item],
  count: (ctx) => ctx.count,
  changeTime: billingTime,
  indexOf: (ctx, k) => numbers.index(k.BillingDocument, ctx.count),
  generate(ctx, i, change) {
    const cancelled = EDGE.cancelledInvoice;
    const hasCancellation = cancelled + 1 < ctx.count;
    // The cancellation document mirrors the invoice it cancels: same party, currency and lines.
    const source = hasCancellation && i === cancelled + 1 ? cancelled : i;
    const rand = rng(ctx, NAME, source);
    const cur = currencyOf(source);
    const customer = partyOf(CUSTOMERS, source, cur);
    const changed = change?.time ?? billingTime(ctx, i);
    const created = changeTime(ctx, NAME, i);
    const billingDate = midnight(created) - Math.floor(rand() * 3) * DAY_MS;
    const ls = lines(rand, cur, source === i ? (change?.version ?? 0) : 0);
    const net = sum(ls.map((l) => l.net));
    const taxAmount = sum(ls.map((l) => l.tax));
    const type = source !== i ? 'S1' : isCreditMemo(i) ? 'G2' : 'F2';
    const category = type === 'S1' ? 'N' : type === 'G2' ? 'O' : 'M';
    const doc = numbers.number(i);
    const salesOrder = String(5_000_000_001 + source);
    return {
      header: {
        BillingDocument: doc,
        SDDocumentCategory: category,
        BillingDocumentCategory: 'L',
        BillingDocumentType: type,
        CreationDate: midnight(created),
        CreationTime: created,
        LastChangeDate: midnight(changed),
        LastChangeDateTime: changed,
        SalesOrganization: '1710',
        DistributionChannel: '10',
        Division: '00',
        BillingDocumentDate: billingDate,
        BillingDocumentIsCancelled: hasCancellation && i === cancelled,
        CancelledBillingDocument: type === 'S1' ? numbers.number(cancelled) : '',
        TotalNetAmount: money(net, cur),
        TransactionCurrency: cur,
        TaxAmount: money(taxAmount, cur),
        TotalGrossAmount: money(net + taxAmount, cur),
        CustomerPaymentTerms: 'NT30',
        CompanyCode: '1710',
        FiscalYear: String(new Date(billingDate).getUTCFullYear()),
        AccountingDocument: String(9_400_000_001 + i),
        SoldToParty: customer.code,
        PayerParty: customer.code,
        PurchaseOrderByCustomer: `PO-${customer.code}-${String(source + 1).padStart(5, '0')}`,
        DocumentReferenceID: doc,
        OverallBillingStatus: 'C',
        AccountingPostingStatus: 'C',
      },
      children: {
        A_BillingDocumentItem: ls.map((l, n) => ({
          BillingDocument: doc,
          BillingDocumentItem: itemNo(n),
          SalesDocumentItemCategory: type === 'G2' ? 'G2N' : 'TAN',
          BillingDocumentItemText: l.material.name,
          Material: l.material.code,
          BillingQuantity: qty(l.cases),
          BillingQuantityUnit: 'CS',
          BillingQuantityInBaseUnit: qty(l.cases * l.material.perCase),
          BaseUnit: 'PC',
          NetAmount: money(l.net, cur),
          TransactionCurrency: cur,
          TaxAmount: money(l.tax, cur),
          GrossAmount: money(l.net + l.tax, cur),
          SalesDocument: salesOrder,
          SalesDocumentItem: itemNo(n),
          ReferenceSDDocument: type === 'S1' ? numbers.number(cancelled) : salesOrder,
          ReferenceSDDocumentItem: itemNo(n),
          ReferenceSDDocumentCategory: type === 'S1' ? 'M' : 'C',
          Plant: '1710',
        })),
      },
    };
  },
};

export const billingDocumentService: ServiceDef = { name: 'API_BILLING_DOCUMENT_SRV', families: [billingDocuments] };
