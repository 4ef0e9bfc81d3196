import { CONSENT_GROUPS } from '@portal/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LanguageSwitch } from '../../../components/language-switch';
import { Button, ErrorAlert, Notice } from '../../../components/ui/ui';
import { ApiError } from '../../../lib/api-client';
import { useMe } from '../../../lib/session';
import { useAnswerInvite, useInvite, useOwnIntegrations } from '../api/connections';

const GROUP_LABEL = { orders_returns: 'connections.groupOrders', invoices: 'connections.groupInvoices', purchase_orders: 'connections.groupPO' } as const;

/** Where an invite link lands: the consent popup of docs/product/connections.md, or a clear page when the link cannot be used. */
export function InvitePage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const invite = useInvite(token);
  const isDistributor = me.data?.organization.kind === 'DISTRIBUTOR';
  const integrations = useOwnIntegrations(isDistributor);
  const answer = useAnswerInvite(token);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const next = `/invites/${token}`;

  const shell = (body: React.ReactNode) => (
    <main className="auth-wrap">
      <div className="auth-card wide" role="dialog" aria-modal="true" aria-labelledby="invite-title">
        <div className="auth-brand">
          <span className="logo" aria-hidden>
            ◆
          </span>
          <strong>{t('app.name')}</strong>
          <LanguageSwitch />
        </div>
        {body}
      </div>
    </main>
  );

  if (invite.isPending) return shell(<p>{t('common.loading')}</p>);
  if (invite.error) {
    const gone = invite.error instanceof ApiError && invite.error.status === 410;
    return shell(
      <>
        <h1 id="invite-title">{t('connections.goneTitle')}</h1>
        <div role="alert" className="alert alert-error">
          {gone ? t('errors.INVITE_GONE') : invite.error instanceof ApiError && invite.error.status === 404 ? t('connections.notFound') : t('errors.INTERNAL')}
        </div>
        {/* A dead end otherwise: the portal's home signs the visitor in or opens their first page. */}
        <p>
          <Link to="/">{t('connections.toPortal')}</Link>
        </p>
      </>,
    );
  }
  const preview = invite.data;
  if (answer.isSuccess) {
    return shell(
      <>
        <h1 id="invite-title">{t('connections.consentTitle')}</h1>
        <Notice>{answer.variables?.answer === 'accept' ? t('connections.allowed') : t('connections.declined')}</Notice>
        <Link className="btn btn-primary" to="/integrations">
          {t('nav.integrations')}
        </Link>
      </>,
    );
  }
  const groups = (
    <ul className="consent-list">
      {CONSENT_GROUPS.map((g) => (
        <li key={g.key}>{t(GROUP_LABEL[g.key])}</li>
      ))}
    </ul>
  );
  if (!me.data) {
    return shell(
      <>
        <h1 id="invite-title">{t('connections.consentTitle')}</h1>
        <p>{t('connections.consentText', { principal: preview.principal.name })}</p>
        {groups}
        <p className="muted">{t('connections.loginToContinue')}</p>
        <div className="row">
          <Link className="btn btn-primary" to={`/login?next=${encodeURIComponent(next)}`}>
            {t('auth.login')}
          </Link>
          <Link className="btn btn-secondary" to={`/register?next=${encodeURIComponent(next)}`}>
            {t('auth.register')}
          </Link>
        </div>
      </>,
    );
  }
  if (!isDistributor) {
    return shell(
      <>
        <h1 id="invite-title">{t('connections.consentTitle')}</h1>
        <div role="alert" className="alert alert-error">
          {t('connections.onlyDistributor')}
        </div>
      </>,
    );
  }
  const available = integrations.data?.data ?? [];
  const selected = chosen ?? [];
  const toggle = (id: string) => setChosen(selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id]);
  return shell(
    <>
      <h1 id="invite-title">{t('connections.consentTitle')}</h1>
      <p>{t('connections.consentText', { principal: preview.principal.name })}</p>
      {groups}
      {available.length > 0 ? (
        <fieldset className="field">
          <legend>{t('connections.sources')}</legend>
          <label>
            <input type="checkbox" checked={selected.length === 0} onChange={() => setChosen([])} /> {t('connections.allIntegrations')}
          </label>
          {available.map((i) => (
            <label key={i.id}>
              <input type="checkbox" checked={selected.includes(i.id)} onChange={() => toggle(i.id)} /> {i.name} ({t(`integrationKind.${i.kind}`)})
            </label>
          ))}
        </fieldset>
      ) : null}
      <ErrorAlert error={answer.error} />
      <div className="row">
        <Button
          busy={answer.isPending && answer.variables?.answer === 'accept'}
          onClick={() => answer.mutate({ answer: 'accept', body: selected.length ? { integrationIds: selected } : {} })}
        >
          {t('connections.allow')}
        </Button>
        <Button variant="secondary" busy={answer.isPending && answer.variables?.answer === 'decline'} onClick={() => answer.mutate({ answer: 'decline' })}>
          {t('connections.decline')}
        </Button>
      </div>
    </>,
  );
}
