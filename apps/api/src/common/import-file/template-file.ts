import ExcelJS from 'exceljs';
import type { Attachment } from '../send-attachment';

/**
 * An import template as a download: the header row and example rows, as CSV
 * (UTF-8 with BOM so spreadsheets read it as such, comma separated, quoted
 * where needed) or XLSX (bold header, every cell text so a spreadsheet never
 * turns a code, barcode or date into a number). Every import (documents,
 * customers, products, SKUs) writes its template through this one.
 */
export async function templateFile(
  format: 'csv' | 'xlsx',
  t: { name: string; sheet: string; header: readonly string[]; rows: readonly (readonly string[])[]; columnWidth: number },
): Promise<Attachment> {
  if (format === 'csv') {
    const quote = (v: string) => (/[",;\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const text = [t.header.map(quote).join(','), ...t.rows.map((r) => r.map(quote).join(','))].join('\r\n') + '\r\n';
    return { contentType: 'text/csv; charset=utf-8', filename: `${t.name}.csv`, body: Buffer.from(`\uFEFF${text}`, 'utf8') };
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(t.sheet);
  sheet.addRow([...t.header]);
  sheet.getRow(1).font = { bold: true };
  for (const r of t.rows) sheet.addRow([...r]);
  sheet.columns.forEach((c) => {
    c.width = t.columnWidth;
    c.numFmt = '@';
  });
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    filename: `${t.name}.xlsx`,
    body: Buffer.from(await workbook.xlsx.writeBuffer()),
  };
}
