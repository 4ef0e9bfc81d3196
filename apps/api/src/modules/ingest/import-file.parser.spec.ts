import { describe, expect, it } from 'vitest';
import { parseImportDate, parseImportNumber, parseImportType, sumMoney } from './import-file.parser';

describe('parseImportNumber', () => {
  it.each([
    ['1.234.567,89', '1234567.89'],
    ['12.500', '12500'],
    ['12,5', '12.5'],
    // The value, in the consolidation parser's shortest form (the writer compares decimals by value).
    ['-1.000,00', '-1000'],
    ['1.500', '1500'],
    ['1.5', '1.5'],
    ['1234567.89', '1234567.89'],
    ['0,75', '0.75'],
    ['007', '7'],
    [' 1 000 ', '1000'],
  ])('reads %s as %s', (input, expected) => expect(parseImportNumber(input)).toBe(expected));

  it.each(['', 'satu', '1,234.56', '1.2.3', '=1+1', '1e5'])('refuses %j', (input) => expect(parseImportNumber(input)).toBeNull());

  it('takes spreadsheet numbers as they are, to 4 decimals', () => {
    expect(parseImportNumber(1.234)).toBe('1.234');
    expect(parseImportNumber(0.1 + 0.2)).toBe('0.3');
    expect(parseImportNumber(15000)).toBe('15000');
  });
});

describe('parseImportDate', () => {
  it.each([
    ['25/11/2026', '2026-11-25'],
    ['1/2/2026', '2026-02-01'],
    ['2026-11-25', '2026-11-25'],
  ])('reads %s', (input, expected) => expect(parseImportDate(input)).toBe(expected));
  it.each(['31/02/2026', '11/25/2026', '25-11-2026', ''])('refuses %j', (input) => expect(parseImportDate(input)).toBeNull());
});

describe('parseImportType', () => {
  it('accepts the canonical enum and the path names', () => {
    expect(parseImportType('SALES_INVOICE')).toBe('SALES_INVOICE');
    expect(parseImportType('sales invoice')).toBe('SALES_INVOICE');
    expect(parseImportType('purchase-orders')).toBe('PURCHASE_ORDER');
    expect(parseImportType('FAKTUR')).toBeNull();
  });
});

describe('sumMoney', () => {
  it('adds exactly, without floats', () => {
    expect(sumMoney(['0.1', '0.2'])).toBe('0.30');
    expect(sumMoney(['1387500.00', '108000', '-0.5'])).toBe('1495499.50');
    expect(sumMoney(['1.005'])).toBe('');
  });
});
