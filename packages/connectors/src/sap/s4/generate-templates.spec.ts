import { editableTemplateRules, type HeaderRule, type LineRule, modelTemplateRules } from '@portal/contracts';
import { describe, expect, it } from 'vitest';
import { parseEdmx } from '../odata/edmx';
import { generateTemplate } from './generate-templates';
import { S4_SERVICES } from './s4-services';

// Hand-written EDMX in SAP Gateway's form (research §1.2, §1.6): one header type, one item type, the association, the sets.
function edmx(
  ns: string,
  header: { name: string; set: string; keys: string[]; props: string; nav: string },
  item: { name: string; keys: string[]; props: string },
) {
  const key = (ks: string[]) => `<Key>${ks.map((k) => `<PropertyRef Name="${k}"/>`).join('')}</Key>`;
  return `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" xmlns:sap="http://www.sap.com/Protocols/SAPData">
 <edmx:DataServices m:DataServiceVersion="2.0">
  <Schema Namespace="${ns}" xml:lang="en" xmlns="http://schemas.microsoft.com/ado/2008/09/edm">
   <EntityType Name="${header.name}" sap:label="Header">${key(header.keys)}${header.props}
    <NavigationProperty Name="${header.nav}" Relationship="${ns}.assoc_ITEMS" FromRole="FromRole_assoc_ITEMS" ToRole="ToRole_assoc_ITEMS"/>
   </EntityType>
   <EntityType Name="${item.name}" sap:label="Item">${key(item.keys)}${item.props}</EntityType>
   <Association Name="assoc_ITEMS">
    <End Type="${ns}.${header.name}" Multiplicity="1" Role="FromRole_assoc_ITEMS"/>
    <End Type="${ns}.${item.name}" Multiplicity="*" Role="ToRole_assoc_ITEMS"/>
   </Association>
   <EntityContainer Name="${ns}_Entities" m:IsDefaultEntityContainer="true" sap:supported-formats="atom json xlsx">
    <EntitySet Name="${header.set}" EntityType="${ns}.${header.name}"/>
   </EntityContainer>
  </Schema>
 </edmx:DataServices>
</edmx:Edmx>`;
}
const p = (name: string, type: string, attrs = '') => `\n    <Property Name="${name}" Type="Edm.${type}" ${attrs}/>`;
const label = (l: string) => `sap:label="${l}"`;

const salesOrder = (release: 'current' | 'older') =>
  edmx(
    'API_SALES_ORDER_SRV',
    {
      name: 'A_SalesOrderType',
      set: 'A_SalesOrder',
      keys: ['SalesOrder'],
      nav: 'to_Item',
      props:
        p('SalesOrder', 'String', label('Sales Order')) +
        p('SalesOrderType', 'String', label('Sales Document Type')) +
        p('SalesOrderDate', 'DateTime', `sap:display-format="Date" ${label('Document Date')}`) +
        p('SoldToParty', 'String', label('Sold-to Party')) +
        (release === 'current' ? p('PurchaseOrderByCustomer', 'String', label('Customer Reference')) : '') +
        p('TotalNetAmount', 'Decimal', `Precision="16" Scale="3" sap:unit="TransactionCurrency" ${label('Net Value')}`) +
        p('TransactionCurrency', 'String', `sap:semantics="currency-code" ${label('Document Currency')}`) +
        p('OverallSDProcessStatus', 'String', label('Overall Status')) +
        p('LastChangeDateTime', 'DateTimeOffset', `Precision="7" ${label('Time Stamp')}`),
    },
    {
      name: 'A_SalesOrderItemType',
      keys: ['SalesOrder', 'SalesOrderItem'],
      props:
        p('SalesOrder', 'String', label('Sales Order')) +
        p('SalesOrderItem', 'String', label('Item')) +
        p('Material', 'String', label('Material')) +
        (release === 'current' ? p('SalesOrderItemText', 'String', label('Item Description')) : '') +
        p('RequestedQuantity', 'Decimal', `sap:unit="RequestedQuantityUnit" ${label('Requested Quantity')}`) +
        p('RequestedQuantityUnit', 'String', `sap:semantics="unit-of-measure" ${label('Unit')}`) +
        p('NetAmount', 'Decimal', `sap:unit="TransactionCurrency" ${label('Net Value')}`) +
        p('TransactionCurrency', 'String', `sap:semantics="currency-code" ${label('Currency')}`),
    },
  );

const billing = (withGross: boolean) =>
  edmx(
    'API_BILLING_DOCUMENT_SRV',
    {
      name: 'A_BillingDocumentType',
      set: 'A_BillingDocument',
      keys: ['BillingDocument'],
      nav: 'to_Item',
      props:
        p('BillingDocument', 'String', label('Billing Document')) +
        p('BillingDocumentType', 'String', label('Billing Type')) +
        p('BillingDocumentDate', 'DateTime', `sap:display-format="Date" ${label('Billing Date')}`) +
        p('BillingDocumentIsCancelled', 'Boolean', label('Cancelled')) +
        p('CancelledBillingDocument', 'String', label('Cancelled Bill.Doc.')) +
        p('SoldToParty', 'String', label('Sold-to Party')) +
        p('TotalNetAmount', 'Decimal', `sap:unit="TransactionCurrency" ${label('Net Value')}`) +
        p('TaxAmount', 'Decimal', `sap:unit="TransactionCurrency" ${label('Tax Amount')}`) +
        // As in SAP's own billing EDMX: no sap:label on the gross amount.
        (withGross ? p('TotalGrossAmount', 'Decimal', 'sap:unit="TransactionCurrency"') : '') +
        p('TransactionCurrency', 'String', `sap:semantics="currency-code" ${label('Currency')}`) +
        p('LastChangeDateTime', 'DateTimeOffset', label('Last Changed')),
    },
    {
      name: 'A_BillingDocumentItemType',
      keys: ['BillingDocument', 'BillingDocumentItem'],
      props:
        p('BillingDocument', 'String') +
        p('BillingDocumentItem', 'String', label('Item')) +
        p('Material', 'String', label('Material')) +
        p('BillingDocumentItemText', 'String', label('Description')) +
        p('BillingQuantityInBaseUnit', 'Decimal', `sap:unit="BaseUnit" ${label('Qty in Base Unit')}`) +
        p('BaseUnit', 'String', `sap:semantics="unit-of-measure" ${label('Base Unit')}`) +
        p('BillingQuantity', 'Decimal', `sap:unit="BillingQuantityUnit" ${label('Billed Quantity')}`) +
        p('BillingQuantityUnit', 'String', `sap:semantics="unit-of-measure" ${label('Sales Unit')}`) +
        p('NetAmount', 'Decimal', `sap:unit="TransactionCurrency" ${label('Net Value')}`) +
        p('TaxAmount', 'Decimal', `sap:unit="TransactionCurrency" ${label('Tax Amount')}`) +
        p('TransactionCurrency', 'String', 'sap:semantics="currency-code"'),
    },
  );

const purchaseOrder = edmx(
  'API_PURCHASEORDER_PROCESS_SRV',
  {
    name: 'A_PurchaseOrderType',
    set: 'A_PurchaseOrder',
    keys: ['PurchaseOrder'],
    nav: 'to_PurchaseOrderItem',
    props:
      p('PurchaseOrder', 'String', label('Purchase Order')) +
      p('PurchaseOrderDate', 'DateTime', `sap:display-format="Date" ${label('Purchase Order Date')}`) +
      p('Supplier', 'String', label('Supplier')) +
      p('DocumentCurrency', 'String', `sap:semantics="currency-code" ${label('Currency')}`) +
      p('LastChangeDateTime', 'DateTimeOffset', label('Last Changed')),
  },
  {
    name: 'A_PurchaseOrderItemType',
    keys: ['PurchaseOrder', 'PurchaseOrderItem'],
    props:
      p('PurchaseOrder', 'String') +
      p('PurchaseOrderItem', 'String', label('Item')) +
      p('Material', 'String', label('Material')) +
      p('PurchaseOrderItemText', 'String', label('Short Text')) +
      p('OrderQuantity', 'Decimal', `sap:unit="PurchaseOrderQuantityUnit" ${label('Order Quantity')}`) +
      p('PurchaseOrderQuantityUnit', 'String', `sap:semantics="unit-of-measure" ${label('Order Unit')}`) +
      p('NetPriceAmount', 'Decimal', `sap:unit="DocumentCurrency" ${label('Net Order Price')}`) +
      p('NetPriceQuantity', 'Decimal', `sap:unit="OrderPriceUnit" ${label('Price Unit')}`) +
      p('OrderPriceUnit', 'String', `sap:semantics="unit-of-measure" ${label('Order Price Unit')}`) +
      p('DocumentCurrency', 'String', 'sap:semantics="currency-code"'),
  },
);

const supplierInvoice = edmx(
  'API_SUPPLIERINVOICE_PROCESS_SRV',
  {
    name: 'A_SupplierInvoiceType',
    set: 'A_SupplierInvoice',
    keys: ['SupplierInvoice', 'FiscalYear'],
    nav: 'to_SuplrInvcItemPurOrdRef',
    props:
      p('SupplierInvoice', 'String', label('Invoice Document No.')) +
      p('FiscalYear', 'String', label('Fiscal Year')) +
      p('DocumentDate', 'DateTime', `sap:display-format="Date" ${label('Invoice Date')}`) +
      p('PostingDate', 'DateTime', `sap:display-format="Date" ${label('Posting Date')}`) +
      p('CreationDate', 'DateTime', `sap:display-format="Date" ${label('Created On')}`) +
      p('InvoicingParty', 'String', label('Invoicing Party')) +
      p('InvoiceGrossAmount', 'Decimal', `sap:unit="DocumentCurrency" ${label('Gross Invoice Amount')}`) +
      p('DocumentCurrency', 'String', `sap:semantics="currency-code" ${label('Currency')}`) +
      p('SupplierInvoiceIsCreditMemo', 'String', label('Credit Memo')),
  },
  {
    name: 'A_SuplrInvcItemPurOrdRefType',
    keys: ['SupplierInvoice', 'FiscalYear', 'SupplierInvoiceItem'],
    props:
      p('SupplierInvoice', 'String') +
      p('FiscalYear', 'String') +
      p('SupplierInvoiceItem', 'String', label('Item')) +
      p('PurchaseOrder', 'String', label('Purchase Order')) +
      p('PurchaseOrderItem', 'String', label('Item')) +
      p('SupplierInvoiceItemText', 'String', label('Text')) +
      p('QuantityInPurchaseOrderUnit', 'Decimal', `sap:unit="PurchaseOrderQuantityUnit" ${label('Quantity')}`) +
      p('PurchaseOrderQuantityUnit', 'String', `sap:semantics="unit-of-measure" ${label('Order Unit')}`) +
      p('SupplierInvoiceItemAmount', 'Decimal', `sap:unit="DocumentCurrency" ${label('Amount')}`) +
      p('DocumentCurrency', 'String', 'sap:semantics="currency-code"'),
  },
);

const header = (rules: HeaderRule[], target: HeaderRule['target']) => rules.find((r) => r.target === target);
const line = (rules: LineRule[], target: LineRule['target']) => rules.find((r) => r.target === target);

describe('S/4HANA template generation from the tenant metadata', () => {
  it('maps a sales order: key, LastChangeDateTime as an instant, the document date, party, currency, items by their unit of measure', () => {
    const t = generateTemplate(S4_SERVICES.SALES_ORDER, parseEdmx(salesOrder('current')))!;
    expect(modelTemplateRules.parse(t.rules)).toEqual(t.rules);
    expect(t.sourceModel).toBe('API_SALES_ORDER_SRV/A_SalesOrder');
    const h = t.rules.header;
    expect(header(h, 'sourceId')).toMatchObject({ source: '$.SalesOrder', required: true });
    expect(header(h, 'number')).toMatchObject({ source: '$.SalesOrder', required: true });
    expect(header(h, 'updatedAt')).toMatchObject({ source: '$.LastChangeDateTime', transforms: [{ kind: 'odataDate', as: 'datetime' }] });
    expect(header(h, 'date')).toMatchObject({ source: '$.SalesOrderDate', transforms: [{ kind: 'odataDate', as: 'date' }] });
    expect(header(h, 'partyCode')?.source).toBe('$.SoldToParty');
    expect(header(h, 'partyName')?.source).toBe('$.CustomerName');
    expect(header(h, 'currency')?.source).toBe('$.TransactionCurrency');
    expect(header(h, 'subtotal')).toMatchObject({ source: '$.TotalNetAmount', transforms: [{ kind: 'decimal', format: 'plain' }] });
    // No gross amount on a sales order: the total is computed from the lines, visibly.
    expect(header(h, 'total')).toMatchObject({ transforms: [{ kind: 'sumLines', field: 'amount' }] });
    expect(header(h, 'total')?.source).toBeUndefined();
    expect(t.missing).toContainEqual(expect.stringMatching(/^total: .*no gross/));

    expect(t.rules.lines.sourcePath).toBe('$.to_Item.results');
    const l = t.rules.lines.rules;
    expect(line(l, 'productCode')).toMatchObject({ source: '$.Material', required: true });
    expect(line(l, 'productName')?.source).toBe('$.SalesOrderItemText');
    expect(line(l, 'quantity')).toMatchObject({ source: '$.RequestedQuantity', transforms: [{ kind: 'decimal', format: 'plain' }] });
    expect(line(l, 'unit')?.source).toBe('$.RequestedQuantityUnit');
    expect(line(l, 'amount')?.source).toBe('$.NetAmount');
    // Everything else stays visible, with its SAP label.
    expect(t.unmappedFields).toEqual(
      expect.arrayContaining(['SalesOrderType (Sales Document Type)', 'PurchaseOrderByCustomer (Customer Reference)', 'to_Item/SalesOrderItem (Item)']),
    );
    expect(t.unmappedFields).not.toContainEqual(expect.stringMatching(/^(SalesOrder|TotalNetAmount|to_Item\/Material) /));
    // Each mapped path's sap:label is its display name; line paths are relative to the item. The business partner's
    // name is added by the connector, not in the metadata: no label.
    expect(t.fieldLabels).toEqual({
      header: {
        '$.SalesOrder': 'Sales Order',
        '$.LastChangeDateTime': 'Time Stamp',
        '$.SalesOrderDate': 'Document Date',
        '$.SoldToParty': 'Sold-to Party',
        '$.TransactionCurrency': 'Document Currency',
        '$.TotalNetAmount': 'Net Value',
        '$.OverallSDProcessStatus': 'Overall Status',
      },
      lines: {
        '$.Material': 'Material',
        '$.SalesOrderItemText': 'Item Description',
        '$.RequestedQuantity': 'Requested Quantity',
        '$.RequestedQuantityUnit': 'Unit',
        '$.NetAmount': 'Net Value',
      },
    });
  });

  it('leaves out what an older release lacks and says so, instead of mapping a field that is not there', () => {
    const t = generateTemplate(S4_SERVICES.SALES_ORDER, parseEdmx(salesOrder('older')))!;
    expect(line(t.rules.lines.rules, 'productName')).toBeUndefined();
    expect(t.missing).toContainEqual(expect.stringMatching(/^line productName: no …ItemText/));
    expect(t.unmappedFields).not.toContainEqual(expect.stringMatching(/PurchaseOrderByCustomer/));
  });

  it('gives billing documents a status from type and cancellation, and negates credit memos and cancellations in header and lines', () => {
    const t = generateTemplate(S4_SERVICES.SALES_INVOICE, parseEdmx(billing(true)))!;
    const negate = { kind: 'negateWhen', source: '$.BillingDocumentType', values: ['G2', 'S1'] };
    const h = t.rules.header;
    for (const target of ['subtotal', 'tax', 'total'] as const) expect(header(h, target)?.transforms).toEqual([{ kind: 'decimal', format: 'plain' }, negate]);
    expect(header(h, 'total')?.source).toBe('$.TotalGrossAmount');
    expect(header(h, 'status')).toMatchObject({
      sources: ['$.BillingDocumentIsCancelled', '$.BillingDocumentType'],
      transforms: [
        { kind: 'concat', separator: '/' },
        {
          kind: 'codeMap',
          map: expect.objectContaining({ 'true/F2': 'CANCELLED', 'false/F2': 'INVOICE', 'false/G2': 'CREDIT_MEMO', 'false/S1': 'CANCELLATION' }),
          fallback: 'keep',
        },
      ],
    });
    const l = t.rules.lines.rules;
    expect(line(l, 'amount')?.transforms).toEqual([{ kind: 'decimal', format: 'plain' }, negate]);
    expect(line(l, 'tax')?.transforms).toEqual([{ kind: 'decimal', format: 'plain' }, negate]);
    // The billed quantity, not the base-unit one, even though both carry a unit of measure.
    expect(line(l, 'quantity')?.source).toBe('$.BillingQuantity');
    expect(line(l, 'unit')?.source).toBe('$.BillingQuantityUnit');
    expect(t.unmappedFields).toContain('CancelledBillingDocument (Cancelled Bill.Doc.)');
    // Both paths of the status rule are labelled; the gross amount has no sap:label, so its path shows alone.
    expect(t.fieldLabels.header).toMatchObject({
      '$.BillingDocumentIsCancelled': 'Cancelled',
      '$.BillingDocumentType': 'Billing Type',
      '$.TotalNetAmount': 'Net Value',
      '$.TaxAmount': 'Tax Amount',
    });
    expect(t.fieldLabels.header).not.toHaveProperty(['$.TotalGrossAmount']);
    expect(t.fieldLabels.lines).toMatchObject({ '$.BillingQuantity': 'Billed Quantity', '$.BillingQuantityUnit': 'Sales Unit', '$.NetAmount': 'Net Value' });
  });

  it('computes the billing total from the (already signed) lines when the release has no TotalGrossAmount', () => {
    const t = generateTemplate(S4_SERVICES.SALES_INVOICE, parseEdmx(billing(false)))!;
    expect(header(t.rules.header, 'total')).toMatchObject({ transforms: [{ kind: 'sumLines', field: 'amount' }] });
    expect(t.missing).toContainEqual(expect.stringMatching(/^total: no TotalGrossAmount/));
  });

  it('lists a property without sap:label by its name alone, and makes no template from metadata without the entity set', () => {
    const t = generateTemplate(S4_SERVICES.SALES_INVOICE, parseEdmx(billing(true)))!;
    expect(t.unmappedFields).toContain('to_Item/TransactionCurrency');
    expect(t.unmappedFields).toContain('to_Item/BillingQuantityInBaseUnit (Qty in Base Unit)');
    expect(generateTemplate(S4_SERVICES.SALES_ORDER, parseEdmx(billing(true)))).toBeNull();
  });

  it('computes purchase-order line amounts as quantity × price ÷ price unit and header totals from the lines', () => {
    const t = generateTemplate(S4_SERVICES.PURCHASE_ORDER, parseEdmx(purchaseOrder))!;
    expect(t.rules.lines.sourcePath).toBe('$.to_PurchaseOrderItem.results');
    const l = t.rules.lines.rules;
    expect(line(l, 'amount')).toMatchObject({
      sources: ['$.OrderQuantity', '$.NetPriceAmount'],
      transforms: [{ kind: 'multiply' }, { kind: 'divide', by: '$.NetPriceQuantity' }],
    });
    expect(line(l, 'unitPrice')).toMatchObject({ source: '$.NetPriceAmount', transforms: [{ kind: 'divide', by: '$.NetPriceQuantity' }] });
    expect(line(l, 'quantity')?.source).toBe('$.OrderQuantity');
    expect(header(t.rules.header, 'subtotal')?.transforms).toEqual([{ kind: 'sumLines', field: 'amount' }]);
    expect(header(t.rules.header, 'total')?.transforms).toEqual([{ kind: 'sumLines', field: 'amount' }]);
    expect(header(t.rules.header, 'partyName')?.source).toBe('$.SupplierName');
    expect(header(t.rules.header, 'currency')?.source).toBe('$.DocumentCurrency');
  });

  it('keys supplier invoices by number and fiscal year, negates supplier credit memos, and says what SAP does not carry', () => {
    const t = generateTemplate(S4_SERVICES.PURCHASE_INVOICE, parseEdmx(supplierInvoice))!;
    const h = t.rules.header;
    expect(header(h, 'sourceId')).toMatchObject({ sources: ['$.SupplierInvoice', '$.FiscalYear'], transforms: [{ kind: 'concat', separator: '/' }] });
    expect(header(h, 'number')?.source).toBe('$.SupplierInvoice');
    expect(header(h, 'date')?.source).toBe('$.DocumentDate');
    expect(header(h, 'partyCode')?.source).toBe('$.InvoicingParty');
    const negate = { kind: 'negateWhen', source: '$.SupplierInvoiceIsCreditMemo', values: ['X'] };
    expect(header(h, 'total')).toMatchObject({ source: '$.InvoiceGrossAmount', transforms: [{ kind: 'decimal', format: 'plain' }, negate] });
    expect(header(h, 'status')?.transforms).toEqual([
      { kind: 'codeMap', map: { X: 'CREDIT_MEMO' }, fallback: 'keep' },
      { kind: 'default', value: 'INVOICE' },
    ]);
    expect(header(h, 'updatedAt')?.source).toBe('$.CreationDate');
    expect(t.missing).toContainEqual(expect.stringMatching(/^updatedAt: A_SupplierInvoice has no change timestamp/));
    const l = t.rules.lines.rules;
    expect(t.rules.lines.sourcePath).toBe('$.to_SuplrInvcItemPurOrdRef.results');
    expect(line(l, 'productCode')).toMatchObject({ sources: ['$.PurchaseOrder', '$.PurchaseOrderItem'] });
    expect(line(l, 'amount')?.transforms).toEqual([{ kind: 'decimal', format: 'plain' }, negate]);
    expect(line(l, 'quantity')?.source).toBe('$.QuantityInPurchaseOrderUnit');
  });

  it('generates templates a user can open and save as they are (the editor rules accept every computed amount)', () => {
    const all = [
      generateTemplate(S4_SERVICES.SALES_ORDER, parseEdmx(salesOrder('current'))),
      generateTemplate(S4_SERVICES.SALES_ORDER, parseEdmx(salesOrder('older'))),
      generateTemplate(S4_SERVICES.SALES_INVOICE, parseEdmx(billing(true))),
      generateTemplate(S4_SERVICES.SALES_INVOICE, parseEdmx(billing(false))),
      generateTemplate(S4_SERVICES.PURCHASE_ORDER, parseEdmx(purchaseOrder)),
      generateTemplate(S4_SERVICES.PURCHASE_INVOICE, parseEdmx(supplierInvoice)),
    ];
    for (const t of all) expect(editableTemplateRules.safeParse(t!.rules).error?.issues ?? []).toEqual([]);
  });
});
