import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ImportFileError, readCsv, readXlsx } from '../../common/import-file/read-rows';
import { skuImportTemplate } from './sku-import-template';
import { parseSkuRows, SKU_COLUMNS } from './sku-import.parser';

const csv = (text: string) => readCsv(Buffer.from(text, 'utf8'), SKU_COLUMNS);
const xlsx = (file: Buffer) => readXlsx(file, SKU_COLUMNS);

describe('SKU import file', () => {
  it('reads Indonesian and English headers alike, comma or semicolon separated', () => {
    const id = csv('kode,nama,merek,kategori,satuan_dasar,konversi,barcode\nA1,Mi Goreng,Mi N,Mi Instan,pcs,DUS=12;KRT=48,899\n');
    const en = csv('Code;Name;Brand;Category;Base Unit;Conversions;Barcode\nA1;Mi Goreng;Mi N;Mi Instan;pcs;"DUS=12;KRT=48";899\n');
    expect(id).toEqual(en);
    expect(parseSkuRows(id)).toEqual({
      skus: [
        {
          row: 2,
          sku: {
            code: 'A1',
            name: 'Mi Goreng',
            brand: 'Mi N',
            category: 'Mi Instan',
            baseUnit: 'PCS',
            conversions: [
              { unit: 'DUS', factor: '12' },
              { unit: 'KRT', factor: '48' },
            ],
            barcode: '899',
          },
        },
      ],
      errors: [],
    });
  });

  it('refuses a header without the required columns or with an unknown one, naming them', () => {
    expect(() => csv('kode,nama\nA,B\n')).toThrow(/missing: satuan_dasar/);
    expect(() => csv('kode,nama,satuan_dasar,harga\nA,B,PCS,1\n')).toThrow(/unknown: harga/);
    expect(() => csv('')).toThrow(ImportFileError);
  });

  it('reports every bad cell by row, column and code, and a code repeated in the file', () => {
    const rows = csv(
      [
        'kode,nama,satuan_dasar,konversi',
        'A1,Satu,PCS,DUS=12',
        ',Tanpa kode,PCS,',
        'A3,Tiga,PCS,DUS=dua belas',
        'A4,Empat,PCS,PCS=1;DUS=12',
        'A1,Lagi,PCS,',
        `A6,${'x'.repeat(301)},,`,
      ].join('\n'),
    );
    const { skus, errors } = parseSkuRows(rows);
    expect(skus.map((s) => s.sku.code)).toEqual(['A1']);
    expect(errors.map((e) => [e.row, e.column, e.code, e.skuCode])).toEqual([
      [3, 'code', 'REQUIRED', null],
      [4, 'conversions', 'INVALID_CONVERSIONS', 'A3'],
      [5, 'conversions', 'BASE_UNIT_IN_CONVERSIONS', 'A4'],
      [6, 'code', 'DUPLICATE_CODE', 'A1'],
      [7, 'name', 'TOO_LONG', 'A6'],
      [7, 'base_unit', 'REQUIRED', 'A6'],
    ]);
  });

  it('reads an XLSX file, numbers included (a barcode stored as a number keeps its digits)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('x');
    sheet.addRow(['code', 'name', 'base_unit', 'conversions', 'barcode']);
    sheet.addRow([1001, 'Teh Botol', 'btl', 'KRT=24', 8991234567890]);
    sheet.addRow([]);
    sheet.addRow(['1002', '', 'BTL', '', '']);
    const rows = await xlsx(Buffer.from(await workbook.xlsx.writeBuffer()));
    const { skus, errors } = parseSkuRows(rows);
    expect(skus).toEqual([
      {
        row: 2,
        sku: {
          code: '1001',
          name: 'Teh Botol',
          brand: null,
          category: null,
          baseUnit: 'BTL',
          conversions: [{ unit: 'KRT', factor: '24' }],
          barcode: '8991234567890',
        },
      },
    ]);
    expect(errors).toMatchObject([{ row: 4, column: 'name', code: 'REQUIRED' }]);
  });

  it('reads its own template, CSV and XLSX, as valid rows', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const file = await skuImportTemplate(format);
      const rows = format === 'csv' ? readCsv(file.body as Buffer, SKU_COLUMNS) : await xlsx(file.body as Buffer);
      const { skus, errors } = parseSkuRows(rows);
      expect(errors).toEqual([]);
      expect(skus.map((s) => [s.sku.code, s.sku.conversions])).toEqual([
        [
          'CONTOH-001',
          [
            { unit: 'DUS', factor: '12' },
            { unit: 'KRT', factor: '48' },
          ],
        ],
        ['CONTOH-002', [{ unit: 'KRT', factor: '24' }]],
      ]);
    }
  });
});
