import type { MasterDataKind } from '@portal/contracts';
import type { MasterDataMapping, MasterDataPage, PullCursor } from '../../source-connector';
import { ratioToDecimal } from '../decimal-ratio';
import { canonical, conversionsOf, fail, text } from '../master-data-mapping';
import { datetimeOffsetLiteral, dateLiteral, v2Instant, withoutV2Noise } from '../odata/v2-values';
import { admit, cursorAfterPage, startPass } from './s4-cursor';
import { collectionOf, type S4Http } from './s4-http';

// S/4HANA's master data (docs/product/sap-s4hana-connector.md, "Master
// data"): customers are the business partners that are customers
// (A_BusinessPartner with its addresses: A_Customer has no change date),
// products are A_Product with descriptions and units of measure. Both are
// read like the documents: by change time and key, following `__next`,
// resumed from the stored pass.

type Rec = Record<string, unknown>;

interface MasterDataSet {
  service: string;
  entitySet: string;
  key: string;
  expand: string;
  /** The pass's `$filter` (the watermark's lower bound, when there is one). */
  filter(since: Date | null): string | null;
  orderby: string;
  /** When the record last changed. */
  changedAt(r: Rec): Date | null;
}

const SETS: Record<MasterDataKind, MasterDataSet> = {
  CUSTOMER: {
    service: 'API_BUSINESS_PARTNER',
    entitySet: 'A_BusinessPartner',
    key: 'BusinessPartner',
    expand: 'to_BusinessPartnerAddress',
    // The change instant is two fields: a later day, or the same day at or after the time (whole seconds).
    filter: (since) =>
      `Customer ne ''${since ? ` and (LastChangeDate gt ${dateLiteral(since)} or (LastChangeDate eq ${dateLiteral(since)} and LastChangeTime ge ${timeLiteral(since)}))` : ''}`,
    orderby: 'LastChangeDate asc,LastChangeTime asc,BusinessPartner asc',
    changedAt: (r) => partnerChangedAt(r),
  },
  PRODUCT: {
    service: 'API_PRODUCT_SRV',
    entitySet: 'A_Product',
    key: 'Product',
    expand: 'to_Description,to_ProductUnitsOfMeasure',
    filter: (since) => (since ? `LastChangeDateTime ge ${datetimeOffsetLiteral(since)}` : null),
    orderby: 'LastChangeDateTime asc,Product asc',
    changedAt: (r) => v2Instant(r.LastChangeDateTime) ?? v2Instant(r.LastChangeDate),
  },
};

/** `time'PT14H05M09S'`: the time of day (UTC) of an instant, for Edm.Time fields such as LastChangeTime. */
function timeLiteral(d: Date): string {
  const iso = d.toISOString();
  return `time'PT${iso.slice(11, 13)}H${iso.slice(14, 16)}M${iso.slice(17, 19)}S'`;
}

/** A_BusinessPartner's LastChangeDate (midnight UTC) plus LastChangeTime (`PT14H05M09S`). */
function partnerChangedAt(r: Rec): Date | null {
  const day = v2Instant(r.LastChangeDate);
  const m = typeof r.LastChangeTime === 'string' ? /^PT(\d{1,2})H(\d{1,2})M(\d{1,2})S$/.exec(r.LastChangeTime) : null;
  if (!day || !m) return day;
  return new Date(day.getTime() + ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000);
}

/**
 * Changed customers or products from `from`, page by page. A system without
 * the service or set (404), or whose communication arrangement does not cover
 * it (403), does not offer it: one `{ offered: false }`, documents unaffected.
 */
export async function* pullS4MasterData(http: S4Http, kind: MasterDataKind, from: PullCursor, top: number): AsyncGenerator<MasterDataPage, void, undefined> {
  const s = SETS[kind];
  const where = `${s.service}/${s.entitySet}`;
  let cursor = from;
  let first = true;
  for (;;) {
    const pass = startPass(cursor);
    const filter = s.filter(pass.since);
    let url = pass.next
      ? http.nextUrl(s.service, pass.next)
      : http.url(s.service, s.entitySet, { ...(filter ? { $filter: filter } : {}), $orderby: s.orderby, $expand: s.expand, $top: String(top) });
    for (;;) {
      const res = await http.mapped(() => http.get(url), where);
      if (first && (res.status === 404 || res.status === 403)) {
        yield { offered: false };
        return;
      }
      first = false;
      const page = collectionOf(res, where);
      const records: Rec[] = [];
      for (const raw of page.results) {
        const record = withoutV2Noise(raw) as Rec;
        const key = typeof record?.[s.key] === 'string' && record[s.key] !== '' ? (record[s.key] as string) : null;
        const at = record && typeof record === 'object' ? s.changedAt(record) : null;
        // Whole seconds on the wire: anything before the watermark was taken last pass.
        if (at && pass.since && at.getTime() < pass.since.getTime()) continue;
        if (admit(pass, key, at)) records.push(record);
      }
      const next = cursorAfterPage(pass, page.next);
      yield { offered: true, records, next };
      if (page.next) {
        url = http.nextUrl(s.service, page.next);
        continue;
      }
      // A full page without `__next` (a server reading `$top` as the result's size): a new pass from the newest change.
      if (page.results.length < top || records.length === 0) return;
      cursor = next;
      break;
    }
  }
}

/** One A_BusinessPartner or A_Product record (as pulled, navigations expanded) as a canonical customer or product. */
export function mapS4MasterData<K extends MasterDataKind>(kind: K, record: unknown): MasterDataMapping<K> {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return fail('NOT_AN_OBJECT', {}, 'the record is not a JSON object');
  const r = record as Rec;
  const s = SETS[kind];
  const id = text(r[s.key]);
  if (!id) return fail('FIELD_MISSING', { field: s.key }, `${s.key} is missing`);
  const at = s.changedAt(r);
  const stamp = kind === 'CUSTOMER' ? 'LastChangeDate' : 'LastChangeDateTime';
  if (!at) return fail('NOT_A_DATETIME', { field: stamp, value: String(r[stamp] ?? '') }, `${stamp} is not an OData date`);
  const head = { sourceId: id, sourceUpdatedAt: at.toISOString() };
  return (kind === 'CUSTOMER' ? mapCustomer(r, head) : mapProduct(r, head)) as MasterDataMapping<K>;
}

type Head = { sourceId: string; sourceUpdatedAt: string };
const results = (v: unknown): Rec[] => {
  const list = (v as { results?: unknown } | null)?.results ?? v;
  return Array.isArray(list) ? list.filter((x): x is Rec => x !== null && typeof x === 'object') : [];
};

function mapCustomer(r: Rec, head: Head): MasterDataMapping<'CUSTOMER'> {
  const code = text(r.Customer);
  if (!code) return fail('REQUIRED_EMPTY', { field: 'code', source: 'Customer' }, 'Customer is empty (the business partner is not a customer)');
  const name = text(r.BusinessPartnerFullName) ?? text(r.BusinessPartnerName) ?? text(r.OrganizationBPName1);
  if (!name) return fail('REQUIRED_EMPTY', { field: 'name', source: 'BusinessPartnerFullName' }, 'BusinessPartnerFullName is empty');
  // The first address is the partner's standard address as the API lists it.
  const address = results(r.to_BusinessPartnerAddress)[0];
  const street = [text(address?.StreetName), text(address?.HouseNumber)].filter(Boolean).join(' ');
  return canonical('CUSTOMER', {
    ...head,
    code,
    name,
    address: street || null,
    city: text(address?.CityName),
    salesmanCode: null,
    outletType: null,
  });
}

/** The description in Bahasa Indonesia, else English, else the first one there is. */
function descriptionOf(r: Rec): string | null {
  const list = results(r.to_Description);
  for (const lang of ['ID', 'EN']) {
    const d = list.find((x) => x.Language === lang && text(x.ProductDescription));
    if (d) return text(d.ProductDescription);
  }
  return list.map((x) => text(x.ProductDescription)).find(Boolean) ?? null;
}

function mapProduct(r: Rec, head: Head): MasterDataMapping<'PRODUCT'> {
  const code = head.sourceId;
  const name = descriptionOf(r);
  if (!name) return fail('REQUIRED_EMPTY', { field: 'name', source: 'to_Description/ProductDescription' }, 'the product has no description');
  const baseUnit = text(r.BaseUnit);
  if (!baseUnit) return fail('REQUIRED_EMPTY', { field: 'baseUnit', source: 'BaseUnit' }, 'BaseUnit is empty');
  const units = results(r.to_ProductUnitsOfMeasure).map((u) => {
    const numerator = text(u.QuantityNumerator) ?? '';
    const denominator = text(u.QuantityDenominator) ?? '';
    return { unit: text(u.AlternativeUnit) ?? '', factor: ratioToDecimal(numerator, denominator), raw: `${numerator}/${denominator}` };
  });
  const conversions = conversionsOf(baseUnit, units);
  if (!Array.isArray(conversions)) return conversions;
  return canonical('PRODUCT', {
    ...head,
    code,
    name,
    baseUnit,
    conversions,
    brand: text(r.Brand),
    category: text(r.ProductGroup),
    barcode: text(r.ProductStandardID),
  });
}
