import { amount, currency, date, type EntitySetDef, key, quantity, str, timestamp, uom } from '../edm';
import { type Family, numbered, type ServiceDef } from '../family';
import { changeTime, CUSTOMERS, currencyOf, DAY_MS, itemNo, lines, midnight, money, partyOf, qty, rng, sum } from '../seed';
import { billingNumber } from './billing-document';

const header: EntitySetDef = {
  set: 'A_CustomerReturn',
  typeName: 'A_CustomerReturnType',
  label: 'Returns Order Header',
  properties: [
    key('CustomerReturn', 10, 'Customer Return', { quickinfo: 'Sales Document' }),
    str('CustomerReturnType', 4, 'Sales Document Type', { displayFormat: 'UpperCase' }),
    str('SalesOrganization', 4, 'Sales Organization', { displayFormat: 'UpperCase' }),
    str('DistributionChannel', 2, 'Distribution Channel', { displayFormat: 'UpperCase' }),
    str('OrganizationDivision', 2, 'Division', { displayFormat: 'UpperCase' }),
    str('SoldToParty', 10, 'Sold-to Party', { displayFormat: 'UpperCase' }),
    date('CreationDate', 'Created On'),
    str('CreatedByUser', 12, 'Created By'),
    date('LastChangeDate', 'Changed On'),
    timestamp('LastChangeDateTime', 'Time Stamp', { concurrency: true }),
    str('PurchaseOrderByCustomer', 35, 'Customer Reference'),
    date('CustomerReturnDate', 'Document Date', { quickinfo: 'Document Date (Date Received/Sent)' }),
    amount('TotalNetAmount', 16, 'Net Value', 'TransactionCurrency'),
    currency('TransactionCurrency', 'Document Currency'),
    str('SDDocumentReason', 3, 'Order Reason', { displayFormat: 'UpperCase' }),
    str('ReferenceSDDocument', 10, 'Reference Document', { displayFormat: 'UpperCase' }),
    str('ReferenceSDDocumentCategory', 4, 'Preceding Doc. Categ.', { displayFormat: 'UpperCase' }),
    str('OverallSDProcessStatus', 1, 'Overall Status', { displayFormat: 'UpperCase' }),
  ],
  navigations: [{ name: 'to_Item', target: 'A_CustomerReturnItem', multiplicity: '*' }],
};

const item: EntitySetDef = {
  set: 'A_CustomerReturnItem',
  typeName: 'A_CustomerReturnItemType',
  label: 'Returns Order Item',
  properties: [
    key('CustomerReturn', 10, 'Customer Return'),
    key('CustomerReturnItem', 6, 'Item', { displayFormat: 'NonNegative' }),
    str('CustomerReturnItemCategory', 4, 'Item Category', { displayFormat: 'UpperCase' }),
    str('CustomerReturnItemText', 40, 'Item Description'),
    str('Material', 40, 'Material', { displayFormat: 'UpperCase' }),
    quantity('RequestedQuantity', 15, 3, 'Requested Quantity', 'RequestedQuantityUnit'),
    uom('RequestedQuantityUnit', 'Sales Unit'),
    amount('NetAmount', 16, 'Net Value', 'TransactionCurrency'),
    currency('TransactionCurrency', 'Document Currency'),
    str('ReturnReason', 3, 'Return Reason', { displayFormat: 'UpperCase' }),
    str('ReferenceSDDocument', 10, 'Reference Document', { displayFormat: 'UpperCase' }),
    str('ReferenceSDDocumentItem', 6, 'Reference Item', { displayFormat: 'NonNegative' }),
    str('Plant', 4, 'Plant', { displayFormat: 'UpperCase' }),
  ],
  navigations: [],
};

const NAME = 'customerReturn';
const numbers = numbered(6_000_000_001);
const REASONS = ['101', '102', '103'];

const customerReturns: Family = {
  name: NAME,
  header,
  children: [item],
  count: (ctx) => ctx.count,
  changeTime: (ctx, i) => changeTime(ctx, NAME, i),
  indexOf: (ctx, k) => numbers.index(k.CustomerReturn, ctx.count),
  generate(ctx, i, change) {
    const rand = rng(ctx, NAME, i);
    const cur = currencyOf(i);
    const customer = partyOf(CUSTOMERS, i, cur);
    const changed = change?.time ?? changeTime(ctx, NAME, i);
    const docDate = midnight(changeTime(ctx, NAME, i)) - Math.floor(rand() * 3) * DAY_MS;
    const ls = lines(rand, cur, change?.version ?? 0).map((l) => ({ ...l, cases: Math.max(1, Math.ceil(l.cases / 5)) }));
    const nets = ls.map((l) => l.cases * l.price);
    const cr = numbers.number(i);
    // Returns refer to the billing document of the same index (of the same customer and currency).
    const billing = billingNumber(i);
    const reason = REASONS[i % REASONS.length]!;
    return {
      header: {
        CustomerReturn: cr,
        CustomerReturnType: 'CBAR',
        SalesOrganization: '1710',
        DistributionChannel: '10',
        OrganizationDivision: '00',
        SoldToParty: customer.code,
        CreationDate: docDate,
        CreatedByUser: 'CB9980000012',
        LastChangeDate: midnight(changed),
        LastChangeDateTime: changed,
        PurchaseOrderByCustomer: `RET-${String(i + 1).padStart(5, '0')}`,
        CustomerReturnDate: docDate,
        TotalNetAmount: money(sum(nets), cur),
        TransactionCurrency: cur,
        SDDocumentReason: reason,
        ReferenceSDDocument: billing,
        ReferenceSDDocumentCategory: 'M',
        OverallSDProcessStatus: i % 4 === 0 ? 'C' : 'A',
      },
      children: {
        A_CustomerReturnItem: ls.map((l, n) => ({
          CustomerReturn: cr,
          CustomerReturnItem: itemNo(n),
          CustomerReturnItemCategory: 'CBAR',
          CustomerReturnItemText: l.material.name,
          Material: l.material.code,
          RequestedQuantity: qty(l.cases),
          RequestedQuantityUnit: 'CS',
          NetAmount: money(nets[n]!, cur),
          TransactionCurrency: cur,
          ReturnReason: reason,
          ReferenceSDDocument: billing,
          ReferenceSDDocumentItem: itemNo(n),
          Plant: '1710',
        })),
      },
    };
  },
};

export const customerReturnService: ServiceDef = { name: 'API_CUSTOMER_RETURN_SRV', families: [customerReturns] };
