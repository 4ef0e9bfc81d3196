import { documentType, type DocumentSortColumn } from '@portal/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DateField } from '../../../components/date-field';
import { type FilterChip, FilterChips } from '../../../components/filter-chips';
import { SearchField } from '../../../components/search-field';
import { Button, EmptyState, ErrorAlert, Field, PageHeader, Select, Skeleton } from '../../../components/ui/ui';
import { formatDate, formatMoney, formatNumber } from '../../../lib/format';
import { useMe } from '../../../lib/session';
import { exportUrl, type Filters, useConnectedDistributors, useDocuments, useSeries, useSku } from '../api/documents';
import { AmountChart } from '../components/amount-chart';
import { SortHeader } from '../components/sort-header';
import { amountsPerType, type TypeAmounts } from '../utils/type-amounts';
import { type DrillDownKey, filtersFromParams, nextSort, paramsFromFilters, withoutFilter } from '../utils/url-filters';
import '../documents.css';

function formFilters(form: FormData): Omit<Filters, 'sort'> {
  const f: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === 'string' && v.trim() !== '') f[k] = v.trim();
  return f as Omit<Filters, 'sort'>;
}

/** Amounts of one type, one line per currency, each in its own currency. */
function Amounts({ amounts, lng, strong = false }: { amounts: TypeAmounts['amounts']; lng: string; strong?: boolean }) {
  const Tag = strong ? 'strong' : 'span';
  return (
    <span className="amounts">
      {amounts.map((a) => (
        <Tag key={a.currency} data-currency={a.currency}>
          {formatMoney(a.amount, lng, a.currency)}
        </Tag>
      ))}
    </span>
  );
}

export function DocumentsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const isPrincipal = me.data?.organization.kind === 'PRINCIPAL';
  // The filters live in the address bar: reload, Back and a shared link show the same list.
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const docs = useDocuments(filters);
  const distributors = useConnectedDistributors(isPrincipal);
  const { sort, ...seriesFilters } = filters;
  const series = useSeries(seriesFilters);
  const first = docs.data?.pages[0];
  const rows = docs.data?.pages.flatMap((p) => p.data) ?? [];
  const lng = i18n.language;
  const typeAmounts = first ? amountsPerType(first.totals.byType) : [];
  const filtered = Object.keys(seriesFilters).length > 0;

  // The party field suggests suppliers while a purchase type is chosen, customers otherwise.
  const [typeChoice, setTypeChoice] = useState<string | undefined>(undefined);
  const purchases = (typeChoice ?? filters.type ?? filters.types?.[0] ?? '').startsWith('PURCHASE_');
  const partyKind = purchases ? 'suppliers' : 'customers';

  // An insight figure's drill-down filters have no field of their own: chips say they apply, × removes one.
  const sku = useSku(isPrincipal ? filters.skuId : undefined);
  const remove = (key: DrillDownKey) => () => setParams(paramsFromFilters(withoutFilter(filters, key)));
  const chips: FilterChip[] = [
    ...(filters.types
      ? [{ key: 'types', label: t('documents.chipTypes'), value: filters.types.map((x) => t(`docType.${x}`)).join(', '), onRemove: remove('types') }]
      : []),
    ...(filters.skuId
      ? [{ key: 'skuId', label: t('documents.chipSku'), value: sku.data ? `${sku.data.code} ${sku.data.name}` : '…', onRemove: remove('skuId') }]
      : []),
    ...(filters.salesman ? [{ key: 'salesman', label: t('documents.chipSalesman'), value: filters.salesman, onRemove: remove('salesman') }] : []),
    ...(filters.city ? [{ key: 'city', label: t('documents.chipCity'), value: filters.city, onRemove: remove('city') }] : []),
  ];

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setTypeChoice(undefined);
    setParams(paramsFromFilters({ ...formFilters(new FormData(e.currentTarget)), sort }));
  };
  const onSort = (column: DocumentSortColumn) => setParams(paramsFromFilters({ ...filters, sort: nextSort(sort, column) }));
  const empty = isPrincipal
    ? distributors.data?.length === 0
      ? t('documents.noDistributors')
      : filtered
        ? t('documents.emptyFiltered')
        : t('documents.emptyPrincipal')
    : filtered
      ? t('documents.emptyFiltered')
      : t('documents.emptyDistributor');

  return (
    <>
      <PageHeader
        title={t('documents.title')}
        subtitle={t('documents.subtitle')}
        actions={
          <>
            <a className="btn btn-secondary" href={exportUrl(seriesFilters, 'csv')} download>
              {t('documents.exportCsv')}
            </a>
            <a className="btn btn-secondary" href={exportUrl(seriesFilters, 'xlsx')} download>
              {t('documents.exportXlsx')}
            </a>
          </>
        }
      />
      {/* Keyed by the address: Back/Forward and Reset show the inputs of the list they lead to. */}
      <form
        key={params.toString()}
        className="filters"
        onSubmit={onSubmit}
        onReset={() => {
          setTypeChoice(undefined);
          setParams({});
        }}
        aria-label={t('documents.filters')}
      >
        <Field label={t('documents.search')} name="number" type="search" defaultValue={filters.number ?? ''} placeholder={t('documents.searchHint')} />
        <Select label={t('documents.type')} name="type" defaultValue={filters.type ?? ''} onChange={(e) => setTypeChoice(e.target.value)}>
          <option value="">{t('common.all')}</option>
          {documentType.options.map((d) => (
            <option key={d} value={d}>
              {t(`docType.${d}`)}
            </option>
          ))}
        </Select>
        <DateField label={t('documents.from')} name="from" defaultValue={filters.from} />
        <DateField label={t('documents.to')} name="to" defaultValue={filters.to} />
        {/* Search helps: a picked suggestion fills in its code (the party filter matches a code exactly or part of a name; the product filter a code). */}
        <SearchField kind={partyKind} label={t('documents.party')} name="party" defaultValue={filters.party} placeholder={t('search.typeToSearch')} />
        <SearchField kind="products" label={t('documents.product')} name="product" defaultValue={filters.product} placeholder={t('search.typeToSearch')} />
        {isPrincipal ? (
          <SearchField
            key={distributors.data ? 'named' : 'loading'}
            kind="distributors"
            fills="id"
            label={t('documents.distributor')}
            name="distributorId"
            defaultValue={filters.distributorId}
            defaultLabel={distributors.data?.find((d) => d.id === filters.distributorId)?.name}
            placeholder={t('common.all')}
          />
        ) : null}
        {filters.integrationId ? <input type="hidden" name="integrationId" value={filters.integrationId} /> : null}
        {filters.types ? <input type="hidden" name="types" value={filters.types.join(',')} /> : null}
        {filters.skuId ? <input type="hidden" name="skuId" value={filters.skuId} /> : null}
        {filters.salesman ? <input type="hidden" name="salesman" value={filters.salesman} /> : null}
        {filters.city ? <input type="hidden" name="city" value={filters.city} /> : null}
        <div className="filter-actions">
          <Button type="submit">{t('common.apply')}</Button>
          <Button type="reset" variant="ghost">
            {t('common.reset')}
          </Button>
        </div>
      </form>
      <FilterChips chips={chips} label={t('documents.drillDown')} />
      <ErrorAlert error={docs.error} onRetry={docs.refetch} />

      {first ? (
        <div className="stats">
          <div className="stat">
            <span className="muted small">{t('documents.count')}</span>
            <strong data-testid="documents-total">{t('documents.totalDocuments', { count: first.totals.documents })}</strong>
          </div>
          {/* Sales and purchases are different money, and so are two currencies: one amount per type and currency, never one sum of them. */}
          {typeAmounts.map((tt) => (
            <div className="stat" key={tt.type} data-testid={`type-total-${tt.type}`}>
              <span className="muted small">{t('documents.amountOf', { type: t(`docType.${tt.type}`) })}</span>
              <Amounts amounts={tt.amounts} lng={lng} strong />
              <span className="muted small">{t('documents.totalDocuments', { count: tt.documents })}</span>
            </div>
          ))}
        </div>
      ) : null}
      {isPrincipal && first && first.totals.byDistributor.length > 0 ? (
        <section className="section" aria-labelledby="per-distributor">
          <h2 id="per-distributor">{t('documents.perDistributor')}</h2>
          <table className="table compact" data-testid="distributor-totals">
            <thead>
              <tr>
                <th>{t('documents.distributor')}</th>
                <th className="num">{t('documents.count')}</th>
                {typeAmounts.map((tt) => (
                  <th key={tt.type} className="num">
                    {t(`docType.${tt.type}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {first.totals.byDistributor.map((d) => {
                const own = amountsPerType(d.byType);
                return (
                  <tr key={d.id}>
                    <td>{d.name}</td>
                    <td className="num">{formatNumber(d.documents, lng)}</td>
                    {typeAmounts.map((tt) => {
                      const amounts = own.find((x) => x.type === tt.type)?.amounts;
                      return (
                        <td key={tt.type} className="num">
                          {amounts ? <Amounts amounts={amounts} lng={lng} /> : t('common.none')}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ) : null}
      {series.data ? <AmountChart series={series.data} from={filters.from} to={filters.to} /> : null}

      {!docs.data && !docs.error ? <Skeleton lines={6} /> : null}
      {docs.data && rows.length === 0 ? <EmptyState>{empty}</EmptyState> : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="table" data-testid="documents-table">
            <thead>
              <tr>
                <SortHeader column="number" label={t('documents.number')} sort={sort} onSort={onSort} />
                <th>{t('documents.type')}</th>
                <SortHeader column="date" label={t('documents.date')} sort={sort} onSort={onSort} />
                <SortHeader column="party" label={t('documents.party')} sort={sort} onSort={onSort} />
                {isPrincipal ? <th>{t('documents.distributor')}</th> : null}
                <th className="num">{t('documents.lines')}</th>
                <SortHeader column="total" label={t('documents.total')} sort={sort} onSort={onSort} className="num" />
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link to={`/documents/${d.id}`}>{d.number}</Link>
                  </td>
                  <td>{t(`docType.${d.type}`)}</td>
                  <td className="nowrap">{formatDate(d.date, lng)}</td>
                  <td>{d.partyName ?? d.partyCode ?? '—'}</td>
                  {isPrincipal ? <td>{d.distributor.name}</td> : null}
                  <td className="num">{formatNumber(d.lineCount, lng)}</td>
                  <td className="num">{formatMoney(d.total, lng, d.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {docs.hasNextPage ? (
        <Button variant="secondary" busy={docs.isFetchingNextPage} onClick={() => void docs.fetchNextPage()}>
          {t('documents.loadMore')}
        </Button>
      ) : null}
    </>
  );
}
