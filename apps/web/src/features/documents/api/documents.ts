import { type DocumentFilters, type DocumentsQuery, endpoints } from '@portal/contracts';
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { call, endpointUrl } from '../../../lib/endpoint-client';

export type Filters = DocumentFilters & { sort: DocumentsQuery['sort'] };

export const fetchDocuments = (f: Filters, cursor?: string) => call(endpoints.listDocuments, { query: { ...f, limit: 50, cursor } });
export const documentsQueryOptions = (f: Filters) =>
  infiniteQueryOptions({
    queryKey: ['documents', 'list', f],
    queryFn: ({ pageParam }) => fetchDocuments(f, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
export const useDocuments = (f: Filters) => useInfiniteQuery(documentsQueryOptions(f));

export const fetchSeries = (f: DocumentFilters) => call(endpoints.documentSeries, { query: { ...f, granularity: 'month' } });
export const seriesQueryOptions = (f: DocumentFilters) => queryOptions({ queryKey: ['documents', 'series', f], queryFn: () => fetchSeries(f) });
export const useSeries = (f: DocumentFilters) => useQuery(seriesQueryOptions(f));

export const fetchDocument = (id: string) => call(endpoints.getDocument, { params: { id } });
export const documentQueryOptions = (id: string) => queryOptions({ queryKey: ['documents', 'detail', id], queryFn: () => fetchDocument(id) });
export const useDocument = (id: string) => useQuery(documentQueryOptions(id));

export const exportUrl = (f: DocumentFilters, format: 'csv' | 'xlsx') => endpointUrl(endpoints.exportDocuments, { query: { ...f, format } });

/**
 * Principals: the distributors whose documents they may read (CONNECTED
 * connections), for the distributor filter. Taken from the connections, not
 * from the current result, so choosing one distributor keeps the others on offer.
 */
export async function fetchConnectedDistributors(): Promise<{ id: string; name: string }[]> {
  const list = await call(endpoints.listConnections);
  return list.data
    .flatMap((c) => (c.kind === 'connection' && c.status === 'CONNECTED' && c.distributor ? [{ id: c.distributor.id, name: c.distributor.name }] : []))
    .sort((a, b) => a.name.localeCompare(b.name));
}
export const connectedDistributorsQueryOptions = () => queryOptions({ queryKey: ['documents', 'distributors'], queryFn: fetchConnectedDistributors });
export const useConnectedDistributors = (enabled: boolean) => useQuery({ ...connectedDistributorsQueryOptions(), enabled });

/** A SKU filter's name (an insight drill-down names the SKU by id): the principal's own catalogue. */
export const fetchSku = (id: string) => call(endpoints.getSku, { params: { id } });
export const skuQueryOptions = (id: string) => queryOptions({ queryKey: ['documents', 'sku', id], queryFn: () => fetchSku(id), staleTime: 60_000 });
export const useSku = (id: string | undefined) => useQuery({ ...skuQueryOptions(id ?? ''), enabled: Boolean(id) });
