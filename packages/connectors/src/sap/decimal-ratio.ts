// SAP writes a unit's conversion as a fraction (S/4HANA's QuantityNumerator /
// QuantityDenominator); the portal stores a decimal string. The division is
// exact in BigInt and rounded half up to the factor's six decimals, never
// through a float. (big.js is not a dependency of this package.)

const SCALE = 6;
const DECIMAL = /^\d{1,15}(\.\d{1,9})?$/;

/** `numerator / denominator` as a decimal string of at most six decimals, or null when either is not a positive decimal or the result rounds to 0. */
export function ratioToDecimal(numerator: string, denominator: string): string | null {
  const n = scaled(numerator);
  const d = scaled(denominator);
  if (n === null || d === null || n.value === 0n || d.value === 0n) return null;
  // n/10^a ÷ d/10^b = (n·10^b) / (d·10^a), times 10^SCALE for six decimals.
  const num = n.value * 10n ** BigInt(d.places + SCALE);
  const den = d.value * 10n ** BigInt(n.places);
  let q = num / den;
  if ((num % den) * 2n >= den) q += 1n;
  if (q === 0n) return null;
  const digits = q.toString().padStart(SCALE + 1, '0');
  const whole = digits.slice(0, -SCALE);
  const fraction = digits.slice(-SCALE).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

function scaled(s: string): { value: bigint; places: number } | null {
  const t = s.trim();
  if (!DECIMAL.test(t)) return null;
  const [whole, fraction = ''] = t.split('.');
  return { value: BigInt(whole! + fraction), places: fraction.length };
}
