import { describe, expect, it } from 'vitest';
import { describeUnitLadder, unitLadder } from './unit-ladder';

describe('unit ladder', () => {
  it('reads 1 KRT = 4 DUS = 48 PCS from conversions relative to the base unit, whatever their order', () => {
    expect(
      describeUnitLadder('PCS', [
        { unit: 'DUS', factor: '12' },
        { unit: 'KRT', factor: '48' },
      ]),
    ).toBe('1 KRT = 4 DUS = 48 PCS');
    expect(
      describeUnitLadder('pcs', [
        { unit: 'krt ', factor: '48' },
        { unit: 'dus', factor: '12' },
      ]),
    ).toBe('1 KRT = 4 DUS = 48 PCS');
  });

  it('marks a rounded step and keeps exact fractions exact', () => {
    expect(
      describeUnitLadder('PCS', [
        { unit: 'DUS', factor: '12' },
        { unit: 'KRT', factor: '40' },
      ]),
    ).toBe('1 KRT = ≈ 3.3333 DUS = 40 PCS');
    expect(
      describeUnitLadder('KG', [
        { unit: 'SAK', factor: '25' },
        { unit: 'PAK', factor: '0.5' },
      ]),
    ).toBe('1 SAK = 50 PAK = 25 KG');
    expect(describeUnitLadder('L', [{ unit: 'BTL', factor: '0.25' }])).toBe('1 BTL = 0.25 L');
  });

  it('is just the base unit without conversions, and leaves out unreadable or base-unit rows', () => {
    expect(describeUnitLadder('PCS', [])).toBe('1 PCS');
    expect(
      unitLadder('PCS', [
        { unit: 'DUS', factor: 'x' },
        { unit: 'PCS', factor: '2' },
        { unit: '', factor: '3' },
      ]),
    ).toEqual([{ unit: 'PCS', amount: '1', exact: true }]);
  });

  it('writes amounts through the caller’s number format', () => {
    expect(describeUnitLadder('PCS', [{ unit: 'KRT', factor: '1000' }], (a) => Number(a).toLocaleString('id-ID'))).toBe('1 KRT = 1.000 PCS');
  });
});
