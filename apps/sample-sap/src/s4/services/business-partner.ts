import { bool, date, type EntitySetDef, key, str, time } from '../edm';
import { type Family, type Row, type ServiceDef } from '../family';
import { CUSTOMERS, DAY_MS, midnight, type Party, SUPPLIERS } from '../seed';

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

// The business partners behind both (S/4HANA keeps customers and suppliers as business partners,
// numbered alike here): A_Customer has no change date, A_BusinessPartner has LastChangeDate and
// LastChangeTime, and its addresses carry the city. Master-data pulls read this set.
const businessPartner: EntitySetDef = {
  set: 'A_BusinessPartner',
  typeName: 'A_BusinessPartnerType',
  label: 'Business Partner',
  properties: [
    key('BusinessPartner', 10, 'Business Partner', { quickinfo: 'Business Partner Number' }),
    str('Customer', 10, 'Customer', { displayFormat: 'UpperCase' }),
    str('Supplier', 10, 'Supplier', { displayFormat: 'UpperCase' }),
    str('BusinessPartnerCategory', 1, 'BP Category', { quickinfo: 'Business Partner Category' }),
    str('BusinessPartnerFullName', 81, 'Full Name', { quickinfo: 'Business Partner Full Name' }),
    str('BusinessPartnerGrouping', 4, 'Grouping', { quickinfo: 'Business Partner Grouping' }),
    str('BusinessPartnerName', 81, 'Name', { quickinfo: 'Name of Business Partner' }),
    str('OrganizationBPName1', 40, 'Name 1', { quickinfo: 'Name 1 of organization' }),
    str('SearchTerm1', 20, 'Search Term 1', { displayFormat: 'UpperCase' }),
    date('CreationDate', 'Created On'),
    str('CreatedByUser', 12, 'Created By'),
    date('LastChangeDate', 'Changed On', { quickinfo: 'Date when object was last changed' }),
    time('LastChangeTime', 'Changed At'),
    str('LastChangedByUser', 12, 'Changed By'),
    bool('IsMarkedForArchiving', 'Archiving Flag', { quickinfo: 'Central Archiving Flag' }),
    bool('BusinessPartnerIsBlocked', 'Central Block', { quickinfo: 'Central Block for Business Partner' }),
  ],
  navigations: [{ name: 'to_BusinessPartnerAddress', target: 'A_BusinessPartnerAddress', multiplicity: '*' }],
};

const businessPartnerAddress: EntitySetDef = {
  set: 'A_BusinessPartnerAddress',
  typeName: 'A_BusinessPartnerAddressType',
  label: 'Business Partner Address',
  properties: [
    key('BusinessPartner', 10, 'Business Partner'),
    key('AddressID', 10, 'Address Number'),
    date('ValidityStartDate', 'Valid From', { quickinfo: 'Validity Start of a Business Partner Address' }),
    str('CityName', 40, 'City'),
    str('District', 40, 'District'),
    str('StreetName', 60, 'Street'),
    str('HouseNumber', 10, 'House Number'),
    str('PostalCode', 10, 'Postal Code', { quickinfo: 'City Postal Code' }),
    str('Region', 3, 'Region', { displayFormat: 'UpperCase', quickinfo: 'Region (State, Province, County)' }),
    str('Country', 3, 'Country/Region Key', { displayFormat: 'UpperCase' }),
    str('Language', 2, 'Language Key'),
  ],
  navigations: [],
};

const CITIES: readonly [city: string, region: string, postal: string][] = [
  ['Jakarta Barat', 'JK', '11470'],
  ['Bandung', 'JB', '40115'],
  ['Surabaya', 'JI', '60271'],
  ['Semarang', 'JT', '50132'],
  ['Medan', 'SU', '20112'],
  ['Makassar', 'SN', '90111'],
  ['Denpasar', 'BA', '80232'],
];
const STREETS = ['Jl. Merdeka', 'Jl. Sudirman', 'Jl. Gatot Subroto', 'Jl. Diponegoro', 'Jl. Ahmad Yani'];

/** Every business partner: the customers first, then the suppliers, each numbered as on the documents. */
const PARTNERS: readonly { party: Party; role: 'customer' | 'supplier' }[] = [
  ...CUSTOMERS.map((party) => ({ party, role: 'customer' as const })),
  ...SUPPLIERS.map((party) => ({ party, role: 'supplier' as const })),
];
/** Partner i last changed here (before any document, seconds apart), until touched. */
const partnerChangeTime = (i: number) => Date.UTC(2025, 10, 3, 2, 0, 0) + i * (DAY_MS / 3) + ((i * 7_919) % 3_600) * 1000;

const businessPartners: Family = {
  name: 'businessPartner',
  header: businessPartner,
  children: [businessPartnerAddress],
  count: () => PARTNERS.length,
  changeTime: (_ctx, i) => partnerChangeTime(i),
  indexOf: (_ctx, k) => {
    const i = PARTNERS.findIndex((p) => p.party.code === k.BusinessPartner);
    return i < 0 ? null : i;
  },
  generate(_ctx, i, change) {
    const { party, role } = PARTNERS[i]!;
    // A touched partner moved: its address names the next city, so the change shows. Times are whole seconds (Edm.Time).
    const changed = Math.floor((change?.time ?? partnerChangeTime(i)) / 1000) * 1000;
    const [city, region, postal] = CITIES[(i + (change?.version ?? 0)) % CITIES.length]!;
    const foreign = party.currency === 'USD' ? 'SG' : party.currency === 'JPY' ? 'JP' : 'ID';
    return {
      header: {
        BusinessPartner: party.code,
        Customer: role === 'customer' ? party.code : '',
        Supplier: role === 'supplier' ? party.code : '',
        BusinessPartnerCategory: '2',
        BusinessPartnerFullName: party.name,
        BusinessPartnerGrouping: role === 'customer' ? 'BPCU' : 'BPSU',
        BusinessPartnerName: party.name,
        OrganizationBPName1: party.name.slice(0, 40),
        SearchTerm1: party.name.slice(0, 20).toUpperCase(),
        CreationDate: CREATED + i * DAY_MS,
        CreatedByUser: 'CB9980000010',
        LastChangeDate: midnight(changed),
        LastChangeTime: changed,
        LastChangedByUser: change ? 'CB9980000011' : 'CB9980000010',
        IsMarkedForArchiving: false,
        BusinessPartnerIsBlocked: false,
      },
      children: {
        A_BusinessPartnerAddress: [
          {
            BusinessPartner: party.code,
            AddressID: String(30_000 + i),
            ValidityStartDate: CREATED + i * DAY_MS,
            CityName: foreign === 'ID' ? city : foreign === 'SG' ? 'Singapore' : 'Tokyo',
            District: '',
            StreetName: foreign === 'ID' ? STREETS[i % STREETS.length]! : foreign === 'SG' ? 'Raffles Place' : 'Marunouchi',
            HouseNumber: String(1 + ((i * 17) % 120)),
            PostalCode: foreign === 'ID' ? postal : foreign === 'SG' ? '048616' : '100-0005',
            Region: foreign === 'ID' ? region : '',
            Country: foreign,
            Language: foreign === 'JP' ? 'JA' : 'EN',
          },
        ],
      },
    };
  },
};

export const businessPartnerService: ServiceDef = { name: 'API_BUSINESS_PARTNER', families: [customers, suppliers, businessPartners] };
