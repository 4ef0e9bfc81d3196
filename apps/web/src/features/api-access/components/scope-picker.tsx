import { API_SCOPES, type ApiScope } from '@portal/contracts';
import { useTranslation } from 'react-i18next';

/** One checkbox per scope, with what it allows (i18next reads ':' as a namespace separator, hence `documents_read` keys). */
export function ScopePicker({ value, onChange }: { value: ApiScope[]; onChange: (scopes: ApiScope[]) => void }) {
  const { t } = useTranslation();
  const toggle = (scope: ApiScope) => onChange(value.includes(scope) ? value.filter((s) => s !== scope) : [...value, scope]);
  return (
    <fieldset className="field">
      <legend>{t('apiAccess.scopes')}</legend>
      {API_SCOPES.map((scope) => (
        <label key={scope} className="check-row">
          <input type="checkbox" checked={value.includes(scope)} onChange={() => toggle(scope)} /> <code>{scope}</code> —{' '}
          {t(`apiAccess.scope.${scope.replace(':', '_')}`)}
        </label>
      ))}
    </fieldset>
  );
}

export function ScopeList({ scopes }: { scopes: readonly ApiScope[] }) {
  return (
    <>
      {scopes.map((s) => (
        <code key={s} className="scope">
          {s}
        </code>
      ))}
    </>
  );
}
