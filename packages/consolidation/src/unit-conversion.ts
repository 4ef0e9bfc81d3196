import { type UnitConversion, unitKey } from '@portal/contracts';
import Big from 'big.js';

// How a quantity in some unit becomes a quantity in a product's base unit
// (issue 13, docs/product/master-data.md): the one home of that rule, for the
// principal's SKUs and, later, the mapped distributors' sales. Beside the
// value parsers because it is the same kind of rule: pure, decimals through
// big.js, never a float.

/** What the conversion needs of a product: its base unit and its other units with their factors. */
export interface UnitsOf {
  baseUnit: string;
  conversions: readonly UnitConversion[];
}

export type BaseQuantity =
  | { ok: true; quantity: string; factor: string }
  /**
   * UNIT_NOT_CONVERTIBLE: the unit is neither the base unit nor listed, so its
   * size is unknown; a caller reports it, never assumes 1. INVALID_QUANTITY:
   * the quantity is not a plain decimal. INVALID_FACTOR: the stored factor is
   * not a positive decimal.
   */
  | { ok: false; code: 'UNIT_NOT_CONVERTIBLE' | 'INVALID_QUANTITY' | 'INVALID_FACTOR'; unit: string };

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** The factor of `unit` in base units: '1' for the base unit, the listed factor for another, null when the product does not know it. */
export function factorOf(unit: string, product: UnitsOf): string | null {
  const key = unitKey(unit);
  if (key === '') return null;
  if (key === unitKey(product.baseUnit)) return '1';
  return product.conversions.find((c) => unitKey(c.unit) === key)?.factor.trim() ?? null;
}

/**
 * `quantity` of `unit` in the product's base unit, as a decimal string
 * without exponent (`'2'` KRT of 48 PCS is `'96'`). Unit names compare by
 * `unitKey` (trimmed, upper-cased). Negative quantities (returns) convert
 * the same way.
 */
export function toBaseUnit(quantity: string, unit: string, product: UnitsOf): BaseQuantity {
  const q = quantity.trim();
  if (!PLAIN_DECIMAL.test(q)) return { ok: false, code: 'INVALID_QUANTITY', unit: unitKey(unit) };
  const factor = factorOf(unit, product);
  if (factor === null) return { ok: false, code: 'UNIT_NOT_CONVERTIBLE', unit: unitKey(unit) };
  if (!PLAIN_DECIMAL.test(factor) || new Big(factor).lte(0)) return { ok: false, code: 'INVALID_FACTOR', unit: unitKey(unit) };
  const result = new Big(q).times(factor);
  // toFixed() never writes an exponent; trailing zeros of the product's scale are dropped.
  return { ok: true, quantity: trimZeros(result.toFixed()), factor };
}

function trimZeros(s: string): string {
  const t = s.includes('.') ? s.replace(/\.?0+$/, '') : s;
  return t === '-0' ? '0' : t;
}
