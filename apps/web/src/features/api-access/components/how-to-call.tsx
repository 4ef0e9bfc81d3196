import { endpoints } from '@portal/contracts';
import { useTranslation } from 'react-i18next';

/** Copyable examples for the people wiring a system to the portal; the paths come from the endpoint table. */
export function HowToCall() {
  const { t } = useTranslation();
  const base = window.location.origin;
  const withKey = `curl -H "Authorization: Bearer pk_…" "${base}${endpoints.listDocuments.path}?limit=50"`;
  const token = [
    `curl -u "$CLIENT_ID:$CLIENT_SECRET" \\`,
    `  -d grant_type=client_credentials -d scope=documents:read \\`,
    `  "${base}${endpoints.oauthToken.path}"`,
    `# → { "access_token": "eyJ…", "token_type": "Bearer", "expires_in": 900, "scope": "documents:read" }`,
    `curl -H "Authorization: Bearer $ACCESS_TOKEN" "${base}${endpoints.listDocuments.path}"`,
  ].join('\n');
  return (
    <section className="section">
      <h2>{t('apiAccess.howTitle')}</h2>
      <p>{t('apiAccess.howKey')}</p>
      <pre className="snippet">{withKey}</pre>
      <p>{t('apiAccess.howToken')}</p>
      <pre className="snippet">{token}</pre>
      <p className="muted">{t('apiAccess.howLimits')}</p>
    </section>
  );
}
