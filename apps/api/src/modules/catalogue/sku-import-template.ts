import { SKU_IMPORT_HEADERS, skuImportColumn } from '@portal/contracts';
import { templateFile } from '../../common/import-file/template-file';

/** Two example SKUs in the template's column order; imported as downloaded they are added (or left as they are). */
const EXAMPLE: string[][] = [
  ['CONTOH-001', 'Mi Goreng Rasa Original 85g', 'Mi Nusantara', 'Mi Instan', 'PCS', 'DUS=12;KRT=48', '8990000000017'],
  ['CONTOH-002', 'Teh Melati Botol 450ml', 'Teh Nusantara', 'Minuman', 'BTL', 'KRT=24', ''],
];
const HEADER = skuImportColumn.options.map((c) => SKU_IMPORT_HEADERS[c]);

export const skuImportTemplate = (format: 'csv' | 'xlsx') =>
  templateFile(format, { name: 'katalog-sku-template', sheet: 'sku', header: HEADER, rows: EXAMPLE, columnWidth: 22 });
