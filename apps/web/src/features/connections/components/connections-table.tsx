import type { ConnectionItem } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { Button, ErrorAlert } from '../../../components/ui/ui';
import { formatDateTime } from '../../../lib/format';
import { useConnectionAction } from '../api/connections';
import { ConnectionStatusBadge } from './connection-status-badge';

/**
 * The caller's connections and pending invites, named by the other side: a
 * principal sees its distributors, a distributor its principals. Either side
 * can revoke a live connection; only the principal has invites to cancel.
 */
export function ConnectionsTable({ items, counterpart }: { items: ConnectionItem[]; counterpart: 'distributor' | 'principal' }) {
  const { t, i18n } = useTranslation();
  const action = useConnectionAction();
  const name = (c: ConnectionItem) => {
    if (counterpart === 'principal') return c.principal.name;
    return c.distributor ? c.distributor.name || c.distributor.email : <span className="muted">{t('connections.inviteTitle')}</span>;
  };
  return (
    <>
      <ErrorAlert error={action.error} />
      <table className="table" data-testid="connections-table">
        <thead>
          <tr>
            <th>{t(`connections.${counterpart}`)}</th>
            <th>{t('connections.added')}</th>
            <th>{t('connections.status')}</th>
            <th>{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id}>
              <td>{name(c)}</td>
              <td>{formatDateTime(c.connectedAt ?? c.createdAt, i18n.language)}</td>
              <td>
                <ConnectionStatusBadge status={c.status} />
              </td>
              <td>
                {c.kind === 'invite' && c.status === 'PENDING' ? (
                  <Button variant="ghost" busy={action.isPending && action.variables.id === c.id} onClick={() => action.mutate({ id: c.id, action: 'cancel' })}>
                    {t('connections.cancelInvite')}
                  </Button>
                ) : null}
                {c.kind === 'connection' && c.status === 'CONNECTED' ? (
                  <Button
                    variant="danger"
                    busy={action.isPending && action.variables.id === c.id}
                    onClick={() => window.confirm(t(`connections.confirmRevoke_${counterpart}`)) && action.mutate({ id: c.id, action: 'revoke' })}
                  >
                    {t('connections.revoke')}
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
