import { NOTIFICATION_KINDS } from '@portal/contracts';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../../locales/en.json';
import id from '../../../locales/id.json';
import { notificationText } from './notification-text';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    lng: 'id',
    resources: { id: { translation: id }, en: { translation: en } },
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
});

// The params the worker's fan-out stores for each kind.
const PARAMS = {
  integrationName: 'DMS Gudang Timur',
  partnerName: 'PT Nusantara Foods',
  expiresAt: '2026-12-20T03:00:00.000Z',
  url: 'https://hooks.example/portal',
  reason: 'GONE',
};

describe('a notification in the user language', () => {
  it('every kind has a text in Bahasa Indonesia and English, with its values filled in', () => {
    for (const kind of NOTIFICATION_KINDS) {
      for (const lng of ['id', 'en']) {
        const text = notificationText(i18n.getFixedT(lng), { kind, params: PARAMS }, lng);
        expect(text, `${kind} ${lng}`).not.toMatch(/\{\{|notifications\./);
      }
    }
  });

  it('says what happened and to what', () => {
    const id = i18n.getFixedT('id');
    const en = i18n.getFixedT('en');
    expect(notificationText(id, { kind: 'sync_failed', params: PARAMS }, 'id')).toBe('Sinkronisasi DMS Gudang Timur gagal');
    expect(notificationText(en, { kind: 'sync_failed', params: PARAMS }, 'en')).toBe('Sync of DMS Gudang Timur failed');
    expect(notificationText(id, { kind: 'connection_requested', params: PARAMS }, 'id')).toBe('Permintaan koneksi dikirim, berlaku sampai 20 Des 2026');
    expect(notificationText(en, { kind: 'webhook_endpoint_disabled', params: PARAMS }, 'en')).toBe(
      'Webhook endpoint https://hooks.example/portal disabled: the receiver answered 410 Gone',
    );
  });
});
