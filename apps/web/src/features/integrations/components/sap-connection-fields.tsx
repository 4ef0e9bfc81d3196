import { documentType, type DocumentType } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../components/ui/ui';
import type { SapDraft, SapDraftField } from '../utils/sap-draft';

/**
 * The boxes of an SAP connection: product, base URL, then S/4HANA's
 * sap-client and Basic or OAuth2 sign-in, or Business One's company database
 * and user; and the document types to pull. Secret boxes never autofill.
 */
export function SapConnectionFields({ draft, errors, onChange }: { draft: SapDraft; errors: Record<string, string>; onChange: (next: SapDraft) => void }) {
  const { t } = useTranslation();
  const set = <K extends keyof SapDraft>(key: K, value: SapDraft[K]) => onChange({ ...draft, [key]: value });
  const text = (key: Exclude<SapDraftField, 'documentTypes'>, label: string, extra: { type?: string; hint?: string; placeholder?: string } = {}) => (
    <Field
      label={label}
      name={key}
      value={draft[key]}
      error={errors[key]}
      {...extra}
      {...(extra.type === 'password' ? { autoComplete: 'new-password' } : { autoComplete: 'off' })}
      onChange={(e) => set(key, e.target.value)}
    />
  );
  const toggleType = (type: DocumentType, on: boolean) =>
    set(
      'documentTypes',
      documentType.options.filter((x) => (x === type ? on : draft.documentTypes.includes(x))),
    );
  const s4 = draft.product === 'S4HANA';
  return (
    <>
      <fieldset className="field">
        <legend>{t('sap.product')}</legend>
        <div className="radio-row">
          <label>
            <input type="radio" name="product" checked={s4} onChange={() => set('product', 'S4HANA')} /> {t('sap.productS4')}
          </label>
          <label>
            <input type="radio" name="product" checked={!s4} onChange={() => set('product', 'BUSINESS_ONE')} /> {t('sap.productB1')}
          </label>
        </div>
      </fieldset>
      {text('baseUrl', t('sap.baseUrl'), { hint: t(s4 ? 'sap.baseUrlHintS4' : 'sap.baseUrlHintB1'), placeholder: 'https://…' })}
      {s4 ? (
        <>
          {text('sapClient', t('sap.sapClient'), { hint: t('sap.sapClientHint'), placeholder: '100' })}
          <fieldset className="field">
            <legend>{t('sap.auth')}</legend>
            <div className="radio-row">
              <label>
                <input type="radio" name="authType" checked={draft.authType === 'BASIC'} onChange={() => set('authType', 'BASIC')} /> {t('sap.authType.BASIC')}
              </label>
              <label>
                <input
                  type="radio"
                  name="authType"
                  checked={draft.authType === 'OAUTH2_CLIENT_CREDENTIALS'}
                  onChange={() => set('authType', 'OAUTH2_CLIENT_CREDENTIALS')}
                />{' '}
                {t('sap.authType.OAUTH2_CLIENT_CREDENTIALS')}
              </label>
            </div>
          </fieldset>
          {draft.authType === 'BASIC' ? (
            <>
              {text('username', t('sap.username'))}
              {text('password', t('sap.password'), { type: 'password', hint: t('sap.secretHint') })}
            </>
          ) : (
            <>
              {text('tokenUrl', t('sap.tokenUrl'), { placeholder: 'https://…/oauth2/token' })}
              {text('clientId', t('sap.clientId'))}
              {text('clientSecret', t('sap.clientSecret'), { type: 'password', hint: t('sap.secretHint') })}
            </>
          )}
        </>
      ) : (
        <>
          {text('companyDb', t('sap.companyDb'))}
          {text('username', t('sap.username'))}
          {text('password', t('sap.password'), { type: 'password', hint: t('sap.secretHint') })}
        </>
      )}
      <fieldset className="field">
        <legend>{t('sap.documentTypes')}</legend>
        <div className="check-row">
          {documentType.options.map((type) => (
            <label key={type}>
              <input type="checkbox" checked={draft.documentTypes.includes(type)} onChange={(e) => toggleType(type, e.target.checked)} /> {t(`docType.${type}`)}
            </label>
          ))}
        </div>
        {errors.documentTypes ? <span className="field-error">{errors.documentTypes}</span> : null}
      </fieldset>
    </>
  );
}
