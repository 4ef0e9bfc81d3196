import { dmsCatalogue } from '@portal/contracts';
import { testDmsCatalogue } from '@portal/testing';
import { describe, expect, it } from 'vitest';
import { generateTemplates, unknownModels } from './generate-templates';

const catalogue = dmsCatalogue.parse(testDmsCatalogue);

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
