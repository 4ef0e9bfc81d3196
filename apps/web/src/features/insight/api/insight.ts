import { endpoints, type InsightDimension, type InsightGranularity, type InsightMeasure } from '@portal/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { call, endpointUrl } from '../../../lib/endpoint-client';
import { documentTypesOf, queryOf, type InsightView } from '../utils/insight-params';

type Range = { from: string; to: string };
export type InsightQuery = ReturnType<typeof queryOf>;

// Every figure is a query of its own keyed by its filters: changing one
// filter refetches, Back shows the cached figures at once, and the previous
// figures stay on screen (dimmed) while the next ones load.

export const fetchSummary = (q: InsightQuery) => call(endpoints.insightSummary, { query: q });
export const summaryQueryOptions = (q: InsightQuery) => queryOptions({ queryKey: ['insight', 'summary', q], queryFn: () => fetchSummary(q) });
export const useSummary = (q: InsightQuery | null) => useQuery({ ...summaryQueryOptions(q!), enabled: q !== null, placeholderData: keepPreviousData });

export const fetchTrend = (q: InsightQuery & { granularity: InsightGranularity }) => call(endpoints.insightTrend, { query: q });
export const trendQueryOptions = (q: InsightQuery & { granularity: InsightGranularity }) =>
  queryOptions({ queryKey: ['insight', 'trend', q], queryFn: () => fetchTrend(q) });
export const useTrend = (q: (InsightQuery & { granularity: InsightGranularity }) | null) =>
  useQuery({ ...trendQueryOptions(q!), enabled: q !== null, placeholderData: keepPreviousData });

export const fetchTop = (q: InsightQuery & { by: InsightDimension }) => call(endpoints.insightTop, { query: { ...q, limit: 10 } });
export const topQueryOptions = (q: InsightQuery & { by: InsightDimension }) => queryOptions({ queryKey: ['insight', 'top', q], queryFn: () => fetchTop(q) });
export const useTop = (q: (InsightQuery & { by: InsightDimension }) | null) =>
  useQuery({ ...topQueryOptions(q!), enabled: q !== null, placeholderData: keepPreviousData });

export const exportUrl = (view: InsightView, range: Range) =>
  endpointUrl(endpoints.exportInsight, { query: { ...queryOf(view, range), granularity: view.granularity } });

/**
 * The newest month with documents of the measure's types (yyyy-MM-dd of its
 * first day), from the documents' kept monthly totals: where the default
 * period ends. null when there are none.
 */
export async function fetchLatestMonth(measure: InsightMeasure): Promise<string | null> {
  const series = await call(endpoints.documentSeries, { query: { types: documentTypesOf(measure), granularity: 'month' } });
  return series.data.reduce<string | null>((latest, p) => (latest === null || p.period > latest ? p.period : latest), null);
}
export const latestMonthQueryOptions = (measure: InsightMeasure) =>
  queryOptions({ queryKey: ['insight', 'latest-month', measure], queryFn: () => fetchLatestMonth(measure), staleTime: 60_000 });
export const useLatestMonth = (measure: InsightMeasure, enabled: boolean) => useQuery({ ...latestMonthQueryOptions(measure), enabled });

/** Principals: the connected distributors, for the distributor filter and to name a chosen one. */
export async function fetchDistributors(): Promise<{ id: string; name: string }[]> {
  const list = await call(endpoints.listConnections);
  return list.data
    .flatMap((c) => (c.kind === 'connection' && c.status === 'CONNECTED' && c.distributor ? [{ id: c.distributor.id, name: c.distributor.name }] : []))
    .sort((a, b) => a.name.localeCompare(b.name));
}
export const distributorsQueryOptions = () => queryOptions({ queryKey: ['insight', 'distributors'], queryFn: fetchDistributors });
export const useDistributors = (enabled: boolean) => useQuery({ ...distributorsQueryOptions(), enabled });

/** The chosen SKU's name, for the SKU field showing a filter that came from the address. */
export const fetchSku = (id: string) => call(endpoints.getSku, { params: { id } });
export const skuQueryOptions = (id: string) => queryOptions({ queryKey: ['insight', 'sku', id], queryFn: () => fetchSku(id), staleTime: 60_000 });
export const useSku = (id: string | undefined) => useQuery({ ...skuQueryOptions(id ?? ''), enabled: Boolean(id) });
