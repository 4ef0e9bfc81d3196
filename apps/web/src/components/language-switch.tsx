import { mailLocale } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { LANGUAGES } from '../lib/i18n';
import { useMe, useSaveLocale } from '../lib/session';
import { useErrorMessage } from './ui/ui';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const save = useSaveLocale();
  const message = useErrorMessage();
  const change = (value: string) => {
    const locale = mailLocale.parse(value);
    void i18n.changeLanguage(locale);
    // Signed out it is this browser's choice only; signed in it is the account's.
    if (me.data) save.mutate(locale, { onError: (err) => void toast.error(t('lang.saveFailed', { reason: message(err) })) });
  };
  return (
    <label className="lang-switch">
      <span className="sr-only">{t('lang.label')}</span>
      <select aria-label={t('lang.label')} value={i18n.resolvedLanguage} onChange={(e) => change(e.target.value)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
