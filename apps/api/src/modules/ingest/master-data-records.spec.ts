import { formatConversions, parseConversions } from '@portal/contracts';
import { describe, expect, it } from 'vitest';
import { columnSpecOf, rowsToRecords } from './master-data-records';

const at = new Date('2026-12-01T00:00:00Z');

describe('parseConversions', () => {
  it('reads DUS=12;KRT=48 with spaces, a trailing separator and a decimal comma', () => {
    expect(parseConversions(' DUS = 12 ; KRT=48; ')).toEqual([
      { unit: 'DUS', factor: '12' },
      { unit: 'KRT', factor: '48' },
    ]);
    expect(parseConversions('PAK=0,5')).toEqual([{ unit: 'PAK', factor: '0.5' }]);
    expect(parseConversions('')).toEqual([]);
  });

  it.each(['KRT 48', 'KRT=', '=48', 'KRT=-1', 'KRT=0', 'KRT=1e3', 'KRT=48=2'])('refuses %j', (text) => expect(parseConversions(text)).toBeNull());

  it('writes what it reads', () => expect(formatConversions(parseConversions('DUS=12;KRT=48')!)).toBe('DUS=12;KRT=48'));
});

describe('columnSpecOf', () => {
  it('takes the Bahasa Indonesia names as the English columns', () => {
    const spec = columnSpecOf('products');
    expect(spec.required).toEqual(['source_id', 'code', 'name', 'base_unit']);
    expect(spec.aliases).toMatchObject({ satuan_dasar: 'base_unit', konversi: 'conversions', kode_barang: 'code', merek: 'brand' });
  });
});

describe('rowsToRecords', () => {
  it('keeps the valid rows and names each bad one by row, column and code', () => {
    const { records, errors } = rowsToRecords(
      'products',
      [
        { row: 2, values: { source_id: 'P1', code: 'P001', name: 'Mie', base_unit: 'PCS', conversions: 'KRT=48', barcode: 8991234567890 } },
        { row: 3, values: { source_id: 'P2', code: '', name: 'Teh', base_unit: 'PCS' } },
        { row: 4, values: { source_id: 'P3', code: 'P003', name: 'Kopi', base_unit: 'PCS', conversions: 'pcs=1' } },
        { row: 5, values: { source_id: 'P1', code: 'P001', name: 'Mie lagi', base_unit: 'PCS' } },
      ],
      at,
    );
    expect(records).toEqual([
      {
        sourceId: 'P1',
        sourceUpdatedAt: at.toISOString(),
        code: 'P001',
        name: 'Mie',
        baseUnit: 'PCS',
        conversions: [{ unit: 'KRT', factor: '48' }],
        brand: null,
        category: null,
        barcode: '8991234567890',
      },
    ]);
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, 'code', 'MISSING_VALUE'],
      [4, 'conversions', 'INVALID_FIELD'],
      [5, 'source_id', 'DUPLICATE_SOURCE_ID'],
    ]);
  });
});
