import { importColumns } from '@portal/contracts';
import { templateFile } from '../../common/import-file/template-file';

/** The example document's header columns, repeated on each of its line rows. */
const EXAMPLE_HEADER = ['SALES_INVOICE', 'INV-0001', 'FJ/2026/0001', '25/11/2026', 'C001', 'Toko Sumber Rejeki', 'S01', 'POSTED'];

/** One example document with two lines, in the template's column order. */
const EXAMPLE: string[][] = [
  [...EXAMPLE_HEADER, 'P001', 'Mie Goreng 85g', '10', 'DUS', '125.000,00', '0', '137.500,00', '1.387.500,00'],
  [...EXAMPLE_HEADER, 'P002', 'Teh Botol 350ml', '24', 'PCS', '4.500', '0', '11.880', '119.880'],
];

export const importTemplate = (format: 'csv' | 'xlsx') =>
  templateFile(format, { name: 'import-template', sheet: 'documents', header: importColumns, rows: EXAMPLE, columnWidth: 16 });
