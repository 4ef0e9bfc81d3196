import { ACCESS_KEY_FORMAT, type CreateIntegrationResponse } from '@portal/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Button, Dialog, EmptyState, ErrorAlert, Field, PageHeader } from '../../../components/ui/ui';
import { formatDate, formatDateTime, formatNumber } from '../../../lib/format';
import { useIntegrations, usePrincipals, useRevokePrincipal } from '../api/integrations';
import { AddIntegrationDialog } from '../components/add-integration-dialog';
import { RunBadge, StateBadge } from '../components/state-badge';

export function IntegrationsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const list = useIntegrations();
  const principals = usePrincipals();
  const revoke = useRevokePrincipal();
  const [menuOpen, setMenuOpen] = useState(false);
  const [dialog, setDialog] = useState<'integration' | 'connection' | null>(null);
  const [apiKey, setApiKey] = useState<string | null>(null);
  const [inviteLink, setInviteLink] = useState('');

  const onCreated = (created: CreateIntegrationResponse) => {
    setDialog(null);
    if (created.apiKey) setApiKey(created.apiKey);
  };

  return (
    <>
      <PageHeader
        title={t('integrations.title')}
        subtitle={t('integrations.subtitle')}
        actions={
          <div className="menu">
            <Button aria-haspopup="menu" aria-expanded={menuOpen} onClick={() => setMenuOpen((o) => !o)}>
              {t('integrations.addNew')} ▾
            </Button>
            {menuOpen ? (
              <div role="menu" className="menu-list">
                <button role="menuitem" type="button" onClick={() => (setMenuOpen(false), setDialog('integration'))}>
                  {t('integrations.menuIntegration')}
                </button>
                <button role="menuitem" type="button" onClick={() => (setMenuOpen(false), setDialog('connection'))}>
                  {t('integrations.menuConnection')}
                </button>
              </div>
            ) : null}
          </div>
        }
      />
      <ErrorAlert error={list.error} />
      {list.data && list.data.data.length === 0 ? <EmptyState>{t('integrations.empty')}</EmptyState> : null}
      {list.data && list.data.data.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>{t('integrations.name')}</th>
              <th>{t('integrations.kind')}</th>
              <th>{t('integrations.state')}</th>
              <th>{t('integrations.lastSync')}</th>
              <th className="num">{t('integrations.documents')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.data.map((i) => (
              <tr key={i.id}>
                <td>
                  <Link to={`/integrations/${i.id}`}>{i.name}</Link>
                  {i.state === 'AWAITING_ACCESS_KEY' ? <div className="muted small">{t('integrations.awaitingHint', { format: ACCESS_KEY_FORMAT })}</div> : null}
                  {i.stateReason && i.state === 'ERROR' ? <div className="field-error">{i.stateReason}</div> : null}
                </td>
                <td>{i.kind}</td>
                <td>
                  <StateBadge state={i.state} />
                </td>
                <td>
                  {formatDateTime(i.lastSyncAt, i18n.language)} {i.lastSyncStatus ? <RunBadge status={i.lastSyncStatus} /> : null}
                </td>
                <td className="num">{formatNumber(Object.values(i.documentCounts).reduce((a, b) => a + (b ?? 0), 0), i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      <section className="section">
        <h2>{t('integrations.principals')}</h2>
        <ErrorAlert error={principals.error ?? revoke.error} />
        {principals.data && principals.data.data.length === 0 ? <EmptyState>{t('integrations.noPrincipals')}</EmptyState> : null}
        {principals.data && principals.data.data.length > 0 ? (
          <table className="table">
            <thead>
              <tr>
                <th>{t('connections.principal')}</th>
                <th>{t('connections.added')}</th>
                <th>{t('connections.status')}</th>
                <th>{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {principals.data.data.map((c) => (
                <tr key={c.id}>
                  <td>{c.principal.name}</td>
                  <td>{formatDate(c.connectedAt ?? c.createdAt, i18n.language)}</td>
                  <td>{t(`connections.status_${c.status}`)}</td>
                  <td>
                    {c.status === 'CONNECTED' ? (
                      <Button variant="danger" busy={revoke.isPending} onClick={() => window.confirm(t('integrations.confirmRevoke')) && revoke.mutate(c.id)}>
                        {t('integrations.revoke')}
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      <AddIntegrationDialog open={dialog === 'integration'} onClose={() => setDialog(null)} onCreated={onCreated} />
      <Dialog open={dialog === 'connection'} title={t('integrations.menuConnection')} onClose={() => setDialog(null)}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const m = /\/invites\/([A-Za-z0-9_-]{43})/.exec(inviteLink);
            if (m) void navigate(`/invites/${m[1]}`);
          }}
        >
          <Field label={t('connections.inviteTitle')} value={inviteLink} onChange={(e) => setInviteLink(e.target.value)} placeholder="https://…/invites/…" />
          <Button type="submit">{t('common.next')}</Button>
        </form>
      </Dialog>
      <Dialog open={apiKey !== null} title={t('integrations.apiKeyTitle')} onClose={() => setApiKey(null)}>
        <p>{t('integrations.apiKeyOnce')}</p>
        <code className="secret" data-testid="api-key">
          {apiKey}
        </code>
      </Dialog>
    </>
  );
}
