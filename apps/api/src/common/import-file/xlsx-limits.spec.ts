import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type ColumnSpec, ImportFileError, readXlsx } from './read-rows';
import { IMPORT_MAX_ROWS, XLSX_MAX_UNCOMPRESSED_BYTES } from './xlsx-limits';

const COLUMNS = ['type', 'source_id', 'number', 'date', 'product_code', 'qty', 'unit', 'price', 'amount'] as const;
const SPEC: ColumnSpec<(typeof COLUMNS)[number]> = { columns: COLUMNS, required: ['type', 'source_id'] };

/** A zip of deflated entries, written by hand; its directory claims each entry inflates to `claimed` bytes (a bomb lies). */
function zip(files: { name: string; content: Buffer }[], claimed?: number): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const data = deflateRawSync(f.content, { level: 9 });
    const name = Buffer.from(f.name);
    const size = claimed ?? f.content.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const refusal = async (file: Buffer) => {
  const err = await readXlsx(file, SPEC).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ImportFileError);
  return err as ImportFileError;
};

describe('XLSX limits (issue 15)', () => {
  it('refuses a zip bomb, whatever sizes its directory claims, without expanding it', { timeout: 30_000 }, async () => {
    // 110 MB of sheet XML deflates to about 100 kB.
    const sheet = Buffer.alloc(XLSX_MAX_UNCOMPRESSED_BYTES + 10 * 1024 * 1024, ' ');
    const bomb = zip([{ name: 'xl/worksheets/sheet1.xml', content: sheet }], 1000);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const err = await refusal(bomb);
    expect(err.tooLarge).toBe(true);
    expect(err.message).toMatch(/expands to more than 100 MB/);
  });

  it('refuses a sheet of more rows than an import takes before reading them', async () => {
    const rows = '<row r="1"/>'.repeat(IMPORT_MAX_ROWS + 10);
    const err = await refusal(zip([{ name: 'xl/worksheets/sheet1.xml', content: Buffer.from(`<worksheet><sheetData>${rows}</sheetData></worksheet>`) }]));
    expect(err.tooLarge).toBe(true);
    expect(err.message).toMatch(/more than 100000 rows/);
  });

  it('refuses what is not a zip as an invalid file', async () => {
    const err = await refusal(Buffer.from('PK\u0003\u0004 not really a zip'));
    expect(err.tooLarge).toBe(false);
    expect(err.message).toMatch(/not a valid XLSX workbook/);
  });

  it('reads an ordinary workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Import');
    sheet.addRow(['type', 'source_id', 'number', 'date', 'product_code', 'qty', 'unit', 'price', 'amount']);
    sheet.addRow(['SALES_ORDER', 'SO-1', 'SO/1', '20/11/2026', 'P1', 2, 'PCS', 100, 200]);
    const rows = await readXlsx(Buffer.from(await workbook.xlsx.writeBuffer()), SPEC);
    expect(rows).toEqual([expect.objectContaining({ row: 2, values: expect.objectContaining({ source_id: 'SO-1', qty: 2 }) })]);
  });
});
