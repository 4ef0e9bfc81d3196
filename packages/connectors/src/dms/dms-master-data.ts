import {
  canonicalCustomer,
  canonicalProduct,
  conversionFactor,
  dmsCustomerRecord,
  dmsProductRecord,
  isoInstant,
  type MasterDataKind,
  type UnitConversion,
  unitKey,
} from '@portal/contracts';
import type { MasterDataMapping } from '../source-connector';

type Failure = Extract<MasterDataMapping<MasterDataKind>, { ok: false }>;
/** What this file needs of a zod schema (the package does not depend on zod itself). */
interface Schema<T> {
  safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { code: string; path: PropertyKey[]; message: string }[] } };
}

/**
 * The DMS contract's master-data records (`GET /api/v1/customers`,
 * `/api/v1/products`, docs/product/dms-contract.md) as canonical customers
 * and products. Lenient where a DMS export commonly is (blank optional
 * fields become null, `isi` may be a number or a decimal string, the base
 * unit listed among `konversi` with `isi` 1 is dropped), strict where the
 * portal would otherwise store a wrong value; each failure names the DMS
 * field, as a template failure does.
 */
export function mapDmsMasterData<K extends MasterDataKind>(kind: K, record: unknown): MasterDataMapping<K> {
  return (kind === 'CUSTOMER' ? mapCustomer(record) : mapProduct(record)) as MasterDataMapping<K>;
}

function mapCustomer(record: unknown): MasterDataMapping<'CUSTOMER'> {
  const raw = parseRecord(dmsCustomerRecord, record);
  if (!raw.ok) return raw;
  const r = raw.value;
  const head = common(r, 'kode_pelanggan', 'nama_pelanggan');
  if (!head.ok) return head;
  return canonical(canonicalCustomer, {
    ...head.value,
    address: blankToNull(r.alamat),
    city: blankToNull(r.kota),
    salesmanCode: blankToNull(r.kode_salesman),
    outletType: blankToNull(r.tipe_outlet),
  });
}

function mapProduct(record: unknown): MasterDataMapping<'PRODUCT'> {
  const raw = parseRecord(dmsProductRecord, record);
  if (!raw.ok) return raw;
  const r = raw.value;
  const head = common(r, 'kode_barang', 'nama_barang');
  if (!head.ok) return head;
  const baseUnit = r.satuan_dasar.trim();
  if (!baseUnit) return fail('REQUIRED_EMPTY', { field: 'satuan_dasar', source: 'satuan_dasar' }, 'satuan_dasar is empty');
  const conversions: UnitConversion[] = [];
  for (const k of r.konversi ?? []) {
    const unit = k.satuan.trim();
    const value = String(k.isi).trim();
    const factor = conversionFactor.safeParse(typeof k.isi === 'number' && Number.isFinite(k.isi) ? String(k.isi) : value);
    if (!unit || !factor.success)
      return fail('INVALID_UNIT_CONVERSION', { unit: unit || '—', value }, `unit conversion ${unit || '(no unit)'} = ${value} is not a positive number`);
    // A DMS may list its base unit too (isi 1); the canonical form leaves it out.
    if (unitKey(unit) === unitKey(baseUnit) && Number(factor.data) === 1) continue;
    if (unitKey(unit) === unitKey(baseUnit) || conversions.some((c) => unitKey(c.unit) === unitKey(unit)))
      return fail('INVALID_UNIT_CONVERSION', { unit, value }, `unit ${unit} is listed twice or contradicts the base unit ${baseUnit}`);
    conversions.push({ unit, factor: factor.data });
  }
  return canonical(canonicalProduct, {
    ...head.value,
    baseUnit,
    conversions,
    brand: blankToNull(r.merek),
    category: blankToNull(r.kategori),
    barcode: blankToNull(r.barcode),
  });
}

/** The fields both kinds share: id, version, code and name (both required, not blank). */
function common(r: { id: string | number; updated_at: string } & Record<string, unknown>, codeField: string, nameField: string) {
  const at = isoInstant.safeParse(r.updated_at.trim());
  if (!at.success) return fail('NOT_A_DATETIME', { field: 'updated_at', value: r.updated_at }, `updated_at "${r.updated_at}" is not an ISO-8601 instant`);
  const code = String(r[codeField]).trim();
  const name = String(r[nameField]).trim();
  for (const [field, value] of [
    [codeField, code],
    [nameField, name],
  ] as const) {
    if (!value) return fail('REQUIRED_EMPTY', { field, source: field }, `${field} is empty`);
  }
  return { ok: true as const, value: { sourceId: String(r.id), sourceUpdatedAt: new Date(at.data).toISOString(), code, name } };
}

/** The record against the contract's loose shape: a missing or mistyped field is named. */
function parseRecord<T>(schema: Schema<T>, record: unknown): { ok: true; value: T } | Failure {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return fail('NOT_AN_OBJECT', {}, 'the record is not a JSON object');
  const parsed = schema.safeParse(record);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.') || '(record)';
  const value = valueAt(record, issue.path);
  if (value === undefined || value === null) return fail('FIELD_MISSING', { field }, `${field} is missing`);
  return fail('WRONG_TYPE', { field }, `${field}: ${issue.message}`);
}

/** The canonical schema's own checks (lengths, no NUL); a value too long for the portal is named. */
function canonical<T>(schema: Schema<T>, value: unknown): { ok: true; value: T } | Failure {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.') || '(record)';
  return fail(issue.code === 'too_big' ? 'TOO_LONG' : 'UNKNOWN', { field }, `${field}: ${issue.message}`);
}

function valueAt(record: object, path: PropertyKey[]): unknown {
  let v: unknown = record;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

const blankToNull = (v: string | null | undefined): string | null => (v == null || v.trim() === '' ? null : v.trim());

function fail(code: Failure['code'], params: Failure['params'], reason: string): Failure {
  return { ok: false, code, params, reason };
}
