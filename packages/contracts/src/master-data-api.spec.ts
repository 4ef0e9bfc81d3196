import { describe, expect, it } from 'vitest';
import { formatConversions, parseConversions } from './master-data-api';

const read = (cell: string | number | undefined) => {
  const r = parseConversions(cell);
  if (!r.ok) throw new Error(r.message);
  return r.conversions;
};

describe('parseConversions (the import files’ DUS=12;KRT=48)', () => {
  it('reads DUS=12;KRT=48 with spaces, a trailing separator and a decimal comma', () => {
    expect(read(' DUS = 12 ; KRT=48; ')).toEqual([
      { unit: 'DUS', factor: '12' },
      { unit: 'KRT', factor: '48' },
    ]);
    expect(read('PAK=0,5')).toEqual([{ unit: 'PAK', factor: '0.5' }]);
    expect(read('')).toEqual([]);
    expect(read(undefined)).toEqual([]);
  });

  it('takes | between units and : for =, in any case, upper-casing the units', () => {
    expect(read(' dus = 12 | Krt=48 ;')).toEqual([
      { unit: 'DUS', factor: '12' },
      { unit: 'KRT', factor: '48' },
    ]);
    expect(read('krt:24')).toEqual([{ unit: 'KRT', factor: '24' }]);
  });

  it.each(['KRT 48', 'KRT=', '=48', 'KRT=-1', 'KRT=0', 'KRT=1e3', 'KRT=48=2', 'DUS 12', 'DUS=0'])('refuses %j', (text) =>
    expect(parseConversions(text)).toMatchObject({ ok: false, message: expect.any(String) }),
  );

  it('says why: the part that is not UNIT=factor, the unit whose factor is wrong, a unit named twice', () => {
    expect(parseConversions('DUS=12;KRT 48')).toEqual({ ok: false, message: '"KRT 48" is not UNIT=factor (e.g. DUS=12)' });
    expect(parseConversions('dus=-1')).toEqual({ ok: false, message: 'the factor of DUS must be a positive decimal such as 12 or 0.5' });
    expect(parseConversions('DUS=12;dus=24')).toEqual({ ok: false, message: 'DUS is listed twice' });
  });

  it('refuses a cell a spreadsheet stored as a number', () => expect(parseConversions(12)).toMatchObject({ ok: false }));

  it('writes what it reads', () => expect(formatConversions(read('DUS=12;KRT=48'))).toBe('DUS=12;KRT=48'));
});
