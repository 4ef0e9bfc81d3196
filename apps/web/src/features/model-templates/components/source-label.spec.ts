import type { TemplateFieldLabels } from '@portal/contracts';
import i18next from 'i18next';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../../locales/en.json';
import id from '../../../locales/id.json';
import { rowsOf, type TemplateRules } from '../utils/rule-editing';
import { ReadOnlyRules } from './read-only-rules';
import { RuleRows } from './rule-rows';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n
    .use(initReactI18next)
    .init({ lng: 'id', resources: { id: { translation: id }, en: { translation: en } }, interpolation: { escapeValue: false }, showSupportNotice: false });
});
const html = (el: ReactElement) => renderToStaticMarkup(createElement(I18nextProvider, { i18n }, el));
/** The visible text of the markup, tags dropped. */
const text = (markup: string) => markup.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

// A billing document's template as the S/4HANA generator makes it: SAP gives TotalGrossAmount no sap:label.
const rules: TemplateRules = {
  header: [
    { target: 'subtotal', source: '$.TotalNetAmount', transforms: [{ kind: 'decimal', format: 'plain' }], required: false },
    { target: 'total', source: '$.TotalGrossAmount', transforms: [{ kind: 'decimal', format: 'plain' }], required: false },
    {
      target: 'status',
      sources: ['$.BillingDocumentIsCancelled', '$.BillingDocumentType'],
      transforms: [{ kind: 'concat', separator: '/' }],
      required: false,
    },
  ],
  lines: { sourcePath: '$.to_Item.results', rules: [{ target: 'productCode', source: '$.Material', transforms: [], required: true }] },
};
const labels: TemplateFieldLabels = {
  header: { '$.TotalNetAmount': 'Net Value', '$.BillingDocumentIsCancelled': 'Billing Doc. Is Cancelled', '$.BillingDocumentType': 'Billing Type' },
  lines: { '$.Material': 'Material' },
};

describe('source labels in the template card', () => {
  it("shows SAP's label beside each labelled path, untranslated, and a path without one alone", async () => {
    await i18n.changeLanguage('id');
    const shown = text(html(createElement(ReadOnlyRules, { rules, labels })));
    expect(shown).toContain('$.TotalNetAmount · Net Value');
    expect(shown).toContain('$.BillingDocumentIsCancelled · Billing Doc. Is Cancelled + $.BillingDocumentType · Billing Type');
    expect(shown).toContain('$.Material · Material');
    expect(shown).toMatch(/\$\.TotalGrossAmount (?!·)/);
  });

  it('labels line paths with the line labels only', () => {
    const shown = text(html(createElement(ReadOnlyRules, { rules, labels: { header: { '$.Material': 'Header Material' }, lines: {} } })));
    expect(shown).not.toContain('Header Material');
  });
});

describe('source labels in the rules editor', () => {
  it("shows the label beside the source input, explains it in the user's language, and offers the labelled paths as suggestions", async () => {
    await i18n.changeLanguage('en');
    const markup = html(createElement(RuleRows, { scope: 'header', rows: rowsOf(rules.header), labels: labels.header, listId: 'paths', onChange: () => {} }));
    expect(text(markup)).toContain('· Net Value');
    expect(text(markup)).toContain('· Billing Doc. Is Cancelled');
    expect(markup).toContain('title="This field&#x27;s name in the source system (SAP&#x27;s label, not translated)"');
    expect(markup).toMatch(/<input[^>]*value="\$\.TotalNetAmount"[^>]*list="paths"|<input[^>]*list="paths"[^>]*value="\$\.TotalNetAmount"/);
  });

  it('offers no suggestions where the source has no labels (a DMS, Business One)', () => {
    const markup = html(createElement(RuleRows, { scope: 'line', rows: rowsOf(rules.lines.rules), labels: {}, listId: 'paths', onChange: () => {} }));
    expect(markup).not.toContain('list="paths"');
    expect(text(markup)).not.toContain('·');
  });
});
