import type { MasterDataKind } from '@portal/contracts';
import { ConnectorError } from '../../connector-error';
import type { MasterDataMapping, MasterDataPage, PullCursor } from '../../source-connector';
import { canonical, conversionsOf, fail, text } from '../master-data-mapping';
import type { B1Client } from './b1-client';
import { type Stamp, stampOf, stampOfDate, stampToDate } from './b1-cursor';

// Business One's master data (docs/product/sap-business-one.md, "Master
// data"): customers are BusinessPartners with CardType cCustomer, products
// are Items. Read like the documents: keyset-paged by (UpdateDate,
// UpdateTime, code), the watermark's second remembered by code.

type Rec = Record<string, unknown>;

const SETS: Record<MasterDataKind, { set: string; key: string; only: string | null }> = {
  CUSTOMER: { set: 'BusinessPartners', key: 'CardCode', only: "CardType eq 'cCustomer'" },
  PRODUCT: { set: 'Items', key: 'ItemCode', only: null },
};

/** The newest change of a pass and the codes changed in exactly that second (null: every one). */
interface Floor extends Stamp {
  seen: string[] | null;
}
interface State {
  floor: Floor | null;
  /** Mid-pass: the last record read and the newest change seen so far. */
  after: (Stamp & { code: string }) | null;
  newest: Floor | null;
}

const compare = (a: Stamp, b: Stamp) => (a.date === b.date ? (a.time === b.time ? 0 : a.time < b.time ? -1 : 1) : a.date < b.date ? -1 : 1);
const quoted = (s: string) => `'${s.replace(/'/g, "''")}'`;

function decode(cursor: string | null): State | null {
  if (!cursor) return null;
  try {
    const raw = JSON.parse(cursor) as { v?: unknown; md?: unknown } & State;
    return raw.v === 1 && raw.md === true ? { floor: raw.floor ?? null, after: raw.after ?? null, newest: raw.newest ?? null } : null;
  } catch {
    // Not one of ours: the pass starts at the stored watermark.
    return null;
  }
}
const encode = (s: State) => JSON.stringify({ v: 1, md: true, ...s });

function filterOf(key: string, state: { floor: Floor | null; after: State['after'] }): string | null {
  const a = state.after;
  if (a) {
    const [d, t] = [quoted(a.date), quoted(a.time)];
    return `(UpdateDate gt ${d} or (UpdateDate eq ${d} and (UpdateTime gt ${t} or (UpdateTime eq ${t} and ${key} gt ${quoted(a.code)}))))`;
  }
  // Business One filters dates, not instants: the floor's whole day is read again and its earlier changes skipped.
  return state.floor ? `UpdateDate ge ${quoted(state.floor.date)}` : null;
}

/**
 * Changed customers or products from `from`. A Service Layer without the
 * entity set (404 on the first page) does not offer it: one `{ offered: false }`.
 */
export async function* pullB1MasterData(
  client: B1Client,
  kind: MasterDataKind,
  from: PullCursor,
  pageSize: number,
): AsyncGenerator<MasterDataPage, void, undefined> {
  const { set, key, only } = SETS[kind];
  const state = decode(from.cursor);
  const floor: Floor | null = state ? state.floor : from.updatedSince ? { ...stampOfDate(from.updatedSince), seen: null } : null;
  let after = state?.after ?? null;
  let newest: Floor | null = after ? (state?.newest ?? floor) : floor;
  let first = true;
  for (;;) {
    const filter = [only, filterOf(key, { floor, after })].filter(Boolean).join(' and ');
    let page;
    try {
      page = await client.getPage(`${set}?${filter ? `$filter=${encodeURIComponent(filter)}&` : ''}$orderby=UpdateDate,UpdateTime,${key}`, pageSize);
    } catch (err) {
      if (first && err instanceof ConnectorError && err.fault.kind === 'unavailable' && err.fault.status === 404) {
        yield { offered: false };
        return;
      }
      throw err;
    }
    first = false;
    const records: Rec[] = [];
    for (const record of page.value) {
      const code = text(record[key]);
      const stamp = stampOf(record);
      if (!code || !stamp) throw new ConnectorError('SAP', { kind: 'malformed' }, `A ${set} record without ${key}, UpdateDate or UpdateTime`);
      after = { ...stamp, code };
      const c = floor ? compare(stamp, floor) : 1;
      if (c < 0 || (c === 0 && (floor!.seen === null || floor!.seen.includes(code)))) continue;
      const n = newest ? compare(stamp, newest) : 1;
      if (n > 0) newest = { ...stamp, seen: [code] };
      else if (n === 0 && newest!.seen !== null && !newest!.seen.includes(code)) newest = { ...newest!, seen: [...newest!.seen, code] };
      records.push(record);
    }
    if (page.nextLink && page.value.length > 0) {
      yield { offered: true, records, next: { updatedSince: from.updatedSince, cursor: encode({ floor, after, newest }) } };
      continue;
    }
    yield {
      offered: true,
      records,
      next: newest ? { updatedSince: stampToDate(newest), cursor: encode({ floor: newest, after: null, newest: null }) } : { updatedSince: null, cursor: null },
    };
    return;
  }
}

/** A Service Layer number (Edm.Double) as a decimal string; never an exponent. */
function decimalOf(v: unknown): string | null {
  if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim())) return v.trim();
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return null;
  const s = String(v);
  return /e/i.test(s) ? v.toFixed(6).replace(/\.?0+$/, '') : s;
}

/** One BusinessPartners or Items record as a canonical customer or product. */
export function mapB1MasterData<K extends MasterDataKind>(kind: K, record: unknown): MasterDataMapping<K> {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return fail('NOT_AN_OBJECT', {}, 'the record is not a JSON object');
  const r = record as Rec;
  const { key } = SETS[kind];
  const code = text(r[key]);
  if (!code) return fail('FIELD_MISSING', { field: key }, `${key} is missing`);
  const stamp = stampOf(r);
  if (!stamp)
    return fail(
      'NOT_A_DATETIME',
      { field: 'UpdateDate', value: `${String(r.UpdateDate ?? '')} ${String(r.UpdateTime ?? '')}` },
      'UpdateDate/UpdateTime is not a date and time',
    );
  // The Service Layer's wall clock read as UTC, as the documents' templates read it.
  const head = { sourceId: code, sourceUpdatedAt: stampToDate(stamp).toISOString(), code };
  if (kind === 'CUSTOMER') {
    const name = text(r.CardName);
    if (!name) return fail('REQUIRED_EMPTY', { field: 'name', source: 'CardName' }, 'CardName is empty');
    const salesman = typeof r.SalesPersonCode === 'number' && r.SalesPersonCode > 0 ? String(r.SalesPersonCode) : null;
    return canonical(kind, { ...head, name, address: text(r.Address), city: text(r.City), salesmanCode: salesman, outletType: null });
  }
  const name = text(r.ItemName);
  if (!name) return fail('REQUIRED_EMPTY', { field: 'name', source: 'ItemName' }, 'ItemName is empty');
  const baseUnit = text(r.InventoryUOM);
  if (!baseUnit) return fail('REQUIRED_EMPTY', { field: 'baseUnit', source: 'InventoryUOM' }, 'InventoryUOM is empty');
  // Units set on the item itself (no UoM group): the sales and the purchasing unit, each so many inventory units.
  const units = (
    [
      ['SalesUnit', 'SalesItemsPerUnit'],
      ['PurchaseUnit', 'PurchaseItemsPerUnit'],
    ] as const
  )
    .filter(([unit]) => text(r[unit]))
    .map(([unit, per]) => ({ unit: text(r[unit])!, factor: decimalOf(r[per]), raw: String(r[per] ?? '') }));
  const conversions = conversionsOf(baseUnit, units);
  if (!Array.isArray(conversions)) return conversions;
  return canonical(kind, {
    ...head,
    name,
    baseUnit,
    conversions,
    brand: null,
    category: r.ItemsGroupCode === undefined || r.ItemsGroupCode === null ? null : String(r.ItemsGroupCode),
    barcode: text(r.BarCode),
  });
}
