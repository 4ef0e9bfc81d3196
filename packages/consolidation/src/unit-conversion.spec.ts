import { describe, expect, it } from 'vitest';
import { factorOf, toBaseUnit } from './unit-conversion';

const noodles = {
  baseUnit: 'PCS',
  conversions: [
    { unit: 'DUS', factor: '12' },
    { unit: 'KRT', factor: '48' },
  ],
};

describe('toBaseUnit', () => {
  it('converts a listed unit by its factor and the base unit by 1', () => {
    expect(toBaseUnit('2', 'KRT', noodles)).toEqual({ ok: true, quantity: '96', factor: '48' });
    expect(toBaseUnit('3', 'DUS', noodles)).toEqual({ ok: true, quantity: '36', factor: '12' });
    expect(toBaseUnit('7', 'PCS', noodles)).toEqual({ ok: true, quantity: '7', factor: '1' });
  });

  it('compares unit names whatever their case and surrounding spaces', () => {
    expect(toBaseUnit('1', ' krt ', noodles)).toMatchObject({ ok: true, quantity: '48' });
    expect(toBaseUnit('5', 'pcs', { baseUnit: ' Pcs ', conversions: [] })).toMatchObject({ ok: true, quantity: '5' });
    expect(toBaseUnit('1', 'DUS', { baseUnit: 'PCS', conversions: [{ unit: ' dus', factor: '12' }] })).toMatchObject({ ok: true, quantity: '12' });
  });

  it('flags a unit the product does not know instead of counting it as 1', () => {
    expect(toBaseUnit('10', 'PAK', noodles)).toEqual({ ok: false, code: 'UNIT_NOT_CONVERTIBLE', unit: 'PAK' });
    expect(toBaseUnit('10', '', noodles)).toEqual({ ok: false, code: 'UNIT_NOT_CONVERTIBLE', unit: '' });
    expect(toBaseUnit('10', 'DUS', { baseUnit: 'PCS', conversions: [] })).toMatchObject({ ok: false, code: 'UNIT_NOT_CONVERTIBLE' });
  });

  it('keeps decimals exact: fractional quantities and factors, no float drift', () => {
    // 0.1 × 3 is 0.30000000000000004 in floats.
    expect(toBaseUnit('0.1', 'BOX', { baseUnit: 'KG', conversions: [{ unit: 'BOX', factor: '3' }] })).toMatchObject({ quantity: '0.3' });
    expect(toBaseUnit('3', 'SACHET', { baseUnit: 'KG', conversions: [{ unit: 'SACHET', factor: '0.025' }] })).toMatchObject({ quantity: '0.075' });
    expect(toBaseUnit('1.5', 'KRT', noodles)).toMatchObject({ quantity: '72' });
    expect(toBaseUnit('123456789012.5', 'KRT', noodles)).toMatchObject({ quantity: '5925925872600' });
    expect(toBaseUnit('2.50', 'PCS', noodles)).toMatchObject({ quantity: '2.5' });
  });

  it('converts returns (negative quantities) the same way', () => {
    expect(toBaseUnit('-2', 'DUS', noodles)).toMatchObject({ ok: true, quantity: '-24' });
    expect(toBaseUnit('-0', 'DUS', noodles)).toMatchObject({ ok: true, quantity: '0' });
  });

  it('refuses a quantity that is not a plain decimal, and a stored factor that is not positive', () => {
    expect(toBaseUnit('1.234,5', 'PCS', noodles)).toMatchObject({ ok: false, code: 'INVALID_QUANTITY' });
    expect(toBaseUnit('1e3', 'PCS', noodles)).toMatchObject({ ok: false, code: 'INVALID_QUANTITY' });
    expect(toBaseUnit('', 'PCS', noodles)).toMatchObject({ ok: false, code: 'INVALID_QUANTITY' });
    expect(toBaseUnit('1', 'DUS', { baseUnit: 'PCS', conversions: [{ unit: 'DUS', factor: '0' }] })).toMatchObject({ ok: false, code: 'INVALID_FACTOR' });
    expect(toBaseUnit('1', 'DUS', { baseUnit: 'PCS', conversions: [{ unit: 'DUS', factor: 'dua' }] })).toMatchObject({ ok: false, code: 'INVALID_FACTOR' });
  });
});

describe('factorOf', () => {
  it('answers the base unit as 1, a listed unit by its factor, and null for the unknown', () => {
    expect(factorOf('pcs', noodles)).toBe('1');
    expect(factorOf('Krt', noodles)).toBe('48');
    expect(factorOf('BAL', noodles)).toBeNull();
  });
});
