import { endpoints, type MasterDataSlug } from '@portal/contracts';
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, endpointUrl } from '../../../lib/endpoint-client';

const PAGE_SIZE = 50;
const KEY = ['master-data'] as const;

/** What a list is narrowed to: one integration and a code or name text, each optional. */
export interface MasterDataFilter {
  integrationId?: string | undefined;
  q?: string | undefined;
}

export const fetchMasterDataSummary = () => call(endpoints.masterDataSummary);
export const masterDataSummaryQueryOptions = () => queryOptions({ queryKey: [...KEY, 'summary'], queryFn: fetchMasterDataSummary });
export const useMasterDataSummary = () => useQuery(masterDataSummaryQueryOptions());

export const fetchCustomers = (f: MasterDataFilter, cursor?: string) => call(endpoints.listCustomers, { query: { ...f, cursor, limit: PAGE_SIZE } });
export const customersQueryOptions = (f: MasterDataFilter) =>
  infiniteQueryOptions({
    queryKey: [...KEY, 'customers', f.integrationId ?? '', f.q ?? ''],
    queryFn: ({ pageParam }) => fetchCustomers(f, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
export const useCustomers = (f: MasterDataFilter) => useInfiniteQuery(customersQueryOptions(f));

export const fetchProducts = (f: MasterDataFilter, cursor?: string) => call(endpoints.listProducts, { query: { ...f, cursor, limit: PAGE_SIZE } });
export const productsQueryOptions = (f: MasterDataFilter) =>
  infiniteQueryOptions({
    queryKey: [...KEY, 'products', f.integrationId ?? '', f.q ?? ''],
    queryFn: ({ pageParam }) => fetchProducts(f, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
export const useProducts = (f: MasterDataFilter) => useInfiniteQuery(productsQueryOptions(f));

export const masterDataTemplateUrl = (kind: MasterDataSlug, format: 'csv' | 'xlsx') =>
  endpointUrl(endpoints.masterDataTemplate, { params: { kind }, query: { format } });

/** Multipart upload of one CSV or XLSX file of customers or products into an External integration. */
export function importMasterData(integrationId: string, kind: MasterDataSlug, file: File) {
  const form = new FormData();
  form.append('file', file);
  return call(endpoints.importMasterData, { params: { id: integrationId, kind }, form });
}

export function useImportMasterData(integrationId: string, kind: MasterDataSlug) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => importMasterData(integrationId, kind, file),
    // The lists and the counts change.
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}
