import type { SapSettings } from '@portal/contracts';
import { useTranslation } from 'react-i18next';

/** Where an SAP integration points and which account signs in; its secrets are never returned, so never shown. */
export function SapSettingsSummary({ settings: s }: { settings: SapSettings }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [t('sap.product'), t(s.product === 'S4HANA' ? 'sap.productS4' : 'sap.productB1')],
    [t('sap.baseUrl'), s.baseUrl],
    ...(s.product === 'S4HANA' ? [[t('sap.sapClient'), s.sapClient ?? t('sap.defaultClient')] as [string, string]] : []),
    ...(s.companyDb !== null ? [[t('sap.companyDb'), s.companyDb] as [string, string]] : []),
    [t('sap.auth'), t(`sap.authType.${s.authType}`)],
    ...(s.tokenUrl !== null ? [[t('sap.tokenUrl'), s.tokenUrl] as [string, string]] : []),
    [t('sap.account'), s.principal],
  ];
  return (
    <dl className="sap-settings" data-testid="sap-settings">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt className="muted small">{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
