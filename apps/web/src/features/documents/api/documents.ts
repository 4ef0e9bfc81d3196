import type { ConnectionItem, DocumentDetail, DocumentFilters, DocumentList, DocumentSeries, DocumentsQuery } from '@portal/contracts';
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

export type Filters = DocumentFilters & { sort: DocumentsQuery['sort'] };

export const fetchDocuments = (f: Filters, cursor?: string) => api<DocumentList>('/api/documents', { query: { ...f, limit: 50, cursor } });
export const documentsQueryOptions = (f: Filters) =>
  infiniteQueryOptions({
    queryKey: ['documents', 'list', f],
    queryFn: ({ pageParam }) => fetchDocuments(f, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
export const useDocuments = (f: Filters) => useInfiniteQuery(documentsQueryOptions(f));

export const fetchSeries = (f: DocumentFilters) => api<DocumentSeries>('/api/documents/series', { query: { ...f, granularity: 'month' } });
export const seriesQueryOptions = (f: DocumentFilters) => queryOptions({ queryKey: ['documents', 'series', f], queryFn: () => fetchSeries(f) });
export const useSeries = (f: DocumentFilters) => useQuery(seriesQueryOptions(f));

export const fetchDocument = (id: string) => api<DocumentDetail>(`/api/documents/${id}`);
export const documentQueryOptions = (id: string) => queryOptions({ queryKey: ['documents', 'detail', id], queryFn: () => fetchDocument(id) });
export const useDocument = (id: string | null) => useQuery({ ...documentQueryOptions(id ?? ''), enabled: id !== null });

export function exportUrl(f: DocumentFilters, format: 'csv' | 'xlsx'): string {
  const q = new URLSearchParams(Object.entries({ ...f, format }).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  return `/api/documents/export?${q.toString()}`;
}

/**
 * Principals: the distributors whose documents they may read (CONNECTED
 * connections), for the distributor filter. Taken from the connections, not
 * from the current result, so choosing one distributor keeps the others on offer.
 */
export async function fetchConnectedDistributors(): Promise<{ id: string; name: string }[]> {
  const list = await api<{ data: ConnectionItem[] }>('/api/connections');
  return list.data
    .flatMap((c) => (c.kind === 'connection' && c.status === 'CONNECTED' && c.distributor ? [{ id: c.distributor.id, name: c.distributor.name }] : []))
    .sort((a, b) => a.name.localeCompare(b.name));
}
export const connectedDistributorsQueryOptions = () => queryOptions({ queryKey: ['documents', 'distributors'], queryFn: fetchConnectedDistributors });
export const useConnectedDistributors = (enabled: boolean) => useQuery({ ...connectedDistributorsQueryOptions(), enabled });
