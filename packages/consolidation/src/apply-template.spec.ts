import type { HeaderRule, LineRule, ModelTemplateRules, Transform } from '@portal/contracts';
import { describe, expect, it } from 'vitest';
import { compilePath, compileTemplate, readPath } from './apply-template';
import { parseDate, parseDateTime, parseDecimal, parseInteger } from './values';

// A minimal template that maps the four required header fields, plus whatever a test adds.
const header = (extra: HeaderRule[] = []): HeaderRule[] => [
  { target: 'sourceId', source: '$.id', transforms: [], required: true },
  { target: 'updatedAt', source: '$.updated_at', transforms: [{ kind: 'datetime' }], required: true },
  { target: 'number', source: '$.no', transforms: [], required: true },
  { target: 'date', source: '$.tgl', transforms: [{ kind: 'date', format: 'dd/MM/yyyy' }], required: true },
  ...extra,
];
const template = (extraHeader: HeaderRule[] = [], lineRules: LineRule[] = [], sourcePath = '$.detail'): ModelTemplateRules => ({
  documentType: 'SALES_INVOICE',
  sourceModel: 'sales-invoices',
  header: header(extraHeader),
  lines: { sourcePath, rules: [{ target: 'productCode', source: '$.kode_barang', transforms: [], required: true }, ...lineRules] },
});
const record = (patch: Record<string, unknown> = {}) => ({
  id: 'SI-1',
  updated_at: '2024-03-05T10:00:00+07:00',
  no: 'INV/1',
  tgl: '05/03/2024',
  detail: [{ kode_barang: 'P1' }],
  ...patch,
});

/** Applies one header rule `target ← $.v` with the transforms to a value; returns the value or the reason. */
function headerValue(target: HeaderRule['target'], transforms: Transform[], v: unknown): string | null | { reason: string } {
  const r = compileTemplate(template([{ target, source: '$.v', transforms, required: false }]))(record({ v }));
  if (!r.ok) return { reason: r.reason };
  return (r.document as unknown as Record<string, string | null>)[target === 'updatedAt' ? 'sourceUpdatedAt' : target] ?? null;
}
function lineOf(lineRules: LineRule[], item: Record<string, unknown>) {
  const r = compileTemplate(template([], lineRules))(record({ detail: [{ kode_barang: 'P1', ...item }] }));
  return r.ok ? r.document.lines[0]! : { reason: r.reason };
}

describe('JSON paths', () => {
  it('compiles dotted names and array indexes, and refuses anything else', () => {
    expect(compilePath('$')).toEqual([]);
    expect(compilePath('$.detail[2].batch[0].no')).toEqual(['detail', 2, 'batch', 0, 'no']);
    for (const bad of ['detail', '$..x', '$.a[x]', '$[-1]', '$.a.', '$.a b', '$.a[*]']) expect(() => compilePath(bad), bad).toThrow();
  });

  it('reads into nested objects and arrays; a missing step is empty, never an error', () => {
    const rec = { a: { b: [{ c: 1 }, { c: 2, d: [10, 20] }] } };
    expect(readPath(rec, compilePath('$.a.b[1].d[1]'))).toBe(20);
    expect(readPath(rec, compilePath('$.a.b[5].c'))).toBeUndefined();
    expect(readPath(rec, compilePath('$.a.b[0].c.x'))).toBeUndefined();
    expect(readPath(null, compilePath('$.a'))).toBeUndefined();
  });

  it('maps header fields from inside line arrays and lines from a nested array', () => {
    const rules = template(
      [{ target: 'salesmanCode', source: '$.meta.sales[0].kode', transforms: [], required: false }],
      [{ target: 'productName', source: '$.produk.nama', transforms: [], required: false }],
      '$.body.items',
    );
    rules.lines.rules[0] = { target: 'productCode', source: '$.produk.kode', transforms: [], required: true };
    const r = compileTemplate(rules)(
      record({ meta: { sales: [{ kode: 'S-9' }, { kode: 'S-8' }] }, body: { items: [{ produk: { kode: 'A', nama: 'Apel' } }, { produk: { kode: 'B' } }] } }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.document.salesmanCode).toBe('S-9');
    expect(r.document.lines.map((l) => [l.lineNo, l.productCode, l.productName])).toEqual([
      [1, 'A', 'Apel'],
      [2, 'B', null],
    ]);
  });
});

describe('date transform', () => {
  it.each([
    ['dd/MM/yyyy', '29/02/2024'],
    ['d/M/yyyy', '29/2/2024'],
    ['d/M/yyyy', '29/02/2024'],
    ['dd-MM-yyyy', '29-02-2024'],
    ['dd.MM.yyyy', '29.02.2024'],
    ['MM/dd/yyyy', '02/29/2024'],
    ['yyyy-MM-dd', '2024-02-29'],
    ['yyyyMMdd', '20240229'],
  ] as const)('reads %s', (format, text) => {
    expect(parseDate(text, format)).toBe('2024-02-29');
    expect(headerValue('date', [{ kind: 'date', format }], text)).toBe('2024-02-29');
  });

  it.each([
    ['31/04/2024', 'dd/MM/yyyy'],
    ['29/02/2023', 'dd/MM/yyyy'],
    ['00/01/2024', 'dd/MM/yyyy'],
    ['01/13/2024', 'dd/MM/yyyy'],
    ['2024-03-05', 'dd/MM/yyyy'],
    ['5/3/2024', 'dd/MM/yyyy'],
    ['13/01/2024', 'MM/dd/yyyy'],
    ['31/4/2024', 'd/M/yyyy'],
    ['1/13/2024', 'd/M/yyyy'],
    ['001/3/2024', 'd/M/yyyy'],
    ['1/3/24', 'd/M/yyyy'],
    ['1-3-2024', 'd/M/yyyy'],
  ] as const)('refuses %s as %s', (text, format) => {
    expect(() => parseDate(text, format)).toThrow();
  });

  it('refuses non-text dates and unknown layouts', () => {
    expect(() => parseDate(20240229, 'yyyyMMdd')).toThrow(/not a yyyyMMdd date/);
    // @ts-expect-error a layout outside the contracts' dateFormat enum does not typecheck either
    expect(() => parseDate('2024-02-29', 'yyyy/MM/dd')).toThrow(/unsupported date format/);
  });

  it('quarantines a date field whose text is not yyyy-MM-dd when the rule has no date transform', () => {
    expect(headerValue('date', [], '2024-03-01')).toBe('2024-03-01');
    expect(headerValue('date', [], '01/03/2024')).toEqual({ reason: expect.stringMatching(/^date \(\$\.v\): .*yyyy-MM-dd/) });
  });
});

describe('datetime transform', () => {
  it('normalises an offset to UTC', () => {
    expect(parseDateTime('2024-03-05T10:00:00+07:00')).toBe('2024-03-05T03:00:00.000Z');
    expect(parseDateTime('2024-03-05T10:00+0700')).toBe('2024-03-05T03:00:00.000Z');
    expect(parseDateTime('2024-03-05T10:00:00.123Z')).toBe('2024-03-05T10:00:00.123Z');
  });

  it.each(['2024-03-05T10:00:00', '2024-02-31T10:00:00Z', '2024-03-05T24:00:00Z', '2024-03-05T10:61:00Z', '05/03/2024 10:00', 1709607600000])(
    'refuses %j',
    (v) => {
      expect(() => parseDateTime(v)).toThrow();
    },
  );
});

describe('decimal transform', () => {
  it.each([
    ['1.234.567,89', '1234567.89'],
    ['1234567,89', '1234567.89'],
    ['-1.234,5', '-1234.5'],
    [' 12,50 ', '12.5'],
    ['0,1', '0.1'],
    ['1.000', '1000'],
    ['9.999.999.999.999.999,99', '9999999999999999.99'],
  ])('reads Indonesian %j exactly', (text, value) => {
    expect(parseDecimal(text, 'id-ID').toFixed()).toBe(value);
  });

  it.each(['1.234.567.89', '1,234.56', '1.23', '12,5,0', 'Rp 1.000', '1 000', '', 'abc', '+5'])('refuses %j as Indonesian', (text) => {
    expect(() => parseDecimal(text, 'id-ID')).toThrow();
  });

  it('reads plain numbers and refuses other notations', () => {
    expect(parseDecimal('1234567.89', 'plain').toFixed()).toBe('1234567.89');
    expect(parseDecimal('-0.5', 'plain').toFixed()).toBe('-0.5');
    for (const bad of ['1,5', '1.5e3', '1.234.567', '.5', null, true, {}]) expect(() => parseDecimal(bad, 'plain'), String(bad)).toThrow();
  });

  it('takes a JSON number by its shortest decimal text, never summing floats', () => {
    expect(parseDecimal(0.1, 'plain').plus(parseDecimal(0.2, 'plain')).toFixed()).toBe('0.3');
    expect(() => parseDecimal(Number.NaN, 'plain')).toThrow();
    expect(() => parseDecimal(Number.POSITIVE_INFINITY, 'id-ID')).toThrow();
  });

  it('writes money with 2 and quantities with 4 decimals, and quarantines values too large for the columns', () => {
    expect(headerValue('total', [{ kind: 'decimal', format: 'id-ID' }], '1.234.567,891')).toBe('1234567.89');
    expect(headerValue('total', [{ kind: 'decimal', format: 'id-ID' }], '0,005')).toBe('0.01');
    expect(headerValue('total', [{ kind: 'decimal', format: 'plain' }], '9999999999999999.99')).toBe('9999999999999999.99');
    expect(headerValue('total', [{ kind: 'decimal', format: 'plain' }], '10000000000000000')).toEqual({ reason: expect.stringMatching(/total.*too large/) });
    expect(
      lineOf([{ target: 'quantity', source: '$.qty', transforms: [{ kind: 'decimal', format: 'id-ID' }], required: false }], { qty: '1,23456' }),
    ).toMatchObject({
      quantity: '1.2346',
    });
    expect(lineOf([{ target: 'quantity', source: '$.qty', transforms: [], required: false }], { qty: '1e20' })).toEqual({
      reason: expect.stringMatching(/^line 1 quantity \(\$\.qty\): .*plain number/),
    });
  });

  it('leaves an empty value empty (so a default or the canonical zero applies)', () => {
    expect(headerValue('total', [{ kind: 'decimal', format: 'id-ID' }], '')).toBe('0.00');
    expect(
      headerValue(
        'total',
        [
          { kind: 'decimal', format: 'id-ID' },
          { kind: 'default', value: '5' },
        ],
        null,
      ),
    ).toBe('5.00');
  });
});

describe('integer transform', () => {
  it('reads whole numbers only', () => {
    expect(parseInteger('12').toFixed()).toBe('12');
    expect(parseInteger(-3).toFixed()).toBe('-3');
    for (const bad of ['12.5', 12.5, '1.000', 'x', null]) expect(() => parseInteger(bad), String(bad)).toThrow();
  });
});

describe('codeMap transform', () => {
  it('translates codes, keeps or refuses unknown ones as configured', () => {
    const map = { '1': 'OPEN', L: 'LUNAS' };
    expect(headerValue('status', [{ kind: 'codeMap', map, fallback: 'keep' }], 1)).toBe('OPEN');
    expect(headerValue('status', [{ kind: 'codeMap', map, fallback: 'keep' }], 'L')).toBe('LUNAS');
    expect(headerValue('status', [{ kind: 'codeMap', map, fallback: 'keep' }], 'X')).toBe('X');
    expect(headerValue('status', [{ kind: 'codeMap', map, fallback: 'error' }], 'X')).toEqual({
      reason: expect.stringMatching(/status.*no code mapping for "X"/),
    });
    expect(headerValue('status', [{ kind: 'codeMap', map, fallback: 'error' }], null)).toBeNull();
  });
});

describe('unitToBase transform', () => {
  const qty: Transform = { kind: 'decimal', format: 'id-ID' };
  const rule = (t: Extract<Transform, { kind: 'unitToBase' }>): LineRule[] => [
    { target: 'quantity', source: '$.qty', transforms: [qty], required: false },
    { target: 'quantityBase', source: '$.qty', transforms: [qty, t], required: true },
  ];
  const perLine = rule({ kind: 'unitToBase', baseUnit: 'PCS', unitSource: '$.satuan', factorSource: '$.isi' });
  const fixed = rule({ kind: 'unitToBase', baseUnit: 'PCS', unitSource: '$.satuan', factors: { DUS: '12', KRT: '48', PAK: '0.5' } });

  it('multiplies by the per-line factor (number, text or Indonesian decimal)', () => {
    expect(lineOf(perLine, { qty: '2', satuan: 'DUS', isi: 12 })).toMatchObject({ quantity: '2.0000', quantityBase: '24.0000' });
    expect(lineOf(perLine, { qty: '1,5', satuan: 'krt', isi: '48' })).toMatchObject({ quantityBase: '72.0000' });
    expect(lineOf(perLine, { qty: '3', satuan: 'KG', isi: '0,25' })).toMatchObject({ quantityBase: '0.7500' });
  });

  it('uses fixed factors per unit, case-insensitively', () => {
    expect(lineOf(fixed, { qty: '3', satuan: 'krt' })).toMatchObject({ quantityBase: '144.0000' });
    expect(lineOf(fixed, { qty: '3', satuan: 'PAK' })).toMatchObject({ quantityBase: '1.5000' });
  });

  it('keeps quantities already in the base unit, or without a unit', () => {
    expect(lineOf(perLine, { qty: '7', satuan: 'pcs' })).toMatchObject({ quantityBase: '7.0000' });
    expect(lineOf(perLine, { qty: '7' })).toMatchObject({ quantityBase: '7.0000' });
  });

  it('quarantines a unit it cannot convert, and a zero or malformed factor', () => {
    expect(lineOf(fixed, { qty: '1', satuan: 'BAL' })).toEqual({ reason: expect.stringMatching(/line 1 quantityBase.*no conversion from BAL to PCS/) });
    expect(lineOf(perLine, { qty: '1', satuan: 'DUS', isi: 0 })).toEqual({ reason: expect.stringMatching(/no conversion from DUS/) });
    expect(lineOf(perLine, { qty: '1', satuan: 'DUS', isi: 'dua belas' })).toEqual({ reason: expect.stringMatching(/line 1 quantityBase/) });
  });

  it('defaults quantityBase to quantity when the template has no conversion', () => {
    expect(lineOf([{ target: 'quantity', source: '$.qty', transforms: [qty], required: false }], { qty: '4' })).toMatchObject({
      quantity: '4.0000',
      quantityBase: '4.0000',
    });
  });
});

describe('default, concat, trim, upper', () => {
  it('fills blanks (missing, null, empty or spaces) only', () => {
    const d: Transform[] = [{ kind: 'trim' }, { kind: 'default', value: 'Umum' }];
    expect(headerValue('partyName', d, undefined)).toBe('Umum');
    expect(headerValue('partyName', d, null)).toBe('Umum');
    expect(headerValue('partyName', d, '   ')).toBe('Umum');
    expect(headerValue('partyName', d, ' Toko A ')).toBe('Toko A');
  });

  it('gives a rule without a source its default value', () => {
    const r = compileTemplate(template([{ target: 'currency', transforms: [{ kind: 'default', value: 'IDR' }], required: false }]))(record());
    expect(r.ok && r.document.currency).toBe('IDR');
  });

  it('joins several sources, skipping blank parts', () => {
    const rules = template([
      { target: 'partyName', sources: ['$.a', '$.b', '$.c'], transforms: [{ kind: 'concat', separator: ' - ' }, { kind: 'upper' }], required: false },
    ]);
    const apply = compileTemplate(rules);
    const r1 = apply(record({ a: 'Toko', b: '', c: 7 }));
    expect(r1.ok && r1.document.partyName).toBe('TOKO - 7');
    const r2 = apply(record({}));
    expect(r2.ok && r2.document.partyName).toBeNull();
  });

  it('quarantines several sources without a concat instead of writing "a,b"', () => {
    const r = compileTemplate(template([{ target: 'partyName', sources: ['$.a', '$.b'], transforms: [], required: false }]))(record({ a: 'x', b: 'y' }));
    expect(r).toEqual({
      ok: false,
      reason: expect.stringMatching(/partyName.*not a single value/),
      code: 'NOT_A_SINGLE_VALUE',
      params: { field: 'partyName', source: '$.a + $.b' },
    });
  });
});

describe('malformed records', () => {
  const apply = compileTemplate(template([{ target: 'total', source: '$.total', transforms: [{ kind: 'decimal', format: 'id-ID' }], required: false }]));

  it.each([
    ['null', null, /not an object/],
    ['a string', '{"id":1}', /not an object/],
    ['an array', [record()], /not an object/],
    ['lines not an array', record({ detail: { 0: { kode_barang: 'P' } } }), /lines: \$\.detail is not an array/],
    ['a null line', record({ detail: [{ kode_barang: 'P' }, null] }), /line 2 productCode .*required/],
    ['a line without product', record({ detail: [{ nama: 'x' }] }), /line 1 productCode .*required/],
    ['no id', record({ id: undefined }), /sourceId .*required/],
    ['an object where a value belongs', record({ no: { text: 'INV/1' } }), /number .*an object is not a single value/],
    ['a number as text garbage', record({ total: '12abc' }), /total \(\$\.total\): "12abc" is not an Indonesian number/],
    ['an impossible date', record({ tgl: '30/02/2024' }), /date \(\$\.tgl\): .*not a valid dd\/MM\/yyyy date/],
    ['no offset on updated_at', record({ updated_at: '2024-03-05 10:00' }), /updatedAt .*ISO-8601/],
  ])('quarantines %s with a reason naming the field', (_label, input, reason) => {
    const r = apply(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it.each([
    ['null', null, 'NOT_AN_OBJECT', {}],
    ['lines not an array', record({ detail: { 0: { kode_barang: 'P' } } }), 'LINES_NOT_A_LIST', { path: '$.detail' }],
    [
      'a line without product',
      record({ detail: [{ kode_barang: 'P' }, { nama: 'x' }] }),
      'REQUIRED_EMPTY',
      { line: 2, field: 'productCode', source: '$.kode_barang' },
    ],
    ['a number as text garbage', record({ total: '12abc' }), 'NOT_AN_INDONESIAN_NUMBER', { field: 'total', source: '$.total', value: '12abc' }],
    ['an impossible date', record({ tgl: '30/02/2024' }), 'NOT_A_DATE', { field: 'date', source: '$.tgl', value: '30/02/2024', format: 'dd/MM/yyyy' }],
    [
      'no offset on updated_at',
      record({ updated_at: '2024-03-05 10:00' }),
      'NOT_A_DATETIME',
      { field: 'updatedAt', source: '$.updated_at', value: '2024-03-05 10:00' },
    ],
  ])('names %s by a code with the field, line and value, for the portal to translate', (_label, input, code, params) => {
    const r = apply(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect({ code: r.code, params: r.params }).toEqual({ code, params });
  });

  it('never throws, whatever the record holds', () => {
    const junk: unknown[] = [
      undefined,
      0,
      true,
      [],
      {},
      { detail: 'x' },
      { id: {}, detail: [[]] },
      record({ total: [1, 2] }),
      record({ detail: [1, 'a', true] }),
    ];
    for (const j of junk) expect(() => apply(j)).not.toThrow();
    expect(junk.map((j) => apply(j).ok).every((ok) => ok === false)).toBe(true);
  });

  it('accepts a document without lines', () => {
    const r = apply(record({ detail: [] }));
    expect(r.ok && r.document.lines).toEqual([]);
  });
});

describe('inherited properties (issue 15)', () => {
  it('a path reads own properties only, never what every object inherits', () => {
    expect(readPath({ a: 1 }, ['constructor'])).toBeUndefined();
    expect(readPath({ a: 1 }, ['__proto__'])).toBeUndefined();
    expect(readPath({ a: { b: 2 } }, ['a', 'toString'])).toBeUndefined();
    expect(readPath([10, 20], [1])).toBe(20);
    expect(readPath([10, 20], ['length'])).toBe(2);
  });

  it('a code map answers only for codes it lists', () => {
    expect(headerValue('status', [{ kind: 'codeMap', map: { L: 'LUNAS' }, fallback: 'error' }], 'constructor')).toEqual({
      reason: expect.stringContaining('no code mapping for "constructor"'),
    });
    expect(headerValue('status', [{ kind: 'codeMap', map: { L: 'LUNAS' }, fallback: 'keep' }], 'toString')).toBe('toString');
  });
});

describe('SAP transforms (issue 10)', () => {
  it('reads OData V2 /Date(ms)/ with and without an offset as UTC, as a day or an instant', () => {
    expect(headerValue('date', [{ kind: 'odataDate', as: 'date' }], '/Date(1130112000000)/')).toBe('2005-10-24');
    expect(headerValue('updatedAt', [{ kind: 'odataDate', as: 'datetime' }], '/Date(1130168212000+0000)/')).toBe('2005-10-24T15:36:52.000Z');
    expect(headerValue('updatedAt', [{ kind: 'odataDate', as: 'datetime' }], '/Date(1130168212000)/')).toBe('2005-10-24T15:36:52.000Z');
    expect(headerValue('date', [{ kind: 'odataDate', as: 'date' }], '/Date(253402214400000)/')).toBe('9999-12-31');
    expect(headerValue('date', [{ kind: 'odataDate', as: 'date' }], '2024-01-01')).toEqual({ reason: expect.stringContaining('not an OData') });
    expect(headerValue('date', [{ kind: 'odataDate', as: 'date' }], '/Date(-62135769600000)/')).toEqual({ reason: expect.stringContaining('not an OData') });
  });

  it('takes a date-time without offset as UTC only when told to', () => {
    expect(headerValue('updatedAt', [{ kind: 'datetime', assumeUtc: true }], '2026-11-30T14:05:09')).toBe('2026-11-30T14:05:09.000Z');
    expect(headerValue('updatedAt', [{ kind: 'datetime' }], '2026-11-30T14:05:09')).toEqual({ reason: expect.stringContaining('with offset') });
  });

  it('computes a line amount as quantity × price ÷ price unit (an SAP purchase order priced per 100)', () => {
    const line = lineOf(
      [
        {
          target: 'amount',
          sources: ['$.OrderQuantity', '$.NetPriceAmount'],
          transforms: [{ kind: 'multiply' }, { kind: 'divide', by: '$.NetPriceQuantity' }],
          required: false,
        },
        { target: 'unitPrice', source: '$.NetPriceAmount', transforms: [{ kind: 'divide', by: '$.NetPriceQuantity' }], required: false },
      ],
      { OrderQuantity: '250', NetPriceAmount: '1234.500', NetPriceQuantity: '100' },
    );
    expect(line).toMatchObject({ amount: '3086.25', unitPrice: '12.35' });
    expect(lineOf([{ target: 'amount', source: '$.p', transforms: [{ kind: 'divide', by: '$.q' }], required: false }], { p: '5', q: '0' })).toEqual({
      reason: expect.stringContaining('cannot divide'),
    });
  });

  it('sums a header amount from the finished lines, and negates credit memos by a document field in header and lines', () => {
    const rules = template(
      [
        {
          target: 'total',
          transforms: [
            { kind: 'sumLines', field: 'amount' },
            { kind: 'negateWhen', source: '$.type', values: ['G2'] },
          ],
          required: false,
        },
        { target: 'subtotal', source: '$.net', transforms: [{ kind: 'negateWhen', source: '$.type', values: ['G2'] }], required: false },
      ],
      [{ target: 'amount', source: '$.amt', transforms: [{ kind: 'negateWhen', source: '$.type', values: ['G2'] }], required: false }],
    );
    const apply = compileTemplate(rules);
    const invoice = apply(
      record({
        type: 'F2',
        net: '30',
        detail: [
          { kode_barang: 'A', amt: '10.5' },
          { kode_barang: 'B', amt: '19.5' },
        ],
      }),
    );
    expect(invoice.ok && [invoice.document.total, invoice.document.subtotal, invoice.document.lines.map((l) => l.amount)]).toEqual([
      '30.00',
      '30.00',
      ['10.50', '19.50'],
    ]);
    // The line amounts are already negative, so the sum is too; the header rule's own negateWhen would flip it back.
    const memo = compileTemplate({
      ...rules,
      header: rules.header.map((r) => (r.target === 'total' ? { ...r, transforms: [{ kind: 'sumLines', field: 'amount' }] } : r)),
    })(
      record({
        type: 'G2',
        net: '30',
        detail: [
          { kode_barang: 'A', amt: '10.5' },
          { kode_barang: 'B', amt: '19.5' },
        ],
      }),
    );
    expect(memo.ok && [memo.document.total, memo.document.subtotal, memo.document.lines.map((l) => l.amount)]).toEqual([
      '-30.00',
      '-30.00',
      ['-10.50', '-19.50'],
    ]);
  });
});
