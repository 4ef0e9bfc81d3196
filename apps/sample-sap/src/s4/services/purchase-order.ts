import { amount, bool, currency, date, type EntitySetDef, key, quantity, str, timestamp, uom } from '../edm';
import { type Family, numbered, type ServiceDef } from '../family';
import { changeTime, currencyOf, DAY_MS, decimal, lines, midnight, money, partyOf, qty, rng, SUPPLIERS, itemNo } from '../seed';

// The V2 purchase order carries no header totals and no item net value: a
// client derives them from OrderQuantity × NetPriceAmount / NetPriceQuantity.
const header: EntitySetDef = {
  set: 'A_PurchaseOrder',
  typeName: 'A_PurchaseOrderType',
  label: 'Purchase Order',
  properties: [
    key('PurchaseOrder', 10, 'Purchase Order', { quickinfo: 'Purchasing Document Number' }),
    str('CompanyCode', 4, 'Company Code', { displayFormat: 'UpperCase' }),
    str('PurchaseOrderType', 4, 'Purchasing Doc. Type', { displayFormat: 'UpperCase' }),
    str('PurchasingDocumentDeletionCode', 1, 'Deletion Indicator', { displayFormat: 'UpperCase' }),
    str('PurchasingProcessingStatus', 2, 'Processing Status', { displayFormat: 'UpperCase' }),
    str('CreatedByUser', 12, 'Created By'),
    date('CreationDate', 'Created On'),
    timestamp('LastChangeDateTime', 'Last Changed', { quickinfo: 'Change Time Stamp' }),
    str('Supplier', 10, 'Supplier', { displayFormat: 'UpperCase' }),
    str('PurchasingOrganization', 4, 'Purch. Organization', { displayFormat: 'UpperCase' }),
    str('PurchasingGroup', 3, 'Purchasing Group', { displayFormat: 'UpperCase' }),
    date('PurchaseOrderDate', 'Purchase Order Date'),
    currency('DocumentCurrency', 'Currency'),
    str('PaymentTerms', 4, 'Terms of Payment', { displayFormat: 'UpperCase' }),
    str('InvoicingParty', 10, 'Invoicing Party', { displayFormat: 'UpperCase' }),
    str('SupplyingSupplier', 10, 'Supplying Supplier', { displayFormat: 'UpperCase' }),
    str('IncotermsClassification', 3, 'Incoterms', { displayFormat: 'UpperCase' }),
  ],
  navigations: [{ name: 'to_PurchaseOrderItem', target: 'A_PurchaseOrderItem', multiplicity: '*' }],
};

const item: EntitySetDef = {
  set: 'A_PurchaseOrderItem',
  typeName: 'A_PurchaseOrderItemType',
  label: 'Purchase Order Item',
  properties: [
    key('PurchaseOrder', 10, 'Purchase Order'),
    key('PurchaseOrderItem', 5, 'Item', { displayFormat: 'NonNegative', quickinfo: 'Item Number of Purchasing Document' }),
    str('PurchasingDocumentDeletionCode', 1, 'Deletion Indicator', { displayFormat: 'UpperCase' }),
    str('PurchaseOrderItemText', 40, 'Short Text'),
    str('Plant', 4, 'Plant', { displayFormat: 'UpperCase' }),
    str('StorageLocation', 4, 'Storage Location', { displayFormat: 'UpperCase' }),
    str('MaterialGroup', 9, 'Material Group', { displayFormat: 'UpperCase' }),
    str('Material', 40, 'Material', { displayFormat: 'UpperCase' }),
    str('SupplierMaterialNumber', 35, 'Supplier Mat. No.'),
    quantity('OrderQuantity', 13, 3, 'Order Quantity', 'PurchaseOrderQuantityUnit', { quickinfo: 'Purchase Order Quantity' }),
    uom('PurchaseOrderQuantityUnit', 'Order Unit'),
    uom('OrderPriceUnit', 'Order Price Unit'),
    quantity('OrderPriceUnitToOrderUnitNmrtr', 5, 0, 'Numerator', 'OrderPriceUnit', {
      quickinfo: 'Numerator for Conversion of Order Price Unit into Order Unit',
    }),
    quantity('OrdPriceUnitToOrderUnitDnmntr', 5, 0, 'Denominator', 'PurchaseOrderQuantityUnit', {
      quickinfo: 'Denominator for Conversion of Order Price Unit into Order Unit',
    }),
    currency('DocumentCurrency', 'Currency'),
    amount('NetPriceAmount', 12, 'Net Price', 'DocumentCurrency', { quickinfo: 'Net Price in Purchasing Document (in Document Currency)' }),
    quantity('NetPriceQuantity', 5, 0, 'Price Unit', 'OrderPriceUnit'),
    str('TaxCode', 2, 'Tax Code', { displayFormat: 'UpperCase' }),
    bool('IsReturnsItem', 'Returns Item'),
    str('PurchaseOrderItemCategory', 1, 'Item Category', { displayFormat: 'UpperCase' }),
  ],
  navigations: [],
};

const NAME = 'purchaseOrder';
const numbers = numbered(4_500_000_001);
/** Its first item is priced per 100 pieces. */
const PRICED_PER_100 = 3;
/** Its last item is a returns item; its first is deleted. */
const RETURNS_AND_DELETION = 10;

const purchaseOrders: Family = {
  name: NAME,
  header,
  children: [item],
  count: (ctx) => ctx.count,
  changeTime: (ctx, i) => changeTime(ctx, NAME, i),
  indexOf: (ctx, k) => numbers.index(k.PurchaseOrder, ctx.count),
  generate(ctx, i, change) {
    const rand = rng(ctx, NAME, i);
    const cur = currencyOf(i);
    const supplier = partyOf(SUPPLIERS, i, cur);
    const changed = change?.time ?? changeTime(ctx, NAME, i);
    const docDate = midnight(changeTime(ctx, NAME, i)) - Math.floor(rand() * 6) * DAY_MS;
    const ls = lines(rand, cur, change?.version ?? 0);
    // The deleted item and the returns item need two lines.
    if (i === RETURNS_AND_DELETION && ls.length === 1) ls.push(ls[0]!);
    const po = numbers.number(i);
    return {
      header: {
        PurchaseOrder: po,
        CompanyCode: '1710',
        PurchaseOrderType: 'NB',
        PurchasingDocumentDeletionCode: '',
        PurchasingProcessingStatus: '05',
        CreatedByUser: 'CB9980000020',
        CreationDate: docDate,
        LastChangeDateTime: changed,
        Supplier: supplier.code,
        PurchasingOrganization: '1710',
        PurchasingGroup: '001',
        PurchaseOrderDate: docDate,
        DocumentCurrency: cur,
        PaymentTerms: 'NT30',
        InvoicingParty: supplier.code,
        SupplyingSupplier: '',
        IncotermsClassification: 'FCA',
      },
      children: {
        A_PurchaseOrderItem: ls.map((l, n) => {
          const per100 = i === PRICED_PER_100 && n === 0;
          // Per 100 pieces: the order is in pieces, the price is for a hundred of them.
          const pieces = l.cases * l.material.perCase;
          const pricePer100 = Math.round((l.price * 100) / l.material.perCase);
          return {
            PurchaseOrder: po,
            PurchaseOrderItem: itemNo(n),
            PurchasingDocumentDeletionCode: i === RETURNS_AND_DELETION && n === 0 ? 'L' : '',
            PurchaseOrderItemText: l.material.name,
            Plant: '1710',
            StorageLocation: '171A',
            MaterialGroup: l.material.group,
            Material: l.material.code,
            SupplierMaterialNumber: `${supplier.code.slice(-2)}-${l.material.code}`,
            OrderQuantity: per100 ? qty(pieces) : qty(l.cases),
            PurchaseOrderQuantityUnit: per100 ? 'PC' : 'CS',
            OrderPriceUnit: per100 ? 'PC' : 'CS',
            OrderPriceUnitToOrderUnitNmrtr: '1',
            OrdPriceUnitToOrderUnitDnmntr: '1',
            DocumentCurrency: cur,
            NetPriceAmount: per100 ? money(cur === 'JPY' ? pricePer100 : Math.round(pricePer100 / 10) * 10, cur) : money(l.price, cur),
            NetPriceQuantity: per100 ? decimal(100, 0) : decimal(1, 0),
            TaxCode: 'V1',
            IsReturnsItem: i === RETURNS_AND_DELETION && n === ls.length - 1,
            PurchaseOrderItemCategory: '0',
          };
        }),
      },
    };
  },
};

export const purchaseOrderService: ServiceDef = { name: 'API_PURCHASEORDER_PROCESS_SRV', families: [purchaseOrders] };
