import { importColumns } from '@portal/contracts';
import ExcelJS from 'exceljs';

/** The example document's header columns, repeated on each of its line rows. */
const EXAMPLE_HEADER = ['SALES_INVOICE', 'INV-0001', 'FJ/2026/0001', '25/11/2026', 'C001', 'Toko Sumber Rejeki', 'S01', 'POSTED'];

/** One example document with two lines, in the template's column order. */
const EXAMPLE: string[][] = [
  [...EXAMPLE_HEADER, 'P001', 'Mie Goreng 85g', '10', 'DUS', '125.000,00', '0', '137.500,00', '1.387.500,00'],
  [...EXAMPLE_HEADER, 'P002', 'Teh Botol 350ml', '24', 'PCS', '4.500', '0', '11.880', '119.880'],
];

export async function importTemplate(format: 'csv' | 'xlsx'): Promise<{ contentType: string; filename: string; body: Buffer }> {
  if (format === 'csv') {
    const quote = (v: string) => (/[",;\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const text = [importColumns.join(','), ...EXAMPLE.map((r) => r.map(quote).join(','))].join('\r\n') + '\r\n';
    return { contentType: 'text/csv; charset=utf-8', filename: 'import-template.csv', body: Buffer.from(`\uFEFF${text}`, 'utf8') };
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('documents');
  sheet.addRow([...importColumns]);
  sheet.getRow(1).font = { bold: true };
  // Text cells throughout, so a spreadsheet never reinterprets codes or dates.
  for (const r of EXAMPLE) sheet.addRow(r);
  sheet.columns.forEach((c) => {
    c.width = 16;
    c.numFmt = '@';
  });
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    filename: 'import-template.xlsx',
    body: Buffer.from(await workbook.xlsx.writeBuffer()),
  };
}
