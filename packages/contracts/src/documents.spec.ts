import { describe, expect, it } from 'vitest';
import { documentsQuery, escapeSpreadsheetText } from './documents';

describe('escapeSpreadsheetText', () => {
  it.each(['=SUM(A1)', '+1', '-2+3', '@cmd', '\t=x', '\r=x'])('neutralises %j', (v) => {
    expect(escapeSpreadsheetText(v)).toBe(`'${v}`);
  });
  it('leaves ordinary text alone', () => {
    expect(escapeSpreadsheetText('Toko Sinar Jaya')).toBe('Toko Sinar Jaya');
    expect(escapeSpreadsheetText('')).toBe('');
  });
});

describe('documentsQuery', () => {
  it('defaults and coerces', () => {
    expect(documentsQuery.parse({ limit: '10' })).toEqual({ sort: 'date_desc', limit: 10 });
  });
  it('rejects unknown keys and bad dates', () => {
    expect(documentsQuery.safeParse({ foo: 1 }).success).toBe(false);
    expect(documentsQuery.safeParse({ from: '01/02/2024' }).success).toBe(false);
  });
});

describe('query inputs (issue 15)', () => {
  it.each(['2024-13-01', '9999-99-99', '0000-01-01', '2024-02-30', '2023-02-29'])('refuses the impossible date %s', (from) => {
    expect(documentsQuery.safeParse({ from }).success).toBe(false);
  });
  it('takes real dates, leap days included', () => {
    expect(documentsQuery.safeParse({ from: '2024-02-29', to: '9999-12-31' }).success).toBe(true);
  });
  it.each(['0x10', '1e1', ' 16', '16 ', '+16', '16.0', '0b1'])('refuses the lax number %j as a limit', (limit) => {
    expect(documentsQuery.safeParse({ limit }).success).toBe(false);
  });
  it('takes decimal digits and typed numbers as a limit', () => {
    expect(documentsQuery.parse({ limit: '16' }).limit).toBe(16);
    expect(documentsQuery.parse({ limit: 16 }).limit).toBe(16);
  });
  it.each(['\u0000', 'Toko\u0000', 'a\u0000b'])('refuses a NUL byte in a search filter (%j)', (party) => {
    expect(documentsQuery.safeParse({ party }).success).toBe(false);
    expect(documentsQuery.safeParse({ product: party }).success).toBe(false);
  });
});
