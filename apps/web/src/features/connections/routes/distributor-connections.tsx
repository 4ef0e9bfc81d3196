import { isEndedConnection } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { ListState } from '../../../components/ui/list-state';
import { useConnections } from '../api/connections';
import { ConnectionHistory } from '../components/connection-history';
import { ConnectionsTable } from '../components/connections-table';
import { EndedConnections } from '../components/ended-connections';

/**
 * The distributor's principals and its connection history. The router renders
 * it inside the integrations page, which is the distributor's one place for
 * both. Connected principals first; declined and revoked ones below them.
 */
export function DistributorConnections() {
  const { t } = useTranslation();
  const list = useConnections();
  const rows = list.data?.data ?? [];
  const live = { error: list.error, refetch: list.refetch, data: list.data ? { data: rows.filter((c) => !isEndedConnection(c.status)) } : undefined };
  return (
    <>
      <section className="section" aria-labelledby="connected-principals">
        <h2 id="connected-principals">{t('connections.principals')}</h2>
        <ListState query={live} empty={t('connections.noPrincipals', { menu: `${t('integrations.addNew')} → ${t('integrations.menuConnection')}` })}>
          {(items) => <ConnectionsTable items={items} counterpart="principal" />}
        </ListState>
      </section>
      <EndedConnections items={rows.filter((c) => isEndedConnection(c.status))} counterpart="principal" />
      {list.data ? <ConnectionHistory connections={rows} counterpart="principal" /> : null}
    </>
  );
}
