import { recordFailureCode } from '@portal/contracts';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../locales/en.json';
import id from '../locales/id.json';
import { recordFailureMessage } from './record-failure';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    lng: 'id',
    resources: { id: { translation: id }, en: { translation: en } },
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
});

describe('why a quarantined record failed, by code', () => {
  it('says it in Bahasa Indonesia with the field, line and value', () => {
    const t = i18n.getFixedT('id');
    expect(recordFailureMessage(t, 'NOT_A_DATE', { field: 'date', source: '$.tgl', value: '30/02/2024', format: 'dd/MM/yyyy' })).toBe(
      'date: "30/02/2024" bukan tanggal dd/MM/yyyy yang valid',
    );
    expect(recordFailureMessage(t, 'NOT_AN_INDONESIAN_NUMBER', { line: 3, field: 'quantity', source: '$.qty', value: '12abc' })).toBe(
      'Baris 3: quantity: "12abc" bukan angka berformat Indonesia (1.234.567,89)',
    );
    expect(recordFailureMessage(t, 'LINE_WITHOUT_PRODUCT', { line: 2 })).toBe('Baris 2: kode produk kosong');
  });

  it('and in English', () => {
    expect(recordFailureMessage(i18n.getFixedT('en'), 'REQUIRED_EMPTY', { field: 'sourceId', source: '$.id' })).toBe('sourceId is required but $.id is empty');
  });

  it('leaves records without a known code to their stored English reason', () => {
    const t = i18n.getFixedT('id');
    expect(recordFailureMessage(t, null, null)).toBeNull();
    expect(recordFailureMessage(t, 'UNKNOWN', {})).toBeNull();
  });

  it('has a message for every code in both languages', () => {
    for (const code of recordFailureCode.options) {
      expect(id.syncRuns.recordFailure[code], `id ${code}`).toBeTruthy();
      expect(en.syncRuns.recordFailure[code], `en ${code}`).toBeTruthy();
    }
  });
});
