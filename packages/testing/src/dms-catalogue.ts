import { catalogue } from '@portal/sample-dms/testing';

function sampleModel(type: string) {
  const model = catalogue().models.find((m) => m.type === type);
  if (!model) throw new Error(`the sample DMS has no ${type} model`);
  return model;
}

/**
 * A DMS field catalogue for the unit tests of template generation and of the
 * engine: the sample DMS's sales invoices, purchase orders in other formats
 * (ISO dates, plain decimals, integer quantities, no names) and a model no
 * document type maps to. Unparsed: each test reads it through contracts' `dmsCatalogue`.
 */
export const testDmsCatalogue = {
  models: [
    sampleModel('sales-invoices'),
    {
      type: 'purchase-orders',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'updated_at', type: 'datetime' },
        { name: 'no_po', type: 'string' },
        { name: 'tgl_po', type: 'date', format: 'yyyy-MM-dd' },
        { name: 'total', type: 'decimal', format: 'plain' },
        {
          name: 'detail',
          type: 'array',
          fields: [
            { name: 'kode_barang', type: 'string' },
            { name: 'qty', type: 'integer' },
            { name: 'satuan', type: 'string' },
          ],
        },
      ],
    },
    { type: 'stock-opname', fields: [{ name: 'id', type: 'string' }] },
  ],
};
