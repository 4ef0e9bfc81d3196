import { describe, expect, it } from 'vitest';
import { FROM_START } from '../../source-connector';
import { admit, cursorAfterPage, startPass, windowCursor, windowResume } from './s4-cursor';

const at = (iso: string) => new Date(iso);

describe('the LastChangeDateTime watermark', () => {
  it('moves to the newest change taken and keeps every key taken at exactly that instant', () => {
    const pass = startPass(FROM_START);
    expect(admit(pass, 'A', at('2026-12-01T10:00:00.000Z'))).toBe(true);
    expect(admit(pass, 'B', at('2026-12-01T10:00:05.250Z'))).toBe(true);
    expect(admit(pass, 'C', at('2026-12-01T10:00:05.250Z'))).toBe(true);
    const end = cursorAfterPage(pass, null);
    expect(end.updatedSince?.toISOString()).toBe('2026-12-01T10:00:05.250Z');
    expect(JSON.parse(end.cursor!)).toEqual({ skip: ['B', 'C'] });
  });

  it('on the next pass (ge) skips the boundary records already taken, but not a new change at the same instant', () => {
    const pass = startPass({ updatedSince: at('2026-12-01T10:00:05.250Z'), cursor: JSON.stringify({ skip: ['B', 'C'] }) });
    expect(admit(pass, 'B', at('2026-12-01T10:00:05.250Z'))).toBe(false);
    expect(admit(pass, 'C', at('2026-12-01T10:00:05.250Z'))).toBe(false);
    expect(admit(pass, 'D', at('2026-12-01T10:00:05.250Z'))).toBe(true);
    // C changed again later: a new version, taken.
    expect(admit(pass, 'C', at('2026-12-01T10:00:06.000Z'))).toBe(true);
    const end = cursorAfterPage(pass, null);
    expect(end.updatedSince?.toISOString()).toBe('2026-12-01T10:00:06.000Z');
    expect(JSON.parse(end.cursor!)).toEqual({ skip: ['C'] });
  });

  it('keeps the watermark and its keys when a pass finds only the boundary records (or nothing)', () => {
    const from = { updatedSince: at('2026-12-01T10:00:05.250Z'), cursor: JSON.stringify({ skip: ['B', 'C'] }) };
    const pass = startPass(from);
    admit(pass, 'B', at('2026-12-01T10:00:05.250Z'));
    const end = cursorAfterPage(pass, null);
    expect(end.updatedSince?.toISOString()).toBe('2026-12-01T10:00:05.250Z');
    expect(JSON.parse(end.cursor!).skip.sort()).toEqual(['B', 'C']);
    expect(cursorAfterPage(startPass(FROM_START), null)).toEqual(FROM_START);
  });

  it('resumes mid-pass at the stored __next with the newest change taken so far, and the pass start unchanged', () => {
    const first = startPass({ updatedSince: at('2026-12-01T09:00:00.000Z'), cursor: JSON.stringify({ skip: ['A'] }) });
    admit(first, 'E', at('2026-12-01T11:00:00.000Z'));
    const mid = cursorAfterPage(first, 'https://sap.example/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder?$skiptoken=xyz');
    expect(mid.updatedSince?.toISOString()).toBe('2026-12-01T09:00:00.000Z');

    const resumed = startPass(mid);
    expect(resumed.next).toBe('https://sap.example/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder?$skiptoken=xyz');
    expect(admit(resumed, 'A', at('2026-12-01T09:00:00.000Z'))).toBe(false);
    admit(resumed, 'F', at('2026-12-01T10:30:00.000Z'));
    const end = cursorAfterPage(resumed, null);
    expect(end.updatedSince?.toISOString()).toBe('2026-12-01T11:00:00.000Z');
    expect(JSON.parse(end.cursor!)).toEqual({ skip: ['E'] });
  });

  it('takes a record twice in one pass only when it changed in between (a server paging by offset may serve it again)', () => {
    const pass = startPass(FROM_START);
    expect(admit(pass, 'A', at('2026-12-01T10:00:00.000Z'))).toBe(true);
    expect(admit(pass, 'A', at('2026-12-01T10:00:00.000Z'))).toBe(false);
    expect(admit(pass, 'A', at('2026-12-01T10:00:09.000Z'))).toBe(true);
  });

  it('takes a record without a readable key or timestamp (its template quarantines it) without moving the watermark', () => {
    const pass = startPass(FROM_START);
    expect(admit(pass, null, at('2026-12-01T10:00:00.000Z'))).toBe(true);
    expect(admit(pass, 'A', null)).toBe(true);
    expect(cursorAfterPage(pass, null)).toEqual(FROM_START);
  });

  it('starts over from the watermark when the stored cursor is not its own', () => {
    const pass = startPass({ updatedSince: at('2026-12-01T10:00:00.000Z'), cursor: 'not json' });
    expect(pass.next).toBeNull();
    expect(admit(pass, 'A', at('2026-12-01T10:00:00.000Z'))).toBe(true);
  });
});

describe('the purchase-invoice window cursor', () => {
  it('keeps the __next mid-pass and marks the finished pass with its time', () => {
    const finished = at('2026-12-01T12:00:00.000Z');
    const mid = windowCursor(FROM_START, 'A_SupplierInvoice?$skiptoken=2', finished);
    expect(mid.updatedSince).toBeNull();
    expect(windowResume(mid)).toBe('A_SupplierInvoice?$skiptoken=2');
    expect(windowCursor(mid, null, finished)).toEqual({ updatedSince: finished, cursor: null });
    expect(windowResume({ updatedSince: finished, cursor: null })).toBeNull();
  });
});
