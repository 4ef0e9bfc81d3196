import { canonicalCustomer, canonicalProduct, conversionFactor, type MasterDataKind, type UnitConversion, unitKey } from '@portal/contracts';
import type { MasterDataMapping } from '../source-connector';

// What both SAP products' master-data mappings share: the canonical schema's
// own checks, failures with stable codes, and a product's unit list (SAP
// lists the base unit among its units; the canonical form leaves it out).

export type Failure = Extract<MasterDataMapping<MasterDataKind>, { ok: false }>;

export function fail(code: Failure['code'], params: Failure['params'], reason: string): Failure {
  return { ok: false, code, params, reason };
}

export const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null);

/** The value against the canonical customer or product schema; a value too long for the portal is named. */
export function canonical<K extends MasterDataKind>(kind: K, value: unknown): MasterDataMapping<K> {
  const parsed = (kind === 'CUSTOMER' ? canonicalCustomer : canonicalProduct).safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data } as MasterDataMapping<K>;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.') || '(record)';
  return fail(issue.code === 'too_big' ? 'TOO_LONG' : 'UNKNOWN', { field }, `${field}: ${issue.message}`);
}

/**
 * A product's conversions from its units as SAP lists them (`factor` already
 * a decimal string, or null when it is not a positive number): the base unit
 * at factor 1 is dropped, the same unit twice with the same factor counted
 * once; a unit twice with different factors, or the base unit at another
 * factor, is a failure.
 */
export function conversionsOf(baseUnit: string, units: { unit: string; factor: string | null; raw: string }[]): UnitConversion[] | Failure {
  const out: UnitConversion[] = [];
  for (const u of units) {
    const factor = u.factor === null ? null : conversionFactor.safeParse(u.factor);
    if (!u.unit || !factor?.success)
      return fail(
        'INVALID_UNIT_CONVERSION',
        { unit: u.unit || '—', value: u.raw },
        `unit conversion ${u.unit || '(no unit)'} = ${u.raw} is not a positive number`,
      );
    const same = (a: string, b: string) => Number(a) === Number(b);
    if (unitKey(u.unit) === unitKey(baseUnit)) {
      if (same(factor.data, '1')) continue;
      return fail('INVALID_UNIT_CONVERSION', { unit: u.unit, value: u.raw }, `the base unit ${baseUnit} is listed as ${u.raw} base units`);
    }
    const earlier = out.find((c) => unitKey(c.unit) === unitKey(u.unit));
    if (earlier && same(earlier.factor, factor.data)) continue;
    if (earlier) return fail('INVALID_UNIT_CONVERSION', { unit: u.unit, value: u.raw }, `unit ${u.unit} is listed twice with different factors`);
    out.push({ unit: u.unit, factor: factor.data });
  }
  return out;
}
