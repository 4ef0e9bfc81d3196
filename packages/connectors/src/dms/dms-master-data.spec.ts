import { describe, expect, it } from 'vitest';
import { mapDmsMasterData } from './dms-master-data';

const customer = {
  id: 'CUS-0001',
  updated_at: '2024-01-01T07:00:00+07:00',
  kode_pelanggan: 'C0001',
  nama_pelanggan: ' Toko Sinar Jaya ',
  alamat: 'Jl. Merdeka No. 1',
  kota: 'Bandung',
  kode_salesman: 'SLS-01',
  tipe_outlet: '',
  extra: 'a DMS may send more',
};

const product = {
  id: 7,
  updated_at: '2024-01-01T07:00:00+07:00',
  kode_barang: 'IDM-GRG-85',
  nama_barang: 'Indomie Goreng 85g',
  satuan_dasar: 'PCS',
  konversi: [
    { satuan: 'PCS', isi: 1 },
    { satuan: 'DUS', isi: 12 },
    { satuan: 'KRT', isi: '48' },
  ],
  merek: 'Indomie',
  kategori: 'Mi Instan',
  barcode: '8990000000017',
};

describe('DMS master-data records', () => {
  it('a customer becomes canonical: trimmed, its instant in UTC, blank optional fields null', () => {
    expect(mapDmsMasterData('CUSTOMER', customer)).toEqual({
      ok: true,
      value: {
        sourceId: 'CUS-0001',
        sourceUpdatedAt: '2024-01-01T00:00:00.000Z',
        code: 'C0001',
        name: 'Toko Sinar Jaya',
        address: 'Jl. Merdeka No. 1',
        city: 'Bandung',
        salesmanCode: 'SLS-01',
        outletType: null,
      },
    });
  });

  it('a product keeps its conversions as decimal strings and drops its base unit from them', () => {
    const mapped = mapDmsMasterData('PRODUCT', product);
    expect(mapped).toMatchObject({
      ok: true,
      value: {
        sourceId: '7',
        code: 'IDM-GRG-85',
        baseUnit: 'PCS',
        conversions: [
          { unit: 'DUS', factor: '12' },
          { unit: 'KRT', factor: '48' },
        ],
        brand: 'Indomie',
        barcode: '8990000000017',
      },
    });
    expect(mapDmsMasterData('PRODUCT', { ...product, konversi: null, merek: null, barcode: undefined })).toMatchObject({
      ok: true,
      value: { conversions: [], brand: null, barcode: null },
    });
  });

  it('names why a record cannot be stored, with a stable code and the DMS field', () => {
    const { kode_pelanggan: _, ...noCode } = customer;
    expect(mapDmsMasterData('CUSTOMER', noCode)).toMatchObject({ ok: false, code: 'FIELD_MISSING', params: { field: 'kode_pelanggan' } });
    expect(mapDmsMasterData('CUSTOMER', { ...customer, nama_pelanggan: '  ' })).toMatchObject({
      ok: false,
      code: 'REQUIRED_EMPTY',
      params: { field: 'nama_pelanggan' },
    });
    expect(mapDmsMasterData('CUSTOMER', { ...customer, updated_at: 'kemarin' })).toMatchObject({
      ok: false,
      code: 'NOT_A_DATETIME',
      params: { field: 'updated_at', value: 'kemarin' },
    });
    expect(mapDmsMasterData('CUSTOMER', { ...customer, kota: 42 })).toMatchObject({ ok: false, code: 'WRONG_TYPE', params: { field: 'kota' } });
    expect(mapDmsMasterData('CUSTOMER', { ...customer, nama_pelanggan: 'x'.repeat(301) })).toMatchObject({
      ok: false,
      code: 'TOO_LONG',
      params: { field: 'name' },
    });
    expect(mapDmsMasterData('PRODUCT', ['not', 'an', 'object'])).toMatchObject({ ok: false, code: 'NOT_AN_OBJECT' });
  });

  it('refuses a unit conversion that is not a positive number or names a unit twice', () => {
    expect(mapDmsMasterData('PRODUCT', { ...product, konversi: [{ satuan: 'DUS', isi: 'dua belas' }] })).toMatchObject({
      ok: false,
      code: 'INVALID_UNIT_CONVERSION',
      params: { unit: 'DUS', value: 'dua belas' },
    });
    expect(mapDmsMasterData('PRODUCT', { ...product, konversi: [{ satuan: 'DUS', isi: 0 }] })).toMatchObject({ ok: false, code: 'INVALID_UNIT_CONVERSION' });
    expect(
      mapDmsMasterData('PRODUCT', {
        ...product,
        konversi: [
          { satuan: 'DUS', isi: 12 },
          { satuan: 'dus', isi: 10 },
        ],
      }),
    ).toMatchObject({ ok: false, code: 'INVALID_UNIT_CONVERSION', params: { unit: 'dus' } });
    expect(mapDmsMasterData('PRODUCT', { ...product, konversi: [{ satuan: 'PCS', isi: 6 }] })).toMatchObject({ ok: false, code: 'INVALID_UNIT_CONVERSION' });
  });
});
