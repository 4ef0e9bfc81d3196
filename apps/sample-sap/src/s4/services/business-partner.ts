import { bool, date, type EntitySetDef, key, str } from '../edm';
import { type Family, type Row, type ServiceDef } from '../family';
import { CUSTOMERS, type Party, SUPPLIERS } from '../seed';

// The parties every generated document names, so a client can look their names up.
const customer: EntitySetDef = {
  set: 'A_Customer',
  typeName: 'A_CustomerType',
  label: 'Customer',
  properties: [
    key('Customer', 10, 'Customer', { quickinfo: 'Customer Number' }),
    str('CustomerName', 80, 'Name of Customer'),
    str('CustomerFullName', 220, 'Customer Full Name'),
    str('CustomerAccountGroup', 4, 'Account Group', { displayFormat: 'UpperCase' }),
    date('CreationDate', 'Created On'),
    str('CreatedByUser', 12, 'Created By'),
    str('CustomerClassification', 2, 'Customer Classific.', { displayFormat: 'UpperCase' }),
    str('Industry', 4, 'Industry', { displayFormat: 'UpperCase' }),
    str('TaxNumber1', 16, 'Tax Number 1', { displayFormat: 'UpperCase' }),
    str('VATRegistration', 20, 'VAT Registration No.', { displayFormat: 'UpperCase' }),
    str('OrderIsBlockedForCustomer', 2, 'Order Block', { displayFormat: 'UpperCase' }),
    bool('PostingIsBlocked', 'Posting Block'),
    bool('DeletionIndicator', 'Deletion Flag'),
  ],
  navigations: [],
};

const supplier: EntitySetDef = {
  set: 'A_Supplier',
  typeName: 'A_SupplierType',
  label: 'Supplier',
  properties: [
    key('Supplier', 10, 'Supplier', { quickinfo: 'Account Number of Supplier' }),
    str('SupplierName', 80, 'Name of Supplier'),
    str('SupplierFullName', 220, 'Supplier Full Name'),
    str('SupplierAccountGroup', 4, 'Account Group', { displayFormat: 'UpperCase' }),
    date('CreationDate', 'Created On'),
    str('CreatedByUser', 12, 'Created By'),
    str('VATRegistration', 20, 'VAT Registration No.', { displayFormat: 'UpperCase' }),
    str('Customer', 10, 'Customer', { displayFormat: 'UpperCase' }),
    bool('PostingIsBlocked', 'Posting Block'),
    bool('PurchasingIsBlocked', 'Purchasing Block'),
    bool('DeletionIndicator', 'Deletion Flag'),
  ],
  navigations: [],
};

const CREATED = Date.UTC(2025, 5, 2);
const npwp = (i: number) => `0${String(1_234_567_890_000 + i * 7_919).slice(0, 14)}`;

function partyFamily(def: EntitySetDef, list: readonly Party[], row: (p: Party, i: number) => Row): Family {
  const keyName = def.properties[0]!.name;
  return {
    name: def.set,
    header: def,
    children: [],
    count: () => list.length,
    indexOf: (_ctx, k) => {
      const i = list.findIndex((p) => p.code === k[keyName]);
      return i < 0 ? null : i;
    },
    generate: (_ctx, i) => ({ header: row(list[i]!, i), children: {} }),
  };
}

const customers = partyFamily(customer, CUSTOMERS, (p, i) => ({
  Customer: p.code,
  CustomerName: p.name,
  CustomerFullName: p.name,
  CustomerAccountGroup: 'CUST',
  CreationDate: CREATED + i * 86_400_000,
  CreatedByUser: 'CB9980000010',
  CustomerClassification: i % 3 === 0 ? 'A' : 'B',
  Industry: 'RETL',
  TaxNumber1: npwp(i),
  VATRegistration: '',
  OrderIsBlockedForCustomer: '',
  PostingIsBlocked: false,
  DeletionIndicator: false,
}));

const suppliers = partyFamily(supplier, SUPPLIERS, (p, i) => ({
  Supplier: p.code,
  SupplierName: p.name,
  SupplierFullName: p.name,
  SupplierAccountGroup: 'SUPL',
  CreationDate: CREATED + i * 86_400_000,
  CreatedByUser: 'CB9980000010',
  VATRegistration: npwp(100 + i),
  Customer: '',
  PostingIsBlocked: false,
  PurchasingIsBlocked: false,
  DeletionIndicator: false,
}));

export const businessPartnerService: ServiceDef = { name: 'API_BUSINESS_PARTNER', families: [customers, suppliers] };
