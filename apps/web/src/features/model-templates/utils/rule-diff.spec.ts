import { describe, expect, it } from 'vitest';
import { diffRules } from './rule-diff';
import type { TemplateRules } from './rule-editing';

const base: TemplateRules = {
  header: [
    { target: 'number', source: '$.no_faktur', transforms: [], required: true },
    { target: 'status', source: '$.status', transforms: [], required: false },
    { target: 'total', source: '$.total', transforms: [{ kind: 'decimal', format: 'id-ID' }], required: false },
  ],
  lines: { sourcePath: '$.detail', rules: [{ target: 'productCode', source: '$.kode', transforms: [], required: true }] },
};

describe('diffRules', () => {
  it('finds nothing between the same rules, whatever the key order', () => {
    const reordered = JSON.parse(
      JSON.stringify(base, ['lines', 'header', 'rules', 'sourcePath', 'required', 'transforms', 'source', 'target', 'kind', 'format']),
    ) as TemplateRules;
    expect(diffRules(base, reordered)).toEqual({ rules: [], linesPath: null });
  });

  it('names each added, removed and changed rule with its old and new value', () => {
    const newer: TemplateRules = {
      header: [
        { target: 'number', source: '$.no_faktur', transforms: [{ kind: 'upper' }], required: true },
        { target: 'total', source: '$.total', transforms: [{ kind: 'decimal', format: 'id-ID' }], required: false },
        { target: 'partyName', source: '$.nama_pelanggan', transforms: [], required: false },
      ],
      lines: { sourcePath: '$.items', rules: [{ target: 'productCode', source: '$.kode', transforms: [], required: true }] },
    };
    const diff = diffRules(base, newer);
    expect(diff.rules.map((c) => [c.scope, c.target, c.change])).toEqual([
      ['header', 'number', 'changed'],
      ['header', 'partyName', 'added'],
      ['header', 'status', 'removed'],
    ]);
    expect(diff.rules[0]).toMatchObject({ before: base.header[0], after: newer.header[0] });
    expect(diff.linesPath).toEqual({ before: '$.detail', after: '$.items' });
  });
});
