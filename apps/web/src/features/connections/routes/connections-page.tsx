import type { InviteCreated } from '@portal/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, EmptyState, ErrorAlert, PageHeader } from '../../../components/ui/ui';
import { formatDateTime } from '../../../lib/format';
import { useConnectionAction, useConnections, useCreateInvite } from '../api/connections';
import { ConnectionHistory } from '../components/connection-history';
import { ConnectionStatusBadge } from '../components/connection-status-badge';

export function ConnectionsPage() {
  const { t, i18n } = useTranslation();
  const list = useConnections();
  const create = useCreateInvite();
  const action = useConnectionAction();
  const [invite, setInvite] = useState<InviteCreated | null>(null);
  const [copied, setCopied] = useState(false);

  const copy = async () => {
    if (!invite) return;
    await navigator.clipboard.writeText(invite.url);
    setCopied(true);
  };

  return (
    <>
      <PageHeader
        title={t('connections.title')}
        subtitle={t('connections.subtitle')}
        actions={
          <Button busy={create.isPending} onClick={() => create.mutate(undefined, { onSuccess: (i) => (setCopied(false), setInvite(i)) })}>
            {t('connections.addNew')}
          </Button>
        }
      />
      <ErrorAlert error={list.error ?? create.error ?? action.error} />
      {list.data && list.data.data.length === 0 ? <EmptyState>{t('connections.empty')}</EmptyState> : null}
      {list.data && list.data.data.length > 0 ? (
        <table className="table" data-testid="connections-table">
          <thead>
            <tr>
              <th>{t('connections.distributor')}</th>
              <th>{t('connections.added')}</th>
              <th>{t('connections.status')}</th>
              <th>{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.data.map((c) => (
              <tr key={c.id}>
                <td>{c.distributor ? c.distributor.name || c.distributor.email : <span className="muted">{t('connections.inviteTitle')}</span>}</td>
                <td>{formatDateTime(c.connectedAt ?? c.createdAt, i18n.language)}</td>
                <td>
                  <ConnectionStatusBadge status={c.status} />
                </td>
                <td>
                  {c.kind === 'invite' && c.status === 'PENDING' ? (
                    <Button variant="ghost" onClick={() => action.mutate({ id: c.id, action: 'cancel' })}>
                      {t('connections.cancelInvite')}
                    </Button>
                  ) : null}
                  {c.kind === 'connection' && c.status === 'CONNECTED' ? (
                    <Button variant="danger" onClick={() => window.confirm(t('integrations.confirmRevoke')) && action.mutate({ id: c.id, action: 'revoke' })}>
                      {t('integrations.revoke')}
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {list.data ? <ConnectionHistory connections={list.data.data} /> : null}
      <Dialog open={invite !== null} title={t('connections.inviteTitle')} onClose={() => setInvite(null)}>
        {invite ? (
          <>
            <p>{t('connections.inviteText', { date: formatDateTime(invite.expiresAt, i18n.language) })}</p>
            <div className="copy-row">
              <input readOnly value={invite.url} aria-label={t('connections.inviteTitle')} data-testid="invite-url" onFocus={(e) => e.currentTarget.select()} />
              <Button onClick={() => void copy()}>{t('connections.copyLink')}</Button>
            </div>
            {copied ? (
              <p role="status" className="ok-text">
                ✓ {t('connections.copied')}
              </p>
            ) : null}
          </>
        ) : null}
      </Dialog>
    </>
  );
}
