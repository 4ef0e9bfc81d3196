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
