import type { InsightDimension, InsightTopRow } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { EmptyState, ErrorAlert, PageHeader, Skeleton } from '../../../components/ui/ui';
import { useMe } from '../../../lib/session';
import { exportUrl, useLatestMonth, useSummary, useTop, useTrend } from '../api/insight';
import { InsightFilterBar } from '../components/insight-filter-bar';
import { KpiTiles } from '../components/kpi-tiles';
import { TopTable } from '../components/top-table';
import { TrendChart } from '../components/trend-chart';
import {
  dimensionsFor,
  documentsLink,
  FILTER_OF_DIMENSION,
  type InsightView,
  localToday,
  paramsFromView,
  periodRange,
  queryOf,
  viewFromParams,
} from '../utils/insight-params';
import '../insight.css';

/**
 * Insight (issue 13, docs/product/master-data.md): sell-out or sell-in as KPI
 * tiles, a trend and top-N tables, for a principal over its connected
 * distributors by its own SKUs, for a distributor over its own data by its
 * own products. Every figure drills into the documents behind it.
 */
export function InsightPage() {
  const { t } = useTranslation();
  const me = useMe();
  const kind = me.data?.organization.kind ?? 'DISTRIBUTOR';
  const [params, setParams] = useSearchParams();
  const view = viewFromParams(params, kind);
  const latest = useLatestMonth(view.measure, view.period === 'latest');
  // The default period waits for the newest month with documents; every other preset is known at once.
  const range = view.period === 'latest' && latest.isPending ? null : periodRange(view, localToday(), latest.data);
  const summary = useSummary(range ? queryOf(view, range, false) : null);
  const trend = useTrend(range ? { ...queryOf(view, range), granularity: view.granularity } : null);
  const top = useTop(range ? { ...queryOf(view, range), by: view.by } : null);

  const go = (next: InsightView) => setParams(paramsFromView(next, kind));
  const shown = summary.data
    ? { ...summary.data, currencies: summary.data.currencies.filter((c) => !view.filters.currency || c.currency === view.filters.currency) }
    : undefined;
  // The tiles and the top tables count whole months: their documents are those of the months the API used.
  const figureRange = summary.data ? { from: summary.data.from, to: summary.data.to } : range;
  // A principal's product, customer and salesman rows are one distributor's code: drilling in narrows to that distributor too.
  const narrowing = (key: string, row: InsightTopRow, by: InsightDimension) => ({
    [FILTER_OF_DIMENSION[by]]: key,
    ...(row.distributorId ? { distributorId: row.distributorId } : {}),
  });
  const onDrill = (row: InsightTopRow, by: InsightDimension) => {
    if (row.key !== null) go({ ...view, filters: { ...view.filters, ...narrowing(row.key, row, by) } });
  };
  const documentsOf = (row: InsightTopRow, by: InsightDimension) =>
    figureRange && row.key !== null ? documentsLink(view, figureRange, narrowing(row.key, row, by)) : null;
  const empty = shown !== undefined && shown.currencies.length === 0;
  const firstError = latest.error ?? summary.error ?? trend.error ?? top.error;

  return (
    <>
      <PageHeader
        title={t('insight.title')}
        subtitle={kind === 'PRINCIPAL' ? t('insight.subtitlePrincipal') : t('insight.subtitleDistributor')}
        actions={
          range ? (
            <a className="btn btn-secondary" href={exportUrl(view, range)} download data-testid="insight-export">
              {t('insight.exportXlsx')}
            </a>
          ) : null
        }
      />
      <InsightFilterBar
        key={params.toString()}
        view={view}
        kind={kind}
        currencies={summary.data?.currencies.map((c) => c.currency) ?? []}
        onChange={go}
        onReset={() => setParams({})}
      />
      <ErrorAlert
        error={firstError}
        onRetry={() => {
          void latest.refetch();
          void summary.refetch();
          void trend.refetch();
          void top.refetch();
        }}
      />
      {!shown && !firstError ? <Skeleton lines={4} /> : null}
      {empty ? <EmptyState>{t('insight.emptyPeriod')}</EmptyState> : null}
      {shown && !empty ? (
        <div className={summary.isPlaceholderData ? 'insight-stale' : undefined} aria-busy={summary.isFetching || undefined}>
          <KpiTiles summary={shown} kind={kind} docs={figureRange ? documentsLink(view, figureRange) : null} />
        </div>
      ) : null}
      {!empty && trend.data ? (
        <div className={trend.isPlaceholderData ? 'insight-stale' : undefined}>
          <TrendChart trend={trend.data} granularity={trend.data.granularity} />
        </div>
      ) : !empty && range && !trend.error ? (
        <Skeleton lines={5} />
      ) : null}
      {!empty && top.data ? (
        <TopTable
          top={top.data}
          dimensions={dimensionsFor(kind)}
          by={view.by}
          onBy={(by) => go({ ...view, by })}
          onDrill={onDrill}
          documentsOf={documentsOf}
          busy={top.isPlaceholderData}
        />
      ) : !empty && range && !top.error ? (
        <Skeleton lines={5} />
      ) : null}
    </>
  );
}
