import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en.json';
import id from '../locales/id.json';

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { id: { translation: id }, en: { translation: en } },
    // Bahasa Indonesia first; English when the user picks it (remembered).
    fallbackLng: 'id',
    supportedLngs: LANGUAGES,
    detection: { order: ['localStorage'], lookupLocalStorage: 'portal.lang', caches: ['localStorage'] },
    interpolation: { escapeValue: false },
  });

const syncHtmlLang = (lng: string) => document.documentElement.setAttribute('lang', lng);
syncHtmlLang(i18n.resolvedLanguage ?? 'id');
i18n.on('languageChanged', syncHtmlLang);

export default i18n;
