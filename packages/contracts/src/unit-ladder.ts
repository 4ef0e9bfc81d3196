import { type UnitConversion, unitKey } from './master-data';

// A product's units for display, largest first: "1 KRT = 4 DUS = 48 PCS".
// Here, not beside the conversion rule (packages/consolidation unit-conversion.ts),
// because the SPA draws the ladder while a user edits the conversions and
// imports contracts only. Exact decimals through BigInt, never floats.

const SCALE = 6;
const ONE = 10n ** BigInt(SCALE);

/** A factor as fixed-point with six decimals (`conversionFactor` allows at most six). */
function fixed(value: string): bigint | null {
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(value.trim());
  if (!m) return null;
  return BigInt(m[1]!) * ONE + BigInt((m[2] ?? '').padEnd(SCALE, '0'));
}

/** `a / b` rounded half up to `places` decimals, trailing zeros dropped; `exact` when nothing was rounded away. */
function divide(a: bigint, b: bigint, places: number): { amount: string; exact: boolean } {
  const p = 10n ** BigInt(places);
  const scaled = a * p;
  let q = scaled / b;
  const rest = scaled % b;
  if (rest * 2n >= b) q += 1n;
  const whole = q / p;
  const frac = (q % p).toString().padStart(places, '0').replace(/0+$/, '');
  return { amount: frac ? `${whole}.${frac}` : `${whole}`, exact: rest === 0n };
}

export interface LadderStep {
  unit: string;
  /** How many of this unit the largest unit holds, as a decimal string (`4`, `3.3333`). */
  amount: string;
  /** False when the amount was rounded (1 KRT of 40 PCS is 3.3333 DUS of 12). */
  exact: boolean;
}

/**
 * The largest unit first, then every other unit in what one of it holds,
 * down to the base unit. Conversions with an unreadable factor are left out
 * (the form shows their own error). No conversions: just "1 <base>".
 */
export function unitLadder(baseUnit: string, conversions: readonly UnitConversion[]): LadderStep[] {
  const base = unitKey(baseUnit);
  const units = conversions
    .map((c) => ({ unit: unitKey(c.unit), factor: fixed(c.factor) }))
    .filter((c): c is { unit: string; factor: bigint } => c.unit !== '' && c.unit !== base && c.factor !== null && c.factor > 0n)
    .sort((a, b) => (a.factor === b.factor ? a.unit.localeCompare(b.unit) : a.factor > b.factor ? -1 : 1));
  const top = units[0];
  if (!top) return base ? [{ unit: base, amount: '1', exact: true }] : [];
  const steps: LadderStep[] = [{ unit: top.unit, amount: '1', exact: true }];
  for (const u of units.slice(1)) steps.push({ unit: u.unit, ...divide(top.factor, u.factor, 4) });
  if (base) steps.push({ unit: base, ...divide(top.factor, ONE, SCALE) });
  return steps;
}

/** "1 KRT = 4 DUS = 48 PCS"; `format` writes each amount (the SPA's number format), "≈" marks a rounded one. */
export function describeUnitLadder(baseUnit: string, conversions: readonly UnitConversion[], format: (amount: string) => string = (a) => a): string {
  return unitLadder(baseUnit, conversions)
    .map((s) => `${s.exact ? '' : '≈ '}${format(s.amount)} ${s.unit}`)
    .join(' = ');
}
