import { describe, expect, it } from 'vitest';
import { dateLiteral, datetimeOffsetLiteral, readV2Collection, sapErrorOf, stringLiteral, V2FormatError, v2Instant, withoutV2Noise } from './v2-values';

describe('OData V2 values', () => {
  it('reads /Date(ms)/ with and without an offset as the same UTC instant, as SAP writes them (slashes escaped in the JSON text)', () => {
    const { a, b, c } = JSON.parse(String.raw`{"a":"\/Date(1764584112123+0000)\/","b":"\/Date(1764584112123)\/","c":"\/Date(1764584112123+0060)\/"}`) as Record<
      string,
      string
    >;
    expect(v2Instant(a)?.toISOString()).toBe('2025-12-01T10:15:12.123Z');
    expect(v2Instant(b)?.toISOString()).toBe('2025-12-01T10:15:12.123Z');
    expect(v2Instant(c)?.toISOString()).toBe('2025-12-01T10:15:12.123Z');
    expect(v2Instant('/Date(-62135769600000)/')?.getUTCFullYear()).toBe(0);
  });

  it('answers null for anything that is not a V2 date', () => {
    for (const v of ['2025-12-01T10:15:12Z', '/Date(abc)/', '', null, 1764584112123, '/Date(1764584112123+00)/']) expect(v2Instant(v)).toBeNull();
  });

  it('writes the filter literals SAP compares with: datetimeoffset with Z, datetime without, strings with quotes doubled', () => {
    expect(datetimeOffsetLiteral(new Date('2026-12-01T10:15:00.120Z'))).toBe("datetimeoffset'2026-12-01T10:15:00.120Z'");
    expect(dateLiteral(new Date('2026-11-24T17:30:00Z'))).toBe("datetime'2026-11-24T00:00:00'");
    expect(stringLiteral("O'Neil")).toBe("'O''Neil'");
  });

  it('reads a collection page and its __next exactly as sent', () => {
    expect(readV2Collection('{"d":{"results":[{"a":1}],"__next":"A_SalesOrder?$skiptoken=abc"}}')).toEqual({
      results: [{ a: 1 }],
      next: 'A_SalesOrder?$skiptoken=abc',
    });
    expect(readV2Collection('{"d":{"__count":"1","results":[]}}')).toEqual({ results: [], next: null });
  });

  it('refuses an answer that is not a V2 collection: cut JSON, an HTML page, a single entity', () => {
    expect(() => readV2Collection('{"d":{"results":[{"a":')).toThrow(V2FormatError);
    expect(() => readV2Collection('<!DOCTYPE html><html><body>Logon</body></html>')).toThrow(/HTML/);
    expect(() => readV2Collection('{"d":{"SalesOrder":"1"}}')).toThrow(/d.results/);
    expect(() => readV2Collection('{"d":{"results":[],"__next":42}}')).toThrow(V2FormatError);
  });

  it('drops __metadata and deferred navigations, keeps expanded items as results', () => {
    const record = {
      __metadata: { uri: 'x', type: 'T' },
      SalesOrder: '1',
      to_Partner: { __deferred: { uri: 'y' } },
      to_Item: { results: [{ __metadata: { uri: 'z' }, Material: 'M', to_ScheduleLine: { __deferred: { uri: 'w' } } }] },
      Flag: null,
    };
    expect(withoutV2Noise(record)).toEqual({ SalesOrder: '1', to_Item: { results: [{ Material: 'M' }] }, Flag: null });
  });

  it("reads SAP Gateway's error body: code, message and transaction id", () => {
    const body = JSON.stringify({
      error: {
        code: 'SY/530',
        message: { lang: 'en', value: 'Resource not found' },
        innererror: { transactionid: '0123456789ABCDEF0123456789ABCDEF', timestamp: '20261201101500.1234560', errordetails: [] },
      },
    });
    expect(sapErrorOf(body)).toEqual({ code: 'SY/530', message: 'Resource not found', transactionId: '0123456789ABCDEF0123456789ABCDEF' });
    expect(sapErrorOf('{"error":{"code":301,"message":"Invalid session"}}')).toEqual({ code: '301', message: 'Invalid session', transactionId: null });
    expect(sapErrorOf('<html/>')).toBeNull();
    expect(sapErrorOf('{"d":{}}')).toBeNull();
  });
});
