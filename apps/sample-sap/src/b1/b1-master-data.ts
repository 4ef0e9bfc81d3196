import { b1Date, b1Time, CUSTOMERS, ITEMS, SUPPLIERS, UOMS } from './b1-data';
import { parseCount, parseFilter, parseOrderBy, parseSelect } from './b1-query';

// Business One's master data as the Service Layer sends it: BusinessPartners
// (customers cCustomer, suppliers cSupplier) with the codes and names the
// documents carry, and Items with the units the document lines use (PCS the
// inventory unit, PAK and DUS bought and sold with their items per unit).
// Changed in October 2026, before every document; a touch stamps now.

export const B1_MASTER_DATA_SETS = ['BusinessPartners', 'Items'] as const;
export type B1MasterDataSet = (typeof B1_MASTER_DATA_SETS)[number];
export type B1MasterRecord = Record<string, string | number | null>;

const CITIES: [city: string, county: string, zip: string][] = [
  ['Jakarta Selatan', 'DKI Jakarta', '12190'],
  ['Bekasi', 'Jawa Barat', '17141'],
  ['Surabaya', 'Jawa Timur', '60271'],
  ['Yogyakarta', 'DI Yogyakarta', '55213'],
  ['Medan', 'Sumatera Utara', '20112'],
];
const GROUPS: Record<string, number> = { Indomie: 100, Teh: 101, Kopi: 101, Sabun: 102, Susu: 100, Roma: 100 };
const START = Date.UTC(2026, 9, 5, 9, 0, 0);
const unit = (code: string) => UOMS.find((u) => u.code === code)!;

/** A valid EAN-13 (899: Indonesia). */
function ean13(n: number): string {
  const body = `899${String(7_000_000 + n * 131).padStart(9, '0')}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

function stamped(record: B1MasterRecord, at: number): B1MasterRecord {
  return { ...record, CreateDate: b1Date(START - 200 * 86_400_000), UpdateDate: b1Date(at), UpdateTime: b1Time(at) };
}

export function generateB1MasterData(): Map<B1MasterDataSet, B1MasterRecord[]> {
  const partners = [...CUSTOMERS.map((c) => ({ c, type: 'cCustomer' })), ...SUPPLIERS.map((c) => ({ c, type: 'cSupplier' }))].map(
    ({ c: [code, name], type }, i) => {
      const [city, county, zip] = CITIES[i % CITIES.length]!;
      return stamped(
        {
          CardCode: code,
          CardName: name,
          CardType: type,
          GroupCode: type === 'cCustomer' ? 100 : 101,
          Address: `Jl. Pahlawan No. ${10 + i}`,
          City: city,
          County: county,
          ZipCode: zip,
          Country: 'ID',
          Phone1: `021-555${String(1000 + i)}`,
          Currency: '##',
          FederalTaxID: `01.234.${String(100 + i)}.5-012.000`,
          SalesPersonCode: type === 'cCustomer' ? 1 + (i % 5) : -1,
          Valid: 'tYES',
          Frozen: 'tNO',
        },
        START + i * 3 * 3_600_000 + ((i * 7_919) % 3_600) * 1000,
      );
    },
  );
  const items = ITEMS.map((item, i) =>
    stamped(
      {
        ItemCode: item.code,
        ItemName: item.name,
        ForeignName: null,
        ItemsGroupCode: GROUPS[item.name.split(' ')[0]!] ?? 100,
        BarCode: ean13(i),
        Manufacturer: -1,
        UoMGroupEntry: -1,
        InventoryUOM: 'PCS',
        SalesUnit: 'PAK',
        SalesItemsPerUnit: unit('PAK').per,
        PurchaseUnit: 'DUS',
        PurchaseItemsPerUnit: unit('DUS').per,
        SalesItem: 'tYES',
        PurchaseItem: 'tYES',
        InventoryItem: 'tYES',
        Valid: 'tYES',
        Frozen: 'tNO',
      },
      // Two items changed in the same second, as the documents' same-second orders.
      START + 10 * 86_400_000 + Math.min(i, 4) * 5_400_000,
    ),
  );
  return new Map<B1MasterDataSet, B1MasterRecord[]>([
    ['BusinessPartners', partners],
    ['Items', items],
  ]);
}

/** Property names a $filter, $orderby or $select may name, per set. */
export const MASTER_DATA_PROPERTY_NAMES: Record<B1MasterDataSet, ReadonlySet<string>> = {
  BusinessPartners: new Set(Object.keys(generateB1MasterData().get('BusinessPartners')![0]!)),
  Items: new Set(Object.keys(generateB1MasterData().get('Items')![0]!)),
};

/** The key of a master-data record (CardCode or ItemCode). */
export const masterKeyOf = (set: B1MasterDataSet, r: B1MasterRecord) => String(set === 'BusinessPartners' ? r.CardCode : r.ItemCode);

/**
 * One page of a master-data set, as the documents are paged: $filter,
 * $orderby (by key without one), $select, $top/$skip, the page size asked
 * for, and `odata.nextLink` by `$skip` while more is there.
 */
export function masterDataCollection(
  q: Record<string, string | undefined>,
  set: B1MasterDataSet,
  records: B1MasterRecord[],
  pageSize: number,
  origin: string,
): Record<string, unknown> {
  const names = MASTER_DATA_PROPERTY_NAMES[set];
  let rows = records;
  if (q.$filter !== undefined) rows = rows.filter(parseFilter(q.$filter, names));
  rows = [...rows].sort(q.$orderby !== undefined ? parseOrderBy(q.$orderby, names) : (a, b) => (masterKeyOf(set, a) < masterKeyOf(set, b) ? -1 : 1));
  const select = q.$select !== undefined ? parseSelect(q.$select, names) : null;
  const skip = parseCount(q.$skip, '$skip') ?? 0;
  const top = parseCount(q.$top, '$top');
  const wanted = rows.slice(skip, top === undefined ? undefined : skip + top);
  const page = wanted.slice(0, pageSize).map((r): B1MasterRecord => ({ 'odata.etag': `W/"${r.UpdateDate}${r.UpdateTime}${masterKeyOf(set, r)}"`, ...r }));
  const body: Record<string, unknown> = {
    'odata.metadata': `${origin}/b1s/v1/$metadata#${set}`,
    value: select ? page.map((row) => Object.fromEntries(select.map((name) => [name, row[name]]))) : page,
  };
  if (page.length < wanted.length) {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && k !== '$skip' && k !== '$top') next.set(k, v);
    if (top !== undefined) next.set('$top', String(top - page.length));
    next.set('$skip', String(skip + page.length));
    body['odata.nextLink'] = `${set}?${[...next].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
  }
  return body;
}
