import { describe, expect, it } from 'vitest';
import { advance, afterFilter, alreadySeen, type Boundary, decodeCursor, encodeCursor, stampOf, stampOfDate, stampToDate } from './b1-cursor';

describe('Business One cursor', () => {
  const at = (time: string) => ({ date: '2026-11-30', time });
  const floor: Boundary = { ...at('14:05:09'), seen: { Returns: [17] } };

  it('skips what the last pass delivered: earlier seconds, and the listed documents of the boundary second only', () => {
    expect(alreadySeen(floor, 'Returns', 3, at('14:05:08'))).toBe(true);
    expect(alreadySeen(floor, 'Returns', 17, at('14:05:09'))).toBe(true);
    expect(alreadySeen(floor, 'Returns', 18, at('14:05:09'))).toBe(false);
    expect(alreadySeen(floor, 'CreditNotes', 17, at('14:05:09'))).toBe(false);
    expect(alreadySeen(floor, 'Returns', 17, at('14:05:10'))).toBe(false);
    // A bare watermark (no cursor of ours) covers its whole second.
    expect(alreadySeen({ ...at('14:05:09'), seen: null }, 'Returns', 99, at('14:05:09'))).toBe(true);
    expect(alreadySeen(null, 'Returns', 1, at('00:00:00'))).toBe(false);
  });

  it('keeps the newest second and every document changed in it, per entity set', () => {
    let b = advance(null, 'Returns', 5, at('10:00:00'));
    b = advance(b, 'Returns', 6, at('10:00:00'));
    b = advance(b, 'CreditNotes', 6, at('10:00:00'));
    b = advance(b, 'Returns', 1, at('09:59:59'));
    expect(b).toEqual({ ...at('10:00:00'), seen: { Returns: [5, 6], CreditNotes: [6] } });
    expect(advance(b, 'Returns', 2, at('10:00:01'))).toEqual({ ...at('10:00:01'), seen: { Returns: [2] } });
  });

  it('round-trips through the stored text and refuses anything else', () => {
    const state = { floor, pass: { set: 'CreditNotes', after: { ...at('14:05:09'), docEntry: 4 }, newest: floor } };
    expect(decodeCursor(encodeCursor(state))).toEqual(state);
    for (const bad of ['', 'not json', '{"v":2}', '{"v":1,"floor":{"date":"30/11/2026","time":"x","seen":null}}', '{"v":1,"floor":null,"pass":{"set":1}}'])
      expect(decodeCursor(bad)).toBeNull();
  });

  it('reads stamps as UTC both ways and writes the keyset filter with quoted literals', () => {
    expect(stampToDate(at('14:05:09')).toISOString()).toBe('2026-11-30T14:05:09.000Z');
    expect(stampOfDate(new Date('2026-11-30T14:05:09.700Z'))).toEqual(at('14:05:09'));
    expect(stampOf({ UpdateDate: '2026-11-30T00:00:00Z', UpdateTime: '14:05:09' })).toEqual(at('14:05:09'));
    expect(stampOf({ UpdateDate: '2026-11-30', UpdateTime: null })).toBeNull();
    expect(afterFilter({ ...at('14:05:09'), docEntry: 7 })).toBe(
      "UpdateDate gt '2026-11-30' or (UpdateDate eq '2026-11-30' and (UpdateTime gt '14:05:09' or (UpdateTime eq '14:05:09' and DocEntry gt 7)))",
    );
  });
});
