import type { MasterDataSlug, MasterDataSummary } from '@portal/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, Field, PageHeader, Select } from '../../../components/ui/ui';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { usePermission } from '../../../lib/permissions';
import { useMe } from '../../../lib/session';
import { useMasterDataSummary } from '../api/master-data';
import { MasterDataImport } from '../components/master-data-import';
import { CustomersTable, ProductsTable } from '../components/master-data-tables';
import '../master-data.css';

const TABS: readonly MasterDataSlug[] = ['customers', 'products'];

/** The text filter waits for a pause in typing before it asks the API. */
function useDebounced(value: string, ms = 300): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Data master (docs/product/master-data.md): customers and products per
 * integration. A distributor sees its own and imports files into an External
 * integration; a principal sees its connected distributors' as far as their
 * connections allow.
 */
export function MasterDataPage() {
  const { t } = useTranslation();
  const kind = useMe().data?.organization.kind;
  const principal = kind === 'PRINCIPAL';
  const canImport = usePermission('integrations:sync').allowed && kind === 'DISTRIBUTOR';
  const summary = useMasterDataSummary();
  const [tab, setTab] = useState<MasterDataSlug>('customers');
  const [integrationId, setIntegrationId] = useState('');
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const integrations = summary.data?.data ?? [];
  const selected = integrations.find((i) => i.integration.id === integrationId);
  const filter = { integrationId: integrationId || undefined, q: q || undefined };
  const empty = (
    <>
      <p>{t(`masterData.empty.${tab}`)}</p>
      <p className="small">{t(principal ? 'masterData.empty.sourcesPrincipal' : 'masterData.empty.sources')}</p>
    </>
  );

  return (
    <>
      <PageHeader title={t('masterData.title')} subtitle={t(principal ? 'masterData.subtitlePrincipal' : 'masterData.subtitle')} />
      <ErrorAlert error={summary.error} onRetry={summary.refetch} />
      {integrations.length > 0 ? <SummaryTable rows={integrations} showDistributor={principal} /> : null}

      <div className="tabs" role="tablist" aria-label={t('masterData.title')}>
        {TABS.map((k) => (
          <button key={k} type="button" role="tab" className="tab" aria-selected={tab === k} onClick={() => setTab(k)}>
            {t(`masterData.tabs.${k}`)}
          </button>
        ))}
      </div>

      <div className="md-filters">
        <Select label={t('masterData.integration')} value={integrationId} onChange={(e) => setIntegrationId(e.target.value)}>
          <option value="">{t('masterData.allIntegrations')}</option>
          {integrations.map((i) => (
            <option key={i.integration.id} value={i.integration.id}>
              {principal ? `${i.distributor.name} · ${i.integration.name}` : i.integration.name}
            </option>
          ))}
        </Select>
        <Field
          label={t('masterData.search')}
          type="search"
          value={text}
          placeholder={t('masterData.searchPlaceholder')}
          onChange={(e) => setText(e.target.value)}
        />
      </div>

      {canImport && selected?.integration.kind === 'EXTERNAL' ? (
        <MasterDataImport key={`${selected.integration.id}-${tab}`} integrationId={selected.integration.id} kind={tab} />
      ) : null}
      {canImport && !selected && integrations.some((i) => i.integration.kind === 'EXTERNAL') ? (
        <p className="small muted">{t('masterData.import.pickExternal')}</p>
      ) : null}

      <div role="tabpanel">
        {tab === 'customers' ? (
          <CustomersTable filter={filter} showDistributor={principal} empty={empty} />
        ) : (
          <ProductsTable filter={filter} showDistributor={principal} empty={empty} />
        )}
      </div>
    </>
  );
}

function SummaryTable({ rows, showDistributor }: { rows: MasterDataSummary['data']; showDistributor: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <table className="table compact" data-testid="master-data-summary">
      <thead>
        <tr>
          {showDistributor ? <th>{t('masterData.distributor')}</th> : null}
          <th>{t('masterData.integration')}</th>
          <th className="num">{t('masterData.tabs.customers')}</th>
          <th className="num">{t('masterData.tabs.products')}</th>
          <th>{t('masterData.lastUpdated')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.integration.id}>
            {showDistributor ? <td>{r.distributor.name}</td> : null}
            <td>
              {r.integration.name} <span className="small muted">{t(`integrationKind.${r.integration.kind}`)}</span>
            </td>
            <td className="num">{formatNumber(r.customers, i18n.language)}</td>
            <td className="num">{formatNumber(r.products, i18n.language)}</td>
            <td className="nowrap">{formatDateTime(r.lastUpdatedAt, i18n.language)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
