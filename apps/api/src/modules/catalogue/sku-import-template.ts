import { SKU_IMPORT_HEADERS, skuImportColumn } from '@portal/contracts';
import ExcelJS from 'exceljs';
import type { Attachment } from '../../common/send-attachment';

/** Two example SKUs in the template's column order; imported as downloaded they are added (or left as they are). */
const EXAMPLE: string[][] = [
  ['CONTOH-001', 'Mi Goreng Rasa Original 85g', 'Mi Nusantara', 'Mi Instan', 'PCS', 'DUS=12;KRT=48', '8990000000017'],
  ['CONTOH-002', 'Teh Melati Botol 450ml', 'Teh Nusantara', 'Minuman', 'BTL', 'KRT=24', ''],
];
const HEADER = skuImportColumn.options.map((c) => SKU_IMPORT_HEADERS[c]);

export async function skuImportTemplate(format: 'csv' | 'xlsx'): Promise<Attachment> {
  if (format === 'csv') {
    const quote = (v: string) => (/[",;\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const text = [HEADER.join(','), ...EXAMPLE.map((r) => r.map(quote).join(','))].join('\r\n') + '\r\n';
    return { contentType: 'text/csv; charset=utf-8', filename: 'katalog-sku-template.csv', body: Buffer.from(`\uFEFF${text}`, 'utf8') };
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('sku');
  sheet.addRow(HEADER);
  sheet.getRow(1).font = { bold: true };
  for (const r of EXAMPLE) sheet.addRow(r);
  // Text cells throughout, so a spreadsheet keeps barcodes' digits and codes' leading zeros.
  sheet.columns.forEach((c) => {
    c.width = 22;
    c.numFmt = '@';
  });
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    filename: 'katalog-sku-template.xlsx',
    body: Buffer.from(await workbook.xlsx.writeBuffer()),
  };
}
