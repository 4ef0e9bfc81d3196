import { type AdminIntegration, integrationKind, integrationState } from '@portal/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DocumentTotalCell, LastSyncCell } from '../../../components/integration-cells';
import { IntegrationStateBadge } from '../../../components/status-badges';
import { SyncErrorText } from '../../../components/sync-error';
import { ListTable } from '../../../components/ui/list-state';
import { Button, Field, PageHeader, Select } from '../../../components/ui/ui';
import { type AdminIntegrationFilters, useAdminIntegrations } from '../api/admin';
import { LoadMore, loadedRows } from '../components/admin-list-pages';
import { useDebouncedValue } from '../components/use-debounced-value';

/** A failed integration or last sync: the admin should see it first when scanning the list. */
const failed = (i: AdminIntegration) => i.state === 'ERROR' || i.lastSyncStatus === 'FAILED';

/**
 * Every distributor's integrations: search by name, filter by state, kind and
 * distributor (a distributor's name in a row filters by it), failed ones
 * highlighted, and each row opens the integration.
 */
export function AdminIntegrationsPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [state, setState] = useState<AdminIntegrationFilters['state']>();
  const [kind, setKind] = useState<AdminIntegrationFilters['kind']>();
  const [distributor, setDistributor] = useState<{ id: string; name: string } | null>(null);
  const q = useDebouncedValue(search.trim());
  const filters: AdminIntegrationFilters = {
    ...(q ? { q } : {}),
    ...(state ? { state } : {}),
    ...(kind ? { kind } : {}),
    ...(distributor ? { organizationId: distributor.id } : {}),
  };
  const list = useAdminIntegrations(filters);
  const filtered = Object.keys(filters).length > 0;
  const reset = () => {
    setSearch('');
    setState(undefined);
    setKind(undefined);
    setDistributor(null);
  };

  return (
    <>
      <PageHeader title={t('admin.integrationsTitle')} subtitle={t('admin.integrationsSubtitle')} />
      <form className="filters" role="search" aria-label={t('admin.filtersLabel')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('admin.search')} type="search" value={search} placeholder={t('admin.searchPlaceholder')} onChange={(e) => setSearch(e.target.value)} />
        <Select
          label={t('integrations.state')}
          value={state ?? ''}
          onChange={(e) => setState(e.target.value ? integrationState.parse(e.target.value) : undefined)}
        >
          <option value="">{t('common.all')}</option>
          {integrationState.options.map((s) => (
            <option key={s} value={s}>
              {t(`state.${s}`)}
            </option>
          ))}
        </Select>
        <Select label={t('integrations.kind')} value={kind ?? ''} onChange={(e) => setKind(e.target.value ? integrationKind.parse(e.target.value) : undefined)}>
          <option value="">{t('common.all')}</option>
          {integrationKind.options.map((k) => (
            <option key={k} value={k}>
              {t(`integrationKind.${k}`)}
            </option>
          ))}
        </Select>
        <div className="filter-actions">
          {distributor ? (
            <Button variant="secondary" aria-label={t('admin.clearDistributor', { name: distributor.name })} onClick={() => setDistributor(null)}>
              {t('admin.distributor')}: {distributor.name} ×
            </Button>
          ) : null}
          {filtered ? (
            <Button variant="ghost" onClick={reset}>
              {t('common.reset')}
            </Button>
          ) : null}
        </div>
      </form>
      <ListTable
        query={loadedRows(list)}
        empty={filtered ? t('admin.noMatches') : t('admin.noIntegrations')}
        columns={[
          t('admin.distributor'),
          t('integrations.name'),
          t('integrations.kind'),
          t('integrations.state'),
          t('integrations.lastSync'),
          { label: t('integrations.documents'), className: 'num' },
        ]}
      >
        {(rows) =>
          rows.map((i) => (
            <tr key={i.id} className={failed(i) ? 'row-failed' : undefined} data-failed={failed(i) || undefined}>
              <td>
                <button
                  type="button"
                  className="link-button"
                  title={t('admin.filterByDistributor')}
                  onClick={() => setDistributor({ id: i.organization.id, name: i.organization.name })}
                >
                  {i.organization.name}
                </button>
              </td>
              <td>
                <Link to={`/admin/integrations/${i.id}`}>{i.name}</Link>
              </td>
              <td>{t(`integrationKind.${i.kind}`)}</td>
              <td>
                <IntegrationStateBadge state={i.state} />
                <SyncErrorText className="small muted" code={i.stateReasonCode} params={i.stateReasonParams} text={i.stateReason} />
              </td>
              <LastSyncCell at={i.lastSyncAt} status={i.lastSyncStatus} />
              <DocumentTotalCell counts={i.documentCounts} />
            </tr>
          ))
        }
      </ListTable>
      <LoadMore query={list} />
    </>
  );
}
