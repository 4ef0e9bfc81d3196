import { describe, expect, it } from 'vitest';
import { editableTemplateRules, type ModelTemplateRules, saveTemplateVersionBody } from './model-templates';

const rules: ModelTemplateRules = {
  documentType: 'SALES_ORDER',
  sourceModel: 'sales-orders',
  header: [
    { target: 'sourceId', source: '$.id', transforms: [], required: true },
    { target: 'updatedAt', source: '$.updated_at', transforms: [{ kind: 'datetime' }], required: true },
    { target: 'number', source: '$.no_so', transforms: [], required: true },
    { target: 'date', source: '$.tgl_so', transforms: [{ kind: 'date', format: 'dd/MM/yyyy' }], required: true },
    { target: 'currency', transforms: [{ kind: 'default', value: 'IDR' }], required: false },
  ],
  lines: { sourcePath: '$.detail', rules: [{ target: 'productCode', source: '$.kode_barang', transforms: [], required: true }] },
};
const messages = (r: unknown) => {
  const parsed = editableTemplateRules.safeParse(r);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
};

describe('editableTemplateRules', () => {
  it('accepts a complete template', () => {
    expect(messages(rules)).toEqual([]);
    expect(saveTemplateVersionBody.safeParse({ basedOnVersion: 1, rules }).success).toBe(true);
  });

  it('requires the fields every document needs', () => {
    expect(messages({ ...rules, header: rules.header.filter((r) => r.target !== 'date') })).toContain('date must be mapped');
    expect(messages({ ...rules, lines: { sourcePath: '$.detail', rules: [] } })).toContain('productCode must be mapped');
  });

  it('refuses a rule without a source or default, two sources without concat, and a target mapped twice', () => {
    const h = (extra: object) => ({ ...rules, header: [...rules.header, extra] });
    expect(messages(h({ target: 'status', transforms: [] }))).toContain('a rule needs a source path, a default value or a sum of the lines');
    expect(messages(h({ target: 'status', sources: ['$.a', '$.b'], transforms: [] }))).toContain('several sources need a concat or multiply transform');
    expect(messages(h({ target: 'number', source: '$.x', transforms: [] }))).toContain('number is mapped twice');
    expect(messages(h({ target: 'status', source: '$.a', sources: ['$.a', '$.b'], transforms: [{ kind: 'concat', separator: '' }] }))).toContain(
      'use either source or sources, not both',
    );
  });

  it('accepts the computed amounts of SAP templates: a sum of the lines without a source, two sources multiplied', () => {
    expect(messages(h2({ target: 'total', transforms: [{ kind: 'sumLines', field: 'amount' }] }))).toEqual([]);
    const line = {
      target: 'amount',
      sources: ['$.OrderQuantity', '$.NetPriceAmount'],
      transforms: [{ kind: 'multiply' }, { kind: 'divide', by: '$.NetPriceQuantity' }],
    };
    expect(messages({ ...rules, lines: { ...rules.lines, rules: [...rules.lines.rules, line] } })).toEqual([]);
  });

  it('refuses bad paths, unknown transforms and extra keys', () => {
    expect(messages(h2({ target: 'status', source: 'status', transforms: [] }))).not.toEqual([]);
    expect(messages(h2({ target: 'status', source: '$.s', transforms: [{ kind: 'eval', code: 'x' }] }))).not.toEqual([]);
    expect(messages(h2({ target: 'status', source: '$.s', transforms: [], sql: 'drop' }))).not.toEqual([]);
    expect(messages(h2({ target: 'status', source: '$.s', transforms: [{ kind: 'unitToBase', baseUnit: 'PCS', factors: { DUS: '-1' } }] }))).not.toEqual([]);
  });
});

function h2(extra: object) {
  return { ...rules, header: [...rules.header, extra] };
}

describe('rule paths (issue 15)', () => {
  it.each(['$.constructor', '$.__proto__', '$.lines.prototype', '$.a[0].constructor'])('refuses %s with UNSAFE_TEMPLATE_PATH', (path) => {
    const unsafe = { ...rules, header: rules.header.map((r) => (r.target === 'number' ? { ...r, source: path } : r)) };
    const parsed = editableTemplateRules.safeParse(unsafe);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => (i.code === 'custom' ? i.params?.errorCode : i.code))).toEqual(['UNSAFE_TEMPLATE_PATH']);
  });

  it('still takes fields whose names merely contain those words', () => {
    const fine = { ...rules, header: rules.header.map((r) => (r.target === 'number' ? { ...r, source: '$.constructor_code' } : r)) };
    expect(editableTemplateRules.safeParse(fine).success).toBe(true);
  });
});
