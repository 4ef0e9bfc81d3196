/**
 * The DMS's field catalogue (docs/product/dms-contract.md), with its own Indonesian names.
 * The fake DMS stands for a third party's server, so it names its models
 * itself instead of importing the portal's slug map (contracts
 * `DOCUMENT_TYPE_SLUG`): a drift between the two then shows up in the sync
 * tests as an unknown model, as it would against a real DMS.
 */
export const MODEL_TYPES = ['sales-orders', 'sales-returns', 'sales-invoices', 'purchase-invoices', 'purchase-orders'] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

export const MODEL_FIELDS: Record<ModelType, { number: string; date: string; prefix: string; party: 'pelanggan' | 'supplier' }> = {
  'sales-orders': { number: 'no_so', date: 'tgl_so', prefix: 'SO', party: 'pelanggan' },
  'sales-returns': { number: 'no_retur', date: 'tgl_retur', prefix: 'RT', party: 'pelanggan' },
  'sales-invoices': { number: 'no_faktur', date: 'tgl_faktur', prefix: 'INV', party: 'pelanggan' },
  'purchase-invoices': { number: 'no_faktur_beli', date: 'tgl_faktur_beli', prefix: 'PI', party: 'supplier' },
  'purchase-orders': { number: 'no_po', date: 'tgl_po', prefix: 'PO', party: 'supplier' },
};

/** Amount fields: decimals written the Indonesian way. */
const money = (...names: string[]) => names.map((name) => ({ name, type: 'decimal', format: 'id-ID' }));

export function catalogue() {
  return {
    models: MODEL_TYPES.map((type) => {
      const f = MODEL_FIELDS[type];
      return {
        type,
        fields: [
          { name: 'id', type: 'string' },
          { name: 'updated_at', type: 'datetime', format: 'ISO-8601' },
          { name: f.number, type: 'string' },
          { name: f.date, type: 'date', format: 'dd/MM/yyyy' },
          { name: `kode_${f.party}`, type: 'string' },
          { name: `nama_${f.party}`, type: 'string' },
          ...(f.party === 'pelanggan' ? [{ name: 'kode_salesman', type: 'string' }] : []),
          { name: 'status', type: 'string' },
          ...money('subtotal', 'diskon', 'ppn', 'total'),
          { name: 'catatan', type: 'string' },
          {
            name: 'detail',
            type: 'array',
            fields: [
              { name: 'kode_barang', type: 'string' },
              { name: 'nama_barang', type: 'string' },
              { name: 'qty', type: 'decimal', format: 'id-ID' },
              { name: 'satuan', type: 'string' },
              { name: 'isi', type: 'integer' },
              ...money('harga', 'diskon', 'ppn', 'jumlah'),
              { name: 'kode_gudang', type: 'string' },
            ],
          },
        ],
      };
    }),
  };
}
