import { describe, expect, it } from 'vitest';
import { ratioToDecimal } from './decimal-ratio';

describe('ratioToDecimal: SAP numerator / denominator as a decimal string', () => {
  it('divides exactly where the fraction ends, and rounds half up to six decimals where it does not', () => {
    expect(ratioToDecimal('24', '1')).toBe('24');
    expect(ratioToDecimal('24', '2')).toBe('12');
    expect(ratioToDecimal('3', '2')).toBe('1.5');
    expect(ratioToDecimal('5', '3')).toBe('1.666667');
    expect(ratioToDecimal('1', '3')).toBe('0.333333');
    expect(ratioToDecimal('12.000', '1.000')).toBe('12');
    expect(ratioToDecimal('1', '8')).toBe('0.125');
  });

  it('refuses a zero, a negative, text, or a factor that rounds to nothing', () => {
    expect(ratioToDecimal('0', '1')).toBeNull();
    expect(ratioToDecimal('1', '0')).toBeNull();
    expect(ratioToDecimal('-1', '2')).toBeNull();
    expect(ratioToDecimal('abc', '1')).toBeNull();
    expect(ratioToDecimal('1', '10000000')).toBeNull();
  });
});
