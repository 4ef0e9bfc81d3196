import type { MappingsQuery } from '@portal/contracts';
import type { RowSelectionState } from '@tanstack/react-table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListState } from '../../../components/ui/list-state';
import { Button, Field, PageHeader, Select } from '../../../components/ui/ui';
import { formatNumber } from '../../../lib/format';
import { usePermission } from '../../../lib/permissions';
import { type MappingFilters, useAcceptSuggestions, useConfirmMappings, useMappings, useMappingSummary } from '../api/product-mappings';
import { MappingTable, rowId } from '../components/mapping-table';
import '../product-mapping.css';

const TABS: MappingsQuery['status'][] = ['unmapped', 'mapped', 'all'];
/** The thresholds offered for accepting suggestions in bulk: the same code or barcode scores 1. */
const MIN_SCORES = ['1', '0.9', '0.8', '0.7', '0.5', '0.3'];

/** Pemetaan produk: which of the principal's SKUs each connected distributor's product code is (docs/product/master-data.md). */
export function ProductMappingPage() {
  const { t, i18n } = useTranslation();
  const manage = usePermission('catalogue:manage');
  const summary = useMappingSummary();
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useState<MappingFilters>({ status: 'unmapped', distributorId: '', q: '' });
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [minScore, setMinScore] = useState('1');
  const mappings = useMappings(filters);
  const confirm = useConfirmMappings();
  const accept = useAcceptSuggestions();
  // The search is sent once typing pauses, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => setFilters((f) => (f.q === search ? f : { ...f, q: search })), 300);
    return () => clearTimeout(timer);
  }, [search]);
  // A selection belongs to the rows it was made on.
  useEffect(() => setSelection({}), [filters]);

  const rows = mappings.data?.pages.flatMap((p) => p.data);
  const selected = (rows ?? []).filter((r) => selection[rowId(r)] && r.suggestion && !r.mapping);
  const count = (c: number) => formatNumber(c, i18n.language);
  const distributors = summary.data?.distributors ?? [];
  const scope = distributors.filter((d) => !filters.distributorId || d.distributorId === filters.distributorId);
  const suggested = scope.reduce((s, d) => s + d.suggested, 0);

  const confirmSelected = () =>
    confirm.mutate(
      {
        mappings: selected.map((r) => ({
          distributorId: r.distributorId,
          productCode: r.productCode,
          skuId: r.suggestion!.sku.id,
          method: r.suggestion!.method,
          score: r.suggestion!.score,
        })),
      },
      { onSuccess: () => setSelection({}) },
    );

  return (
    <>
      <PageHeader title={t('productMapping.title')} subtitle={t('productMapping.subtitle')} />
      {distributors.length ? (
        <p className="small" data-testid="mapping-summary">
          {t('productMapping.summary', {
            products: count(scope.reduce((s, d) => s + d.products, 0)),
            mapped: count(scope.reduce((s, d) => s + d.mapped, 0)),
            suggested: count(suggested),
          })}
        </p>
      ) : null}
      <div className="tabs" role="tablist" aria-label={t('productMapping.title')}>
        {TABS.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            className="tab"
            aria-selected={filters.status === s}
            onClick={() => setFilters((f) => ({ ...f, status: s }))}
          >
            {t(`productMapping.tabs.${s}`)}
          </button>
        ))}
      </div>
      <form className="filters" role="search" aria-label={t('productMapping.filtersLabel')} onSubmit={(e) => e.preventDefault()}>
        <Select
          label={t('productMapping.distributor')}
          value={filters.distributorId}
          onChange={(e) => setFilters((f) => ({ ...f, distributorId: e.target.value }))}
        >
          <option value="">{t('common.all')}</option>
          {distributors.map((d) => (
            <option key={d.distributorId} value={d.distributorId}>
              {d.distributorName}
            </option>
          ))}
        </Select>
        <Field
          label={t('productMapping.search')}
          type="search"
          value={search}
          maxLength={100}
          placeholder={t('productMapping.searchPlaceholder')}
          onChange={(e) => setSearch(e.target.value)}
        />
      </form>
      {filters.status !== 'mapped' ? (
        <div className="pm-bulk row">
          <Button disabled={!manage.allowed || selected.length === 0} title={manage.reason} busy={confirm.isPending} onClick={confirmSelected}>
            {t('productMapping.confirmSelected', { count: selected.length })}
          </Button>
          <Select label={t('productMapping.minScore')} value={minScore} onChange={(e) => setMinScore(e.target.value)}>
            {MIN_SCORES.map((s) => (
              <option key={s} value={s}>
                {formatNumber(Math.round(Number(s) * 100), i18n.language)}%
              </option>
            ))}
          </Select>
          <Button
            variant="secondary"
            disabled={!manage.allowed || suggested === 0}
            title={manage.reason}
            busy={accept.isPending}
            onClick={() => accept.mutate({ minScore, ...(filters.distributorId ? { distributorId: filters.distributorId } : {}) })}
          >
            {t('productMapping.acceptAll', { score: `${formatNumber(Math.round(Number(minScore) * 100), i18n.language)}%` })}
          </Button>
        </div>
      ) : null}
      <ListState
        query={{ error: mappings.error, data: rows ? { data: rows } : undefined, refetch: mappings.refetch }}
        empty={distributors.length === 0 ? t('productMapping.noDistributors') : t(`productMapping.empty.${filters.status}`)}
      >
        {(list) => <MappingTable rows={list} selection={selection} onSelectionChange={setSelection} />}
      </ListState>
      {mappings.hasNextPage ? (
        <div className="row">
          <Button variant="secondary" busy={mappings.isFetchingNextPage} onClick={() => void mappings.fetchNextPage()}>
            {t('productMapping.loadMore')}
          </Button>
        </div>
      ) : null}
    </>
  );
}
