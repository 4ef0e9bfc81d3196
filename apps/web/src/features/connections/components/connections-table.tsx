import type { ConnectionItem, InviteCreated } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../../components/ui/confirm-button';
import { Button } from '../../../components/ui/ui';
import { formatDateTime } from '../../../lib/format';
import { useConnectionAction, useInviteLink } from '../api/connections';
import { ConnectionStatusBadge } from './connection-status-badge';
import { usePermission } from '../../../lib/permissions';

/**
 * The caller's connections and pending invites, named by the other side and
 * its contact's email: a principal sees its distributors, a distributor its
 * principals. Either side can revoke a live connection; only the principal
 * has invites, whose link it can copy again while they are pending.
 */
export function ConnectionsTable({
  items,
  counterpart,
  onShowLink,
  testId = 'connections-table',
}: {
  items: ConnectionItem[];
  counterpart: 'distributor' | 'principal';
  onShowLink?: (invite: InviteCreated) => void;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const manage = usePermission('connections:manage');
  const action = useConnectionAction();
  const link = useInviteLink();
  const busy = (id: string) => action.isPending && action.variables.id === id;
  const party = (c: ConnectionItem) => (counterpart === 'principal' ? c.principal : c.distributor);

  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          <th>{t(`connections.${counterpart}`)}</th>
          <th>{t('connections.added')}</th>
          <th>{t('connections.status')}</th>
          <th>{t('common.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((c) => {
          const other = party(c);
          return (
            <tr key={c.id}>
              <td>
                {other ? (
                  <>
                    <div>{other.name}</div>
                    {other.email ? <div className="muted small">{other.email}</div> : null}
                  </>
                ) : (
                  <span className="muted">{t('connections.inviteTitle')}</span>
                )}
              </td>
              <td className="nowrap">{formatDateTime(c.connectedAt ?? c.createdAt, i18n.language)}</td>
              <td>
                <ConnectionStatusBadge status={c.status} />
                {c.kind === 'invite' && c.expiresAt ? (
                  <div className="muted small">
                    {t(c.status === 'PENDING' ? 'connections.expiresOn' : 'connections.expiredOn', { date: formatDateTime(c.expiresAt, i18n.language) })}
                  </div>
                ) : null}
              </td>
              <td>
                {c.kind === 'invite' && c.status === 'PENDING' ? (
                  <div className="row">
                    {c.linkAvailable && onShowLink ? (
                      <Button
                        variant="secondary"
                        busy={link.isPending && link.variables === c.id}
                        disabled={!manage.allowed}
                        title={manage.reason}
                        onClick={() => link.mutate(c.id, { onSuccess: (invite) => onShowLink(invite) })}
                      >
                        {t('connections.copyLink')}
                      </Button>
                    ) : (
                      <span className="muted small">{t('connections.linkUnavailable')}</span>
                    )}
                    <ConfirmButton
                      variant="ghost"
                      busy={busy(c.id)}
                      disabled={!manage.allowed}
                      disabledReason={manage.reason}
                      title={t('connections.confirmCancelTitle')}
                      message={t('connections.confirmCancel')}
                      confirmLabel={t('connections.cancelInvite')}
                      onConfirm={() => action.mutate({ id: c.id, action: 'cancel' })}
                    >
                      {t('connections.cancelInvite')}
                    </ConfirmButton>
                  </div>
                ) : null}
                {c.kind === 'connection' && c.status === 'CONNECTED' ? (
                  <ConfirmButton
                    busy={busy(c.id)}
                    disabled={!manage.allowed}
                    disabledReason={manage.reason}
                    title={t('connections.confirmRevokeTitle')}
                    message={t(`connections.confirmRevoke_${counterpart}`, { name: other?.name ?? '' })}
                    confirmLabel={t('connections.revoke')}
                    onConfirm={() => action.mutate({ id: c.id, action: 'revoke' })}
                  >
                    {t('connections.revoke')}
                  </ConfirmButton>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
