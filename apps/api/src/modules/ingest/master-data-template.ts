import { MASTER_DATA_COLUMNS, type MasterDataSlug } from '@portal/contracts';
import ExcelJS from 'exceljs';

/** Example rows in each template's column order (docs/product/master-data.md). */
const EXAMPLES: Record<MasterDataSlug, string[][]> = {
  customers: [
    ['C001', 'C001', 'Toko Sumber Rejeki', 'Jl. Merdeka No. 10', 'Bandung', 'S01', 'Grosir'],
    ['C002', 'C002', 'Warung Bu Sari', 'Jl. Melati 5', 'Cimahi', 'S02', 'Retail'],
  ],
  products: [
    ['P001', 'P001', 'Mie Goreng 85g', 'PCS', 'DUS=40;KRT=120', 'Indomie', 'Mie Instan', '8998866200011'],
    ['P002', 'P002', 'Teh Botol 350ml', 'PCS', 'KRT=24', 'Sosro', 'Minuman', ''],
  ],
};

/** The import template of customers or products, CSV or XLSX: English column names, two example rows, every cell text. */
export async function masterDataTemplate(slug: MasterDataSlug, format: 'csv' | 'xlsx'): Promise<{ contentType: string; filename: string; body: Buffer }> {
  const header = MASTER_DATA_COLUMNS[slug].map((c) => c.column);
  const filename = `${slug}-template.${format}`;
  if (format === 'csv') {
    const quote = (v: string) => (/[",;\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const text = [header.join(','), ...EXAMPLES[slug].map((r) => r.map(quote).join(','))].join('\r\n') + '\r\n';
    return { contentType: 'text/csv; charset=utf-8', filename, body: Buffer.from(`\uFEFF${text}`, 'utf8') };
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(slug);
  sheet.addRow(header);
  sheet.getRow(1).font = { bold: true };
  // Text cells throughout, so a spreadsheet never turns a code or a barcode into a number.
  for (const r of EXAMPLES[slug]) sheet.addRow(r);
  sheet.columns.forEach((c) => {
    c.width = 18;
    c.numFmt = '@';
  });
  return { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename, body: Buffer.from(await workbook.xlsx.writeBuffer()) };
}
