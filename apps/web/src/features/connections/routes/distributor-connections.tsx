import { useTranslation } from 'react-i18next';
import { ListState } from '../../../components/ui/list-state';
import { useConnections } from '../api/connections';
import { ConnectionHistory } from '../components/connection-history';
import { ConnectionsTable } from '../components/connections-table';

/**
 * The distributor's principals and its connection history. The router renders
 * it inside the "Integrations & Connections" page, which is the distributor's
 * one place for both.
 */
export function DistributorConnections() {
  const { t } = useTranslation();
  const list = useConnections();
  return (
    <>
      <section className="section" aria-labelledby="connected-principals">
        <h2 id="connected-principals">{t('connections.principals')}</h2>
        <ListState query={list} empty={t('connections.noPrincipals')}>
          {(rows) => <ConnectionsTable items={rows} counterpart="principal" />}
        </ListState>
      </section>
      {list.data ? <ConnectionHistory connections={list.data.data} counterpart="principal" /> : null}
    </>
  );
}
