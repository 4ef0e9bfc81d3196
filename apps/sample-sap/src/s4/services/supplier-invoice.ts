import { amount, bool, currency, date, type EntitySetDef, key, quantity, str, uom } from '../edm';
import { type Family, type ServiceDef } from '../family';
import { changeTime, currencyOf, DAY_MS, type GenContext, lines, midnight, money, partyOf, qty, rng, sum, SUPPLIERS, itemNo } from '../seed';

// No LastChange* property exists on supplier invoices (SAP's EDMX has none):
// clients window on PostingDate instead.
const header: EntitySetDef = {
  set: 'A_SupplierInvoice',
  typeName: 'A_SupplierInvoiceType',
  label: 'Header Data',
  properties: [
    key('SupplierInvoice', 10, 'Invoice Document', { quickinfo: 'Document Number of an Invoice Document' }),
    key('FiscalYear', 4, 'Fiscal Year', { displayFormat: 'NonNegative' }),
    str('CompanyCode', 4, 'Company Code', { displayFormat: 'UpperCase' }),
    date('DocumentDate', 'Invoice Date', { quickinfo: 'Invoice Date in Document' }),
    date('PostingDate', 'Posting Date', { quickinfo: 'Posting Date in the Document' }),
    date('InvoiceReceiptDate', 'Invoice Receipt Date'),
    date('CreationDate', 'Entered On', { quickinfo: 'Day On Which Accounting Document Was Entered' }),
    str('SupplierInvoiceIDByInvcgParty', 16, 'Reference', { quickinfo: 'Reference Document Number' }),
    str('InvoicingParty', 10, 'Invoicing Party', { displayFormat: 'UpperCase', quickinfo: 'Different Invoicing Party' }),
    currency('DocumentCurrency', 'Currency'),
    amount('InvoiceGrossAmount', 14, 'Gross Invoice Amount', 'DocumentCurrency', { quickinfo: 'Gross Invoice Amount in Document Currency' }),
    date('DueCalculationBaseDate', 'Baseline Date', { quickinfo: 'Baseline Date for Due Date Calculation' }),
    str('PaymentTerms', 4, 'Payment terms', { displayFormat: 'UpperCase' }),
    str('SupplierInvoiceStatus', 1, 'Invoice Status', { displayFormat: 'UpperCase' }),
    str('SupplierInvoiceIsCreditMemo', 1, 'Credit Memo', { displayFormat: 'UpperCase', quickinfo: 'Indicator: Post Invoice' }),
    str('SupplierInvoiceOrigin', 1, 'Origin of Invoice', { displayFormat: 'UpperCase' }),
    str('ReverseDocument', 10, 'Reversal Document', { displayFormat: 'UpperCase', quickinfo: 'Reverse Document Number' }),
    str('ReverseDocumentFiscalYear', 4, 'Reversal Year', { displayFormat: 'NonNegative' }),
    bool('IsReversal', 'Reversal', { filterable: false }),
    bool('IsReversed', 'Reversed', { filterable: false }),
    str('DocumentHeaderText', 25, 'Document Header Text'),
    str('AccountingDocumentType', 2, 'Document Type', { displayFormat: 'UpperCase' }),
  ],
  navigations: [
    { name: 'to_SuplrInvcItemPurOrdRef', target: 'A_SuplrInvcItemPurOrdRef', multiplicity: '*' },
    { name: 'to_SupplierInvoiceTax', target: 'A_SupplierInvoiceTax', multiplicity: '*' },
  ],
};

const item: EntitySetDef = {
  set: 'A_SuplrInvcItemPurOrdRef',
  typeName: 'A_SuplrInvcItemPurOrdRefType',
  label: 'Item with Purchase Order Reference',
  properties: [
    key('SupplierInvoice', 10, 'Invoice Document'),
    key('FiscalYear', 4, 'Fiscal Year', { displayFormat: 'NonNegative' }),
    key('SupplierInvoiceItem', 6, 'Invoice Item', { displayFormat: 'NonNegative', quickinfo: 'Document Item in Invoice Document' }),
    str('PurchaseOrder', 10, 'Purchase Order', { displayFormat: 'UpperCase' }),
    str('PurchaseOrderItem', 5, 'Item', { displayFormat: 'NonNegative' }),
    str('Plant', 4, 'Plant', { displayFormat: 'UpperCase' }),
    str('TaxCode', 2, 'Tax Code', { displayFormat: 'UpperCase' }),
    currency('DocumentCurrency', 'Currency'),
    amount('SupplierInvoiceItemAmount', 14, 'Amount', 'DocumentCurrency', { quickinfo: 'Amount in Document Currency' }),
    uom('PurchaseOrderQuantityUnit', 'Order Unit'),
    quantity('QuantityInPurchaseOrderUnit', 13, 3, 'Quantity', 'PurchaseOrderQuantityUnit'),
    str('SupplierInvoiceItemText', 50, 'Item Text'),
    str('IsSubsequentDebitCredit', 1, 'Subsequent Debit/Credit', { displayFormat: 'UpperCase' }),
  ],
  navigations: [],
};

const taxSet: EntitySetDef = {
  set: 'A_SupplierInvoiceTax',
  typeName: 'A_SupplierInvoiceTaxType',
  label: 'Tax Data',
  properties: [
    key('SupplierInvoice', 10, 'Invoice Document'),
    key('FiscalYear', 4, 'Fiscal Year', { displayFormat: 'NonNegative' }),
    key('TaxCode', 2, 'Tax Code'),
    key('SupplierInvoiceTaxCounter', 6, 'Counter', { displayFormat: 'NonNegative' }),
    currency('DocumentCurrency', 'Currency'),
    amount('TaxAmount', 14, 'Tax Amount', 'DocumentCurrency', { quickinfo: 'Tax Amount in Document Currency' }),
    amount('TaxBaseAmountInTransCrcy', 14, 'Tax Base Amount', 'DocumentCurrency'),
  ],
  navigations: [],
};

const NAME = 'supplierInvoice';
const FIRST = 5_105_600_001;
/** Invoice numbers restart per fiscal year: this document reuses the number of the one before it, a year later. */
const REUSED_NUMBER = 8;
const CREDIT_MEMO = 10;
/** Reversed by the document after it. */
const REVERSED = 11;

const reuses = (ctx: GenContext) => REUSED_NUMBER < ctx.count;
const number = (ctx: GenContext, i: number) => String(FIRST + i - (reuses(ctx) && i >= REUSED_NUMBER ? 1 : 0));

function postingDate(ctx: GenContext, i: number): number {
  if (reuses(ctx) && i === REUSED_NUMBER - 1) return Date.UTC(2025, 11, 30);
  return midnight(changeTime(ctx, NAME, i));
}
const fiscalYear = (ctx: GenContext, i: number) => String(new Date(postingDate(ctx, i)).getUTCFullYear());

const supplierInvoices: Family = {
  name: NAME,
  header,
  children: [item, taxSet],
  count: (ctx) => ctx.count,
  indexOf(ctx, k) {
    const n = k.SupplierInvoice && /^\d{10}$/.test(k.SupplierInvoice) ? Number(k.SupplierInvoice) - FIRST : -1;
    if (n < 0) return null;
    const candidates = reuses(ctx) && n >= REUSED_NUMBER - 1 ? [n, n + 1] : [n];
    return candidates.find((i) => i < ctx.count && number(ctx, i) === k.SupplierInvoice && fiscalYear(ctx, i) === k.FiscalYear) ?? null;
  },
  generate(ctx, i) {
    const rand = rng(ctx, NAME, i);
    const cur = currencyOf(i);
    const supplier = partyOf(SUPPLIERS, i, cur);
    const posting = postingDate(ctx, i);
    const docDate = posting - Math.floor(rand() * 5) * DAY_MS;
    const ls = lines(rand, cur, 0);
    const net = sum(ls.map((l) => l.net));
    const taxAmount = sum(ls.map((l) => l.tax));
    const doc = number(ctx, i);
    const fy = fiscalYear(ctx, i);
    const reversed = i === REVERSED && REVERSED + 1 < ctx.count;
    const reversal = i === REVERSED + 1;
    const po = String(4_500_000_001 + i);
    return {
      header: {
        SupplierInvoice: doc,
        FiscalYear: fy,
        CompanyCode: '1710',
        DocumentDate: docDate,
        PostingDate: posting,
        InvoiceReceiptDate: posting,
        CreationDate: posting,
        SupplierInvoiceIDByInvcgParty: `INV/${supplier.code.slice(-3)}/${fy}/${String(i + 1).padStart(5, '0')}`,
        InvoicingParty: supplier.code,
        DocumentCurrency: cur,
        InvoiceGrossAmount: money(net + taxAmount, cur),
        DueCalculationBaseDate: docDate,
        PaymentTerms: 'NT30',
        SupplierInvoiceStatus: '5',
        SupplierInvoiceIsCreditMemo: i === CREDIT_MEMO ? 'X' : '',
        SupplierInvoiceOrigin: 'U',
        ReverseDocument: reversed ? number(ctx, REVERSED + 1) : '',
        ReverseDocumentFiscalYear: reversed ? fiscalYear(ctx, REVERSED + 1) : '',
        IsReversal: reversal,
        IsReversed: reversed,
        DocumentHeaderText: i === CREDIT_MEMO ? 'Retur barang rusak' : '',
        AccountingDocumentType: i === CREDIT_MEMO ? 'RK' : 'RE',
      },
      children: {
        A_SuplrInvcItemPurOrdRef: ls.map((l, n) => ({
          SupplierInvoice: doc,
          FiscalYear: fy,
          SupplierInvoiceItem: String(n + 1),
          PurchaseOrder: po,
          PurchaseOrderItem: itemNo(n),
          Plant: '1710',
          TaxCode: 'V1',
          DocumentCurrency: cur,
          SupplierInvoiceItemAmount: money(l.net, cur),
          PurchaseOrderQuantityUnit: 'CS',
          QuantityInPurchaseOrderUnit: qty(l.cases),
          SupplierInvoiceItemText: l.material.name,
          IsSubsequentDebitCredit: '',
        })),
        A_SupplierInvoiceTax: [
          {
            SupplierInvoice: doc,
            FiscalYear: fy,
            TaxCode: 'V1',
            SupplierInvoiceTaxCounter: '1',
            DocumentCurrency: cur,
            TaxAmount: money(taxAmount, cur),
            TaxBaseAmountInTransCrcy: money(net, cur),
          },
        ],
      },
    };
  },
};

export const supplierInvoiceService: ServiceDef = { name: 'API_SUPPLIERINVOICE_PROCESS_SRV', families: [supplierInvoices] };
