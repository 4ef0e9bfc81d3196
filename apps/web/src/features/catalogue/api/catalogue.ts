import { type CreateSkuBody, endpoints, type UpdateSkuBody } from '@portal/contracts';
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useErrorMessage } from '../../../components/ui/ui';
import { call, endpointUrl } from '../../../lib/endpoint-client';

const PAGE_SIZE = 50;
const CATALOGUE_KEY = ['catalogue'] as const;

export interface SkuFilters {
  q: string;
  brand: string;
  category: string;
}

export const fetchSkus = (f: SkuFilters, cursor?: string) =>
  call(endpoints.listSkus, { query: { q: f.q.trim() || undefined, brand: f.brand || undefined, category: f.category || undefined, cursor, limit: PAGE_SIZE } });
export const skusQueryOptions = (f: SkuFilters) =>
  infiniteQueryOptions({
    queryKey: [...CATALOGUE_KEY, 'skus', f],
    queryFn: ({ pageParam }) => fetchSkus(f, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
export const useSkus = (f: SkuFilters) => useInfiniteQuery(skusQueryOptions(f));

export const fetchSkuFacets = () => call(endpoints.skuFacets);
export const skuFacetsQueryOptions = () => queryOptions({ queryKey: [...CATALOGUE_KEY, 'facets'], queryFn: fetchSkuFacets });
export const useSkuFacets = () => useQuery(skuFacetsQueryOptions());

export const skuTemplateUrl = (format: 'csv' | 'xlsx') => endpointUrl(endpoints.skuImportTemplate, { query: { format } });

/** Every catalogue query: a change shows in the list and the filters' counts alike. */
const useInvalidate = () => {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: CATALOGUE_KEY });
};

/** The form shows a refused field beside it; the caller decides what else to show. */
export function useSaveSku() {
  const invalidate = useInvalidate();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | undefined; body: CreateSkuBody }) =>
      id ? call(endpoints.updateSku, { params: { id }, body: body satisfies UpdateSkuBody }) : call(endpoints.createSku, { body }),
    onSuccess: () => {
      toast.success(t('catalogue.saved'));
      return invalidate();
    },
  });
}

export function useDeleteSku() {
  const invalidate = useInvalidate();
  const { t } = useTranslation();
  const message = useErrorMessage();
  return useMutation({
    mutationFn: (id: string) => call(endpoints.deleteSku, { params: { id } }),
    onSuccess: () => {
      toast.success(t('catalogue.deleted'));
      return invalidate();
    },
    onError: (err) => void toast.error(message(err)),
  });
}

/** Multipart upload of one CSV or XLSX file; `dryRun` previews without writing. */
export function useImportSkus() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) => {
      const form = new FormData();
      form.append('file', file);
      return call(endpoints.importSkus, { query: { dryRun: dryRun ? 'true' : 'false' }, form });
    },
    onSuccess: (r) => (r.written ? invalidate() : undefined),
  });
}
