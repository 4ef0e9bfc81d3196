import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type ColumnSpec, ImportFileError, readCsv, readXlsx } from './read-rows';

type Column = 'code' | 'name' | 'conversions' | 'price';
const SPEC: ColumnSpec<Column> = {
  columns: ['code', 'name', 'conversions', 'price'],
  required: ['code', 'name'],
  aliases: { kode: 'code', nama: 'name', konversi: 'conversions' },
  labels: { code: 'kode' },
};
const csv = (text: string) => readCsv(Buffer.from(text, 'utf8'), SPEC);

describe('reading an import file', () => {
  it('splits by what the header line uses: an unquoted DUS=12;KRT=48 in a comma file is one cell', () => {
    expect(csv('code,name,conversions\nA1,Mie,DUS=12;KRT=48\n')).toEqual([{ row: 2, values: { code: 'A1', name: 'Mie', conversions: 'DUS=12;KRT=48' } }]);
    expect(csv('kode;nama;konversi;price\nA1;Mie;DUS=12;"1.500,00"\n')).toEqual([
      { row: 2, values: { code: 'A1', name: 'Mie', conversions: 'DUS=12', price: '1.500,00' } },
    ]);
  });

  it('drops a BOM, skips empty rows and keeps the spreadsheet row numbers', () => {
    expect(csv('\uFEFFCode,Name\r\nA1,Mie\r\n,\r\n\r\nA2,Teh\r\n')).toEqual([
      { row: 2, values: { code: 'A1', name: 'Mie' } },
      { row: 4, values: { code: 'A2', name: 'Teh' } },
    ]);
  });

  it('keeps a formula-looking CSV cell as text', () => {
    expect(csv('code,name\nA1,"=HYPERLINK(""http://x"")"\n')[0]!.values.name).toBe('=HYPERLINK("http://x")');
  });

  it('refuses a header missing a required column, naming an unknown one, or naming one twice (also through an alias)', () => {
    const refusal = (text: string) => {
      try {
        csv(text);
      } catch (err) {
        expect(err).toBeInstanceOf(ImportFileError);
        return err as ImportFileError;
      }
      throw new Error('read');
    };
    expect(refusal('name\nMie\n').details).toMatchObject({ missing: ['kode'] });
    expect(refusal('code,name,harga\nA,B,1\n').message).toMatch(/unknown: harga/);
    expect(refusal('code,constructor,name\nA,B,C\n').message).toMatch(/unknown: constructor/);
    const twice = refusal('code,name,kode\nA1,Mie,A2\n');
    expect(twice.message).toMatch(/named twice: code/);
    expect(twice.details).toMatchObject({ twice: ['code'] });
    expect(() => csv('')).toThrow(/empty/);
  });

  it('reads an XLSX sheet: numbers stay numbers, a formula is its text, empty rows are skipped', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('x');
    sheet.addRow(['Kode', 'Nama', 'Price']);
    sheet.addRow(['A1', { formula: 'HYPERLINK("http://x","klik")', result: 'klik' }, 1500]);
    sheet.addRow([]);
    sheet.addRow(['', '', '']);
    sheet.addRow(['A2', 'Teh', '']);
    const rows = await readXlsx(Buffer.from(await workbook.xlsx.writeBuffer()), SPEC);
    expect(rows).toEqual([
      { row: 2, values: { code: 'A1', name: '=HYPERLINK("http://x","klik")', price: 1500 } },
      { row: 5, values: { code: 'A2', name: 'Teh', price: '' } },
    ]);
  });

  it('refuses an XLSX header naming a column twice', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('x').addRow(['code', 'name', 'nama']);
    await expect(readXlsx(Buffer.from(await workbook.xlsx.writeBuffer()), SPEC)).rejects.toThrow(/named twice: name/);
  });
});
