import { MASTER_DATA_COLUMNS, type MasterDataSlug } from '@portal/contracts';
import { templateFile } from '../../common/import-file/template-file';

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
export const masterDataTemplate = (slug: MasterDataSlug, format: 'csv' | 'xlsx') =>
  templateFile(format, {
    name: `${slug}-template`,
    sheet: slug,
    header: MASTER_DATA_COLUMNS[slug].map((c) => c.column),
    rows: EXAMPLES[slug],
    columnWidth: 18,
  });
