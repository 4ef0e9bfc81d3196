import { type SyncErrorCode, syncErrorCode, type SyncErrorParams } from '@portal/contracts';
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../locales/en.json';
import id from '../locales/id.json';
import { SyncErrorText, syncErrorMessage } from './sync-error';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n
    .use(initReactI18next)
    .init({ lng: 'id', resources: { id: { translation: id }, en: { translation: en } }, interpolation: { escapeValue: false }, showSupportNotice: false });
});
const say = (lng: 'id' | 'en', code: SyncErrorCode | null, params: SyncErrorParams | null = null) => syncErrorMessage(i18n.getFixedT(lng), code, params);
/** The visible text of the markup, tags dropped. */
const shown = (lng: 'id' | 'en', props: Parameters<typeof SyncErrorText>[0]) => {
  void i18n.changeLanguage(lng);
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(SyncErrorText, props)))
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
};

describe('sync errors and integration state reasons, by code', () => {
  it('say what went wrong in Bahasa Indonesia and in English', () => {
    const dms = { source: 'DMS' };
    expect([say('id', 'CREDENTIALS_REJECTED', dms), say('en', 'CREDENTIALS_REJECTED', dms)]).toEqual([
      'DMS menolak kredensial akses',
      'The DMS rejected the access credentials',
    ]);
    expect([say('id', 'SOURCE_UNAVAILABLE', { ...dms, status: 503 }), say('en', 'SOURCE_UNAVAILABLE', { ...dms, status: 503 })]).toEqual([
      'DMS tidak dapat dihubungi (HTTP 503)',
      'The DMS cannot be reached (HTTP 503)',
    ]);
    // A network failure has no HTTP status.
    expect(say('id', 'SOURCE_UNAVAILABLE', dms)).toBe('DMS tidak dapat dihubungi');
    // The source failures name whichever kind failed.
    expect(say('en', 'SOURCE_MALFORMED', { source: 'SAP' })).toBe('The SAP answered something that does not follow its contract');
    expect([
      say('id', 'RECORDS_QUARANTINED', { count: 1200 }),
      say('en', 'RECORDS_QUARANTINED', { count: 1 }),
      say('en', 'RECORDS_QUARANTINED', { count: 1200 }),
    ]).toEqual(['1.200 record dikarantina', '1 record quarantined', '1,200 records quarantined']);
    expect(say('id', 'DISABLED_BY_DISTRIBUTOR')).toBe('Dinonaktifkan oleh distributor');
  });

  it('spell out the failure a give-up wraps, with its own params', () => {
    const exhausted = { attempts: 5, cause: 'SOURCE_UNAVAILABLE', source: 'DMS', status: 503 };
    expect(say('id', 'RETRIES_EXHAUSTED', exhausted)).toBe('Gagal setelah 5 percobaan: DMS tidak dapat dihubungi (HTTP 503)');
    expect(say('en', 'RETRIES_EXHAUSTED', exhausted)).toBe('Failed after 5 attempts: The DMS cannot be reached (HTTP 503)');
    expect(say('id', 'RETRYING', { attempt: 2, cause: 'SOURCE_MALFORMED', source: 'DMS' })).toBe(
      'Percobaan ke-2 gagal: Jawaban DMS tidak sesuai kontrak; dicoba lagi',
    );
  });

  it('translate the values that are codes themselves (integration state, document type)', () => {
    expect(say('id', 'INTEGRATION_NOT_ACTIVE', { state: 'ERROR' })).toBe('Integrasi tidak aktif (status: Bermasalah)');
    expect(say('en', 'INTEGRATION_NOT_ACTIVE', { state: 'DISABLED' })).toBe('The integration is not active (state: Disabled)');
    expect(say('id', 'NO_TEMPLATE', { documentType: 'SALES_ORDER' })).toBe(`Belum ada templat model untuk ${id.docType.SALES_ORDER}`);
  });

  it('have a message for every code in both languages', () => {
    for (const code of syncErrorCode.options) {
      const key = code === 'RECORDS_QUARANTINED' ? 'RECORDS_QUARANTINED_other' : code;
      expect(id.syncError[key], `id syncError.${key}`).toBeTruthy();
      expect(en.syncError[key], `en syncError.${key}`).toBeTruthy();
    }
  });

  it('keep the stored English text behind a collapsed detail, or show it alone when the code is UNKNOWN or absent', () => {
    const rejected = { code: 'CREDENTIALS_REJECTED', params: { source: 'DMS' }, text: 'AccessKey rejected' } as const;
    expect(shown('id', rejected)).toBe('DMS menolak kredensial akses Detail untuk dukungan teknis AccessKey rejected');
    expect(shown('en', rejected)).toBe(`The DMS rejected the access credentials ${en.syncError.detail} AccessKey rejected`);
    // Collapsed (no `open`): a disabled integration reads "Dinonaktifkan oleh distributor" once, not again in English beneath.
    void i18n.changeLanguage('id');
    const disabled = renderToStaticMarkup(
      createElement(
        I18nextProvider,
        { i18n },
        createElement(SyncErrorText, { code: 'DISABLED_BY_DISTRIBUTOR', params: null, text: 'Disabled by the distributor' }),
      ),
    );
    expect(disabled).toMatch(
      /<details class="[^"]*"><summary>Detail untuk dukungan teknis<\/summary><span lang="en">Disabled by the distributor<\/span><\/details>/,
    );
    expect(shown('id', { code: 'UNKNOWN', params: null, text: 'integration not found' })).toBe('integration not found');
    expect(shown('id', { code: null, params: null, text: 'Sync failed after 5 attempts: DMS answered 503' })).toBe(
      'Sync failed after 5 attempts: DMS answered 503',
    );
    expect(shown('id', { code: null, params: null, text: null })).toBe('');
  });

  it('name refused SAP credentials with what to do, and offer Re-authenticate where the page can open it', () => {
    const sap = { source: 'SAP' };
    expect([say('id', 'CREDENTIALS_REJECTED', sap), say('en', 'CREDENTIALS_REJECTED', sap)]).toEqual([
      'Kredensial SAP ditolak — autentikasi ulang',
      'SAP credentials rejected — re-authenticate',
    ]);
    expect(say('en', 'RETRIES_EXHAUSTED', { attempts: 5, cause: 'CREDENTIALS_REJECTED', source: 'SAP' })).toBe(
      'Failed after 5 attempts: SAP credentials rejected — re-authenticate',
    );
    const rejected = { code: 'CREDENTIALS_REJECTED', params: sap, text: 'SAP answered 401' } as const;
    const reauth = () => undefined;
    expect(shown('id', { ...rejected, onReauthenticate: reauth })).toBe(
      'Kredensial SAP ditolak — autentikasi ulang Autentikasi ulang Detail untuk dukungan teknis SAP answered 401',
    );
    // The admin's view has no dialog to open; a DMS key is the admin's to set, not the distributor's to replace.
    expect(shown('id', rejected)).toBe('Kredensial SAP ditolak — autentikasi ulang Detail untuk dukungan teknis SAP answered 401');
    expect(shown('id', { code: 'CREDENTIALS_REJECTED', params: { source: 'DMS' }, text: null, onReauthenticate: reauth })).toBe('DMS menolak kredensial akses');
  });

  it("show SAP's own error code, message and transaction id under the translated reason, labelled in the user's language", () => {
    const failed = {
      code: 'SOURCE_UNAVAILABLE',
      params: { source: 'SAP', status: 500, sapCode: 'SY/530', sapMessage: 'Internal server error', sapTransactionId: '4F2C0A1B9D8E7F6A5B4C3D2E1F0A9B8C' },
      text: null,
    } as const;
    expect(shown('id', failed)).toBe(
      'SAP tidak dapat dihubungi (HTTP 500) Kesalahan SAP SY/530 Internal server error ID transaksi 4F2C0A1B9D8E7F6A5B4C3D2E1F0A9B8C Salin',
    );
    expect(shown('en', failed)).toBe(
      'The SAP cannot be reached (HTTP 500) SAP error SY/530 Internal server error Transaction ID 4F2C0A1B9D8E7F6A5B4C3D2E1F0A9B8C Copy',
    );
    // Without SAP's details, nothing SAP-specific is added.
    expect(shown('en', { ...failed, params: { source: 'SAP', status: 500 } })).toBe('The SAP cannot be reached (HTTP 500)');
  });
});
