import { dmsCatalogue } from '@portal/contracts';
import { describe, expect, it } from 'vitest';
import { generateTemplates, unknownModels } from './generate-templates';

const catalogue = dmsCatalogue.parse({
  models: [
    {
      type: 'sales-invoices',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'updated_at', type: 'datetime' },
        { name: 'no_faktur', type: 'string' },
        { name: 'tgl_faktur', type: 'date', format: 'dd/MM/yyyy' },
        { name: 'kode_pelanggan', type: 'string' },
        { name: 'nama_pelanggan', type: 'string' },
        { name: 'kode_salesman', type: 'string' },
        { name: 'status', type: 'string' },
        { name: 'subtotal', type: 'decimal', format: 'id-ID' },
        { name: 'diskon', type: 'decimal', format: 'id-ID' },
        { name: 'ppn', type: 'decimal', format: 'id-ID' },
        { name: 'total', type: 'decimal', format: 'id-ID' },
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
            { name: 'harga', type: 'decimal', format: 'id-ID' },
            { name: 'diskon', type: 'decimal', format: 'id-ID' },
            { name: 'ppn', type: 'decimal', format: 'id-ID' },
            { name: 'jumlah', type: 'decimal', format: 'id-ID' },
            { name: 'kode_gudang', type: 'string' },
          ],
        },
      ],
    },
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
});

const [invoiceTemplate, poTemplate] = generateTemplates(catalogue);

describe('generateTemplates', () => {
  it('makes one template per known type and reports the others', () => {
    expect(generateTemplates(catalogue).map((t) => t.documentType)).toEqual(['SALES_INVOICE', 'PURCHASE_ORDER']);
    expect(unknownModels(catalogue)).toEqual(['stock-opname']);
  });

  it('maps Indonesian names and takes formats from the catalogue', () => {
    const rules = invoiceTemplate!.rules;
    const byTarget = Object.fromEntries(rules.header.map((r) => [r.target, r]));
    expect(byTarget.number!.source).toBe('$.no_faktur');
    expect(byTarget.date!.transforms).toEqual([{ kind: 'date', format: 'dd/MM/yyyy' }]);
    expect(byTarget.total!.transforms).toEqual([{ kind: 'decimal', format: 'id-ID' }]);
    expect(byTarget.partyCode!.source).toBe('$.kode_pelanggan');
    expect(rules.lines.sourcePath).toBe('$.detail');
    const po = Object.fromEntries(poTemplate!.rules.header.map((r) => [r.target, r]));
    expect(po.date!.transforms).toEqual([{ kind: 'date', format: 'yyyy-MM-dd' }]);
    expect(po.total!.transforms).toEqual([{ kind: 'decimal', format: 'plain' }]);
  });

  it('keeps unknown fields visible as unmapped instead of guessing', () => {
    expect(invoiceTemplate!.unmappedFields).toEqual(['catatan', 'detail.kode_gudang']);
    expect(invoiceTemplate!.missing).toEqual([]);
  });
});
