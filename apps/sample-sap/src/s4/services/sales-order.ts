import { amount, bool, currency, date, type EntitySetDef, key, quantity, str, timestamp, uom } from '../edm';
import { type Family, numbered, type ServiceDef } from '../family';
import { changeTime, CUSTOMERS, currencyOf, DAY_MS, itemNo, lines, midnight, money, partyOf, qty, rng, sum } from '../seed';

const header: EntitySetDef = {
  set: 'A_SalesOrder',
  typeName: 'A_SalesOrderType',
  label: 'Sales Order Header',
  properties: [
    key('SalesOrder', 10, 'Sales Order', { quickinfo: 'Sales Document' }),
    str('SalesOrderType', 4, 'Sales Document Type', { displayFormat: 'UpperCase' }),
    str('SalesOrganization', 4, 'Sales Organization', { displayFormat: 'UpperCase' }),
    str('DistributionChannel', 2, 'Distribution Channel', { displayFormat: 'UpperCase' }),
    str('OrganizationDivision', 2, 'Division', { displayFormat: 'UpperCase' }),
    str('SalesGroup', 3, 'Sales Group', { displayFormat: 'UpperCase' }),
    str('SalesOffice', 4, 'Sales Office', { displayFormat: 'UpperCase' }),
    str('SoldToParty', 10, 'Sold-to Party', { displayFormat: 'UpperCase' }),
    date('CreationDate', 'Created On', { quickinfo: 'Record Created On' }),
    str('CreatedByUser', 12, 'Created By', { quickinfo: 'Name of Person Responsible for Creating the Object' }),
    date('LastChangeDate', 'Changed On', { quickinfo: 'Date of Last Change' }),
    timestamp('LastChangeDateTime', 'Time Stamp', { concurrency: true }),
    str('PurchaseOrderByCustomer', 35, 'Customer Reference', { since: 'current' }),
    date('CustomerPurchaseOrderDate', 'Customer Reference Date'),
    date('SalesOrderDate', 'Document Date', { quickinfo: 'Document Date (Date Received/Sent)' }),
    amount('TotalNetAmount', 16, 'Net Value', 'TransactionCurrency', { quickinfo: 'Net Value of the Sales Order in Document Currency' }),
    currency('TransactionCurrency', 'Document Currency'),
    str('SDDocumentReason', 3, 'Order Reason', { displayFormat: 'UpperCase' }),
    date('RequestedDeliveryDate', 'Requested Delivery Date'),
    str('ShippingCondition', 2, 'Shipping Conditions', { displayFormat: 'UpperCase' }),
    bool('CompleteDeliveryIsDefined', 'Complete Delivery'),
    str('CustomerPaymentTerms', 4, 'Terms of Payment Key', { displayFormat: 'UpperCase' }),
    str('OverallSDProcessStatus', 1, 'Overall Status', { displayFormat: 'UpperCase' }),
    str('OverallTotalDeliveryStatus', 1, 'Total Delivery Status', { displayFormat: 'UpperCase' }),
    str('OverallSDDocumentRejectionSts', 1, 'Rejection Status', { displayFormat: 'UpperCase' }),
    str('TotalCreditCheckStatus', 1, 'Overall Credit Status', { displayFormat: 'UpperCase' }),
  ],
  navigations: [{ name: 'to_Item', target: 'A_SalesOrderItem', multiplicity: '*' }],
};

const item: EntitySetDef = {
  set: 'A_SalesOrderItem',
  typeName: 'A_SalesOrderItemType',
  label: 'Sales Order Item',
  properties: [
    key('SalesOrder', 10, 'Sales Order'),
    key('SalesOrderItem', 6, 'Item', { displayFormat: 'NonNegative', quickinfo: 'Sales Document Item' }),
    str('HigherLevelItem', 6, 'Higher-Level Item', { displayFormat: 'NonNegative' }),
    str('SalesOrderItemCategory', 4, 'Item Category', { displayFormat: 'UpperCase' }),
    str('SalesOrderItemText', 40, 'Item Description', { quickinfo: 'Short Text for Sales Order Item', since: 'current' }),
    str('Material', 40, 'Material', { displayFormat: 'UpperCase', quickinfo: 'Material Number' }),
    str('MaterialByCustomer', 35, 'Customer Material', { quickinfo: 'Material Number Used by Customer' }),
    str('MaterialGroup', 9, 'Material Group', { displayFormat: 'UpperCase' }),
    quantity('RequestedQuantity', 15, 3, 'Requested Quantity', 'RequestedQuantityUnit'),
    uom('RequestedQuantityUnit', 'Sales Unit'),
    amount('NetAmount', 16, 'Net Value', 'TransactionCurrency', { quickinfo: 'Net Value of the Order Item in Document Currency' }),
    currency('TransactionCurrency', 'Document Currency'),
    str('Plant', 4, 'Plant', { displayFormat: 'UpperCase' }),
    str('StorageLocation', 4, 'Storage Location', { displayFormat: 'UpperCase' }),
    str('SDProcessStatus', 1, 'Overall Status', { displayFormat: 'UpperCase' }),
    str('DeliveryStatus', 1, 'Delivery Status', { displayFormat: 'UpperCase' }),
    str('SalesDocumentRjcnReason', 2, 'Reason for Rejection', { displayFormat: 'UpperCase' }),
  ],
  navigations: [],
};

const NAME = 'salesOrder';
const numbers = numbered(5_000_000_001);

const salesOrders: Family = {
  name: NAME,
  header,
  children: [item],
  count: (ctx) => ctx.count,
  changeTime: (ctx, i) => changeTime(ctx, NAME, i),
  indexOf: (ctx, k) => numbers.index(k.SalesOrder, ctx.count),
  generate(ctx, i, change) {
    const rand = rng(ctx, NAME, i);
    const cur = currencyOf(i);
    const customer = partyOf(CUSTOMERS, i, cur);
    const changed = change?.time ?? changeTime(ctx, NAME, i);
    const docDate = midnight(changeTime(ctx, NAME, i)) - Math.floor(rand() * 4) * DAY_MS;
    const rejected = i % 11 === 10;
    const ls = lines(rand, cur, change?.version ?? 0);
    const so = numbers.number(i);
    return {
      header: {
        SalesOrder: so,
        SalesOrderType: 'OR',
        SalesOrganization: '1710',
        DistributionChannel: '10',
        OrganizationDivision: '00',
        SalesGroup: `S${String(1 + (i % 8)).padStart(2, '0')}`,
        SalesOffice: 'JKT1',
        SoldToParty: customer.code,
        CreationDate: docDate,
        CreatedByUser: 'CB9980000012',
        LastChangeDate: midnight(changed),
        LastChangeDateTime: changed,
        PurchaseOrderByCustomer: `PO-${customer.code}-${String(i + 1).padStart(5, '0')}`,
        CustomerPurchaseOrderDate: docDate,
        SalesOrderDate: docDate,
        TotalNetAmount: money(sum(ls.map((l) => l.net)), cur),
        TransactionCurrency: cur,
        SDDocumentReason: '',
        RequestedDeliveryDate: docDate + 2 * DAY_MS,
        ShippingCondition: '01',
        CompleteDeliveryIsDefined: false,
        CustomerPaymentTerms: 'NT30',
        OverallSDProcessStatus: rejected ? 'C' : i % 3 === 0 ? 'C' : 'A',
        OverallTotalDeliveryStatus: i % 3 === 0 ? 'C' : 'A',
        OverallSDDocumentRejectionSts: rejected ? 'C' : 'A',
        TotalCreditCheckStatus: '',
      },
      children: {
        A_SalesOrderItem: ls.map((l, n) => ({
          SalesOrder: so,
          SalesOrderItem: itemNo(n),
          HigherLevelItem: '0',
          SalesOrderItemCategory: 'TAN',
          SalesOrderItemText: l.material.name,
          Material: l.material.code,
          MaterialByCustomer: '',
          MaterialGroup: l.material.group,
          RequestedQuantity: qty(l.cases),
          RequestedQuantityUnit: 'CS',
          NetAmount: money(l.net, cur),
          TransactionCurrency: cur,
          Plant: '1710',
          StorageLocation: '171A',
          SDProcessStatus: rejected ? 'C' : 'A',
          DeliveryStatus: i % 3 === 0 ? 'C' : 'A',
          SalesDocumentRjcnReason: rejected ? '50' : '',
        })),
      },
    };
  },
};

export const salesOrderService: ServiceDef = { name: 'API_SALES_ORDER_SRV', families: [salesOrders] };
