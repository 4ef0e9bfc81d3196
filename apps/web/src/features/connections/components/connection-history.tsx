import type { ConnectionItem } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { ListState } from '../../../components/ui/list-state';
import { formatDateTime } from '../../../lib/format';
import { useMe } from '../../../lib/session';
import { useConnectionHistory } from '../api/connections';

const EVENTS = new Set(['invite_created', 'invite_cancelled', 'invite_expired', 'accepted', 'declined', 'revoked']);

/**
 * The caller's connection history (audit events of both sides on its
 * connections), newest first, each naming the other side it concerns: a
 * distributor with several principals needs to know which one it was.
 */
export function ConnectionHistory({ connections, counterpart }: { connections: ConnectionItem[]; counterpart: 'distributor' | 'principal' }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const history = useConnectionHistory();
  const names = new Map(
    connections.flatMap((c) => [[c.principal.id, c.principal.name] as const, ...(c.distributor ? [[c.distributor.id, c.distributor.name] as const] : [])]),
  );
  const actor = (orgId: string | null) =>
    orgId === null ? t('connections.actorSystem') : orgId === me.data?.organization.id ? t('connections.actorYou') : (names.get(orgId) ?? '—');
  const items = new Map(connections.map((c) => [c.id, c]));
  const other = (targetType: string | null, targetId: string | null) => {
    const c = targetId ? items.get(targetId) : undefined;
    const org = counterpart === 'principal' ? c?.principal : c?.distributor;
    if (org) return org.name;
    return targetType === 'invite' ? t('connections.inviteTitle') : '—';
  };
  const label = (action: string) => {
    const key = action.replace(/^connection\./, '');
    return EVENTS.has(key) ? t(`connections.event_${key}`) : action;
  };

  return (
    <section className="section" aria-labelledby="connection-history">
      <h2 id="connection-history">{t('connections.history')}</h2>
      <ListState query={history} empty={t('connections.historyEmpty')}>
        {(events) => (
          <table className="table compact" data-testid="connection-history">
            <thead>
              <tr>
                <th>{t('connections.when')}</th>
                <th>{t('connections.event')}</th>
                <th>{t(`connections.${counterpart}`)}</th>
                <th>{t('connections.actor')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{formatDateTime(e.createdAt, i18n.language)}</td>
                  <td>{label(e.action)}</td>
                  <td>{other(e.targetType, e.targetId)}</td>
                  <td>{actor(e.actorOrgId)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ListState>
    </section>
  );
}
