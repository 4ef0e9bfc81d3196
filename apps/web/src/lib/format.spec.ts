import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../locales/en.json';
import id from '../locales/id.json';
import { formatDate, formatDateTime, formatMoney, formatNumber } from './format';

// Intl puts a no-break space between "Rp" and the amount.
const plain = (s: string) => s.replace(/\s/g, ' ');

describe('numbers, money and dates as an Indonesian user reads them', () => {
  it('groups thousands with a dot and decimals with a comma', () => {
    expect(formatNumber(1000, 'id')).toBe('1.000');
    expect(formatNumber('1234.5', 'id')).toBe('1.234,5');
    expect(formatNumber(1000, 'en')).toBe('1,000');
  });

  it('shows whole rupiah without decimals and other amounts with both decimal places', () => {
    expect(plain(formatMoney('5500', 'id'))).toBe('Rp 5.500');
    expect(plain(formatMoney('5492080.2', 'id'))).toBe('Rp 5.492.080,20');
    expect(plain(formatMoney('911726.25', 'id'))).toBe('Rp 911.726,25');
  });

  it('shows other currencies with their own symbol; whole yen without decimals', () => {
    expect(plain(formatMoney('1230.15', 'id', 'USD'))).toBe('US$1.230,15');
    expect(plain(formatMoney('1230.15', 'en', 'USD'))).toBe('$1,230.15');
    expect(plain(formatMoney('15000.00', 'id', 'JPY'))).toBe('JP¥15.000');
    expect(plain(formatMoney('15000.00', 'en', 'JPY'))).toBe('¥15,000');
  });

  it('names the month in Bahasa Indonesia and writes the time with a dot', () => {
    expect(formatDate('2023-12-05', 'id')).toBe('05 Des 2023');
    expect(formatDateTime('2026-11-25T01:52:00Z', 'id')).toMatch(/^25 Nov 2026,? \d{2}\.52$/);
    expect(formatDate(null, 'id')).toBe('—');
  });

  it('counts in translated texts are grouped the same way', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      lng: 'id',
      resources: { id: { translation: id }, en: { translation: en } },
      interpolation: { escapeValue: false },
      showSupportNotice: false,
    });
    expect(i18n.t('documents.totalDocuments', { count: 1000 })).toBe('1.000 dokumen');
    expect(i18n.t('documents.totalDocuments', { count: 1000, lng: 'en' })).toBe('1,000 documents');
    expect(i18n.t('syncRuns.quarantineTitle', { count: 1200 })).toBe('1.200 record dikarantina');
  });
});
