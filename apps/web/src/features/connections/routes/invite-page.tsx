import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LanguageSwitch } from '../../../components/language-switch';
import { Skeleton } from '../../../components/ui/ui';
import { useInvite } from '../api/connections';
import { ConsentGroups } from '../components/consent-groups';
import { InviteProblem } from '../components/invite-problem';

/**
 * Where an invite link lands before sign-in: who asks for what, and the way
 * in. Signing in or registering comes back to the link, which then opens the
 * consent popup over the distributor's own portal (`InviteConsentDialog`).
 */
export function InvitePage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  const invite = useInvite(token);
  const next = encodeURIComponent(`/invites/${token}`);

  return (
    <main className="auth-wrap">
      <div className="auth-card wide" role="dialog" aria-modal="true" aria-labelledby="invite-title">
        <div className="auth-brand">
          <span className="logo" aria-hidden>
            ◆
          </span>
          <strong>{t('app.name')}</strong>
          <LanguageSwitch />
        </div>
        {invite.isPending ? (
          <Skeleton />
        ) : invite.error ? (
          <>
            <h1 id="invite-title">{t('connections.goneTitle')}</h1>
            <InviteProblem error={invite.error} />
            {/* A dead end otherwise: the portal's home signs the visitor in or opens their first page. */}
            <p>
              <Link to="/">{t('connections.toPortal')}</Link>
            </p>
          </>
        ) : (
          <>
            <h1 id="invite-title">{t('connections.consentTitle')}</h1>
            <p>{t('connections.consentText', { principal: invite.data.principal.name })}</p>
            <ConsentGroups />
            <p className="muted">{t('connections.loginToContinue')}</p>
            <div className="row">
              <Link className="btn btn-primary" to={`/login?next=${next}`}>
                {t('auth.login')}
              </Link>
              <Link className="btn btn-secondary" to={`/register?next=${next}`}>
                {t('auth.register')}
              </Link>
            </div>
          </>
        )}
      </div>
    </main>
  );
}
