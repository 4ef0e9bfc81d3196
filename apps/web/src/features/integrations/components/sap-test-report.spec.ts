import type { SapTestResponse } from '@portal/contracts';
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../../locales/en.json';
import id from '../../../locales/id.json';
import { SapTestReport } from './sap-test-report';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n
    .use(initReactI18next)
    .init({ lng: 'id', resources: { id: { translation: id }, en: { translation: en } }, interpolation: { escapeValue: false }, showSupportNotice: false });
});
/** Each row's visible text, tags dropped. */
const rows = (lng: 'id' | 'en', report: SapTestResponse) => {
  void i18n.changeLanguage(lng);
  const html = renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(SapTestReport, { report })));
  const text = (s: string) =>
    s
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return {
    html,
    banner: text(/<p role="(?:status|alert)"[^>]*>(.*?)<\/p>/.exec(html)?.[1] ?? ''),
    services: [...html.matchAll(/<tr data-service[^>]*>(.*?)<\/tr>(?=<tr data-service|<\/tbody><\/table><\/div>)/g)].map((m) => text(m[1]!)),
  };
};

const reachable = (documentType: SapTestResponse['services'][number]['documentType'], service: string, entitySet: string) => ({
  documentType,
  service,
  entitySet,
  status: 'REACHABLE' as const,
  httpStatus: null,
  error: null,
  fields: [
    { name: 'SalesOrder', label: 'Sales Order', edmType: 'Edm.String' },
    { name: 'TotalGrossAmount', label: null, edmType: 'Edm.Decimal' },
  ],
});

describe('the SAP connection test, service by service', () => {
  it('a passing test: every service reachable, with its fields (name and SAP label, or that it has none)', () => {
    const report: SapTestResponse = {
      ok: true,
      services: [reachable('SALES_ORDER', 'API_SALES_ORDER_SRV', 'A_SalesOrder'), reachable(null, 'API_BUSINESS_PARTNER', 'A_Customer')],
    };
    const id_ = rows('id', report);
    expect(id_.banner).toBe(id.sap.testPassed);
    expect(id_.services).toEqual([
      'Sales Order API_SALES_ORDER_SRV A_SalesOrder Dapat dijangkau 2 field Nama field Label SAP SalesOrder Sales Order TotalGrossAmount (tanpa label)',
      'Nama pelanggan dan pemasok API_BUSINESS_PARTNER A_Customer Dapat dijangkau 2 field Nama field Label SAP SalesOrder Sales Order TotalGrossAmount (tanpa label)',
    ]);
    // The fields are folded away until asked for.
    expect(id_.html).toMatch(/<details><summary data-testid="fields-found">2 field<\/summary>/);
    expect(rows('en', report).services[0]).toBe(
      'Sales Order API_SALES_ORDER_SRV A_SalesOrder Reachable 2 fields Field name SAP label SalesOrder Sales Order TotalGrossAmount (no label)',
    );
  });

  it("a failing test: credentials refused with SAP's error and transaction id, a missing service, nothing to save", () => {
    const report: SapTestResponse = {
      ok: false,
      services: [
        {
          documentType: 'SALES_INVOICE',
          service: 'API_BILLING_DOCUMENT_SRV',
          entitySet: 'A_BillingDocument',
          status: 'CREDENTIALS_REFUSED',
          httpStatus: 401,
          error: { code: '/IWFND/CM_CONSUMER/101', message: 'Logon failed', transactionId: '0123456789ABCDEF0123456789ABCDEF' },
          fields: [],
        },
        {
          documentType: 'PURCHASE_ORDER',
          service: 'API_PURCHASEORDER_PROCESS_SRV',
          entitySet: 'A_PurchaseOrder',
          status: 'SERVICE_MISSING',
          httpStatus: 404,
          error: null,
          fields: [],
        },
      ],
    };
    const shown = rows('id', report);
    expect(shown.banner).toBe(id.sap.testFailed);
    expect(shown.services).toEqual([
      'Sales Invoice API_BILLING_DOCUMENT_SRV A_BillingDocument Kredensial ditolak HTTP 401 Kesalahan SAP /IWFND/CM_CONSUMER/101 Logon failed ID transaksi 0123456789ABCDEF0123456789ABCDEF Salin —',
      'Purchase Order API_PURCHASEORDER_PROCESS_SRV A_PurchaseOrder Layanan tidak ada HTTP 404 —',
    ]);
    expect(rows('en', report).services[1]).toBe('Purchase Order API_PURCHASEORDER_PROCESS_SRV A_PurchaseOrder Service missing HTTP 404 —');
  });
});
