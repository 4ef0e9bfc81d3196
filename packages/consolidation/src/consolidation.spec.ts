import { generateDmsTemplates } from '@portal/connectors';
import { dmsCatalogue, type ModelTemplateRules } from '@portal/contracts';
import { testDmsCatalogue } from '@portal/testing';
import { describe, expect, it } from 'vitest';
import { applyTemplate, compilePath, compileTemplate, parseDate, parseDecimal } from './index';

// The engine knows no source; its fixture is a template the DMS connector's generator makes from the shared test
// catalogue of DMS models (`testDmsCatalogue`; the generator's own tests are in packages/connectors/src/dms/generate-templates.spec.ts).
const catalogue = dmsCatalogue.parse(testDmsCatalogue);

const invoice = {
  id: 'INV-1',
  updated_at: '2024-03-05T10:00:00+07:00',
  no_faktur: 'INV/446/2024/000001',
  tgl_faktur: '05/03/2024',
  kode_pelanggan: 'C0001',
  nama_pelanggan: 'Toko Sinar Jaya',
  kode_salesman: 'SLS-01',
  status: 'POSTED',
  subtotal: '1.234.567,89',
  diskon: '0,00',
  ppn: '135.802,47',
  total: '1.370.370,36',
  catatan: 'x',
  detail: [
    {
      kode_barang: 'IDM-GRG-85',
      nama_barang: 'Indomie Goreng 85g',
      qty: '2',
      satuan: 'dus',
      isi: 12,
      harga: '37.200,00',
      diskon: '0,00',
      ppn: '8.184,00',
      jumlah: '82.584,00',
    },
    { kode_barang: 'TBS-450', nama_barang: 'Teh Botol', qty: '1,5', satuan: 'PCS', harga: '5.500,00', diskon: '0,00', ppn: '907,50', jumlah: '9.157,50' },
  ],
};

const [invoiceTemplate] = generateDmsTemplates(catalogue);

describe('applyTemplate', () => {
  it('turns a DMS record into a canonical document with exact decimals and base units', () => {
    const result = applyTemplate(invoiceTemplate!.rules, invoice);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const d = result.document;
    expect(d).toMatchObject({
      sourceId: 'INV-1',
      sourceUpdatedAt: '2024-03-05T03:00:00.000Z',
      number: 'INV/446/2024/000001',
      date: '2024-03-05',
      partyCode: 'C0001',
      partyName: 'Toko Sinar Jaya',
      currency: 'IDR',
      subtotal: '1234567.89',
      tax: '135802.47',
      total: '1370370.36',
    });
    expect(d.lines[0]).toEqual({
      lineNo: 1,
      productCode: 'IDM-GRG-85',
      productName: 'Indomie Goreng 85g',
      quantity: '2.0000',
      unit: 'DUS',
      quantityBase: '24.0000',
      unitPrice: '37200.00',
      discount: '0.00',
      tax: '8184.00',
      amount: '82584.00',
    });
    expect(d.lines[1]).toMatchObject({ quantity: '1.5000', unit: 'PCS', quantityBase: '1.5000' });
  });

  it.each([
    [{ tgl_faktur: '31/02/2024' }, /date.*not a valid dd\/MM\/yyyy date/],
    [{ total: 'abc' }, /total.*not an Indonesian number/],
    [{ detail: null }, /not an array/],
    [{ no_faktur: '' }, /number is required/],
    [{ updated_at: 'yesterday' }, /updatedAt.*ISO-8601/],
  ])('quarantines a malformed record (%j) with a reason', (patch, reason) => {
    const result = applyTemplate(invoiceTemplate!.rules, { ...invoice, ...patch });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('refuses a unit it cannot convert', () => {
    const bad = { ...invoice, detail: [{ ...invoice.detail[0], isi: undefined, satuan: 'KRT' }] };
    const result = applyTemplate(invoiceTemplate!.rules, bad);
    expect(result.ok).toBe(false);
  });

  it('applies code maps, defaults, concatenation and fixed unit factors', () => {
    const rules: ModelTemplateRules = {
      documentType: 'SALES_ORDER',
      sourceModel: 'x',
      header: [
        { target: 'sourceId', source: '$.id', transforms: [], required: true },
        { target: 'updatedAt', source: '$.u', transforms: [{ kind: 'datetime' }], required: true },
        { target: 'number', sources: ['$.a', '$.b'], transforms: [{ kind: 'concat', separator: '/' }], required: true },
        { target: 'date', source: '$.d', transforms: [{ kind: 'date', format: 'yyyyMMdd' }], required: true },
        { target: 'status', source: '$.s', transforms: [{ kind: 'codeMap', map: { '1': 'OPEN' }, fallback: 'keep' }], required: false },
        { target: 'partyName', source: '$.p', transforms: [{ kind: 'trim' }, { kind: 'default', value: 'Umum' }], required: false },
      ],
      lines: {
        sourcePath: '$.items',
        rules: [
          { target: 'productCode', source: '$.c', transforms: [], required: true },
          { target: 'quantity', source: '$.q', transforms: [{ kind: 'integer' }], required: true },
          { target: 'unit', source: '$.u', transforms: [{ kind: 'upper' }], required: false },
          {
            target: 'quantityBase',
            source: '$.q',
            transforms: [{ kind: 'integer' }, { kind: 'unitToBase', baseUnit: 'PCS', unitSource: '$.u', factors: { KRT: '48' } }],
            required: true,
          },
        ],
      },
    };
    const r = compileTemplate(rules)({
      id: 7,
      u: '2024-01-02T00:00:00Z',
      a: 'SO',
      b: '9',
      d: '20240229',
      s: '1',
      p: '  ',
      items: [{ c: 'X', q: 2, u: 'krt' }],
    });
    expect(r.ok && r.document).toMatchObject({ sourceId: '7', number: 'SO/9', date: '2024-02-29', status: 'OPEN', partyName: 'Umum' });
    expect(r.ok && r.document.lines[0]).toMatchObject({ quantity: '2.0000', unit: 'KRT', quantityBase: '96.0000' });
    const errMap = compileTemplate({
      ...rules,
      header: [
        ...rules.header.slice(0, 4),
        { target: 'status', source: '$.s', transforms: [{ kind: 'codeMap', map: {}, fallback: 'error' }], required: false },
      ],
    });
    expect(errMap({ id: 7, u: '2024-01-02T00:00:00Z', a: 'SO', b: '9', d: '20240229', s: 'Z', items: [] }).ok).toBe(false);
  });

  it('handles 100,000 lines without floating point drift', () => {
    const apply = compileTemplate(invoiceTemplate!.rules);
    const lines = Array.from({ length: 100 }, () => ({ ...invoice.detail[0], harga: '0,10' }));
    let cents = 0n;
    for (let i = 0; i < 1000; i++) {
      const r = apply({ ...invoice, id: `I${i}`, detail: lines });
      if (!r.ok) throw new Error(r.reason);
      for (const l of r.document.lines) cents += BigInt(l.unitPrice.replace('.', ''));
    }
    expect(cents).toBe(100_000n * 10n);
  });
});

describe('primitives', () => {
  it('parses paths, dates and numbers strictly', () => {
    expect(compilePath('$.detail[0].qty')).toEqual(['detail', 0, 'qty']);
    expect(() => compilePath('detail')).toThrow();
    expect(parseDate('29/02/2024', 'dd/MM/yyyy')).toBe('2024-02-29');
    expect(() => parseDate('29/02/2023', 'dd/MM/yyyy')).toThrow();
    expect(parseDecimal('1.234.567,89', 'id-ID').toFixed(2)).toBe('1234567.89');
    expect(parseDecimal('-12,5', 'id-ID').toFixed(2)).toBe('-12.50');
    expect(() => parseDecimal('1,2,3', 'id-ID')).toThrow();
    expect(() => parseDecimal('1.23.4', 'id-ID')).toThrow();
    expect(parseDecimal('1234567.89', 'plain').toFixed(2)).toBe('1234567.89');
    expect(() => parseDecimal('1,234.5', 'plain')).toThrow();
  });
});
