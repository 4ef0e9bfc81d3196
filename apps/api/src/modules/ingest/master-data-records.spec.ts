import { describe, expect, it } from 'vitest';
import { columnSpecOf, rowsToRecords } from './master-data-records';

const at = new Date('2026-12-01T00:00:00Z');

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

  it('reads conversions as the SKU import does (any case, | or ;, : for =) and names the fault', () => {
    const { records, errors } = rowsToRecords(
      'products',
      [
        { row: 2, values: { source_id: 'P1', code: 'P001', name: 'Mie', base_unit: 'PCS', conversions: 'dus=12 | krt:48' } },
        { row: 3, values: { source_id: 'P2', code: 'P002', name: 'Teh', base_unit: 'PCS', conversions: 'DUS=12;dus=24' } },
        { row: 4, values: { source_id: 'P3', code: 'P003', name: 'Kopi', base_unit: 'PCS', conversions: 'KRT 24' } },
      ],
      at,
    );
    expect(records.map((r) => (r as { conversions: unknown }).conversions)).toEqual([
      [
        { unit: 'DUS', factor: '12' },
        { unit: 'KRT', factor: '48' },
      ],
    ]);
    expect(errors).toMatchObject([
      { row: 3, column: 'conversions', code: 'INVALID_FIELD', message: expect.stringMatching(/DUS is listed twice/) },
      { row: 4, column: 'conversions', code: 'INVALID_FIELD', message: expect.stringMatching(/"KRT 24" is not UNIT=factor/) },
    ]);
  });
});
