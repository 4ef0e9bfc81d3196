import { type AcceptSuggestionsBody, type ConfirmMappingsBody, endpoints, type MappingsQuery } from '@portal/contracts';
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useErrorMessage } from '../../../components/ui/ui';
import { call } from '../../../lib/endpoint-client';

const PAGE_SIZE = 50;
const MAPPINGS_KEY = ['product-mappings'] as const;

export interface MappingFilters {
  status: MappingsQuery['status'];
  distributorId: string;
  q: string;
}

export const fetchMappings = (f: MappingFilters, cursor?: string) =>
  call(endpoints.listProductMappings, {
    query: { status: f.status, distributorId: f.distributorId || undefined, q: f.q.trim() || undefined, cursor, limit: PAGE_SIZE },
  });
export const mappingsQueryOptions = (f: MappingFilters) =>
  infiniteQueryOptions({
    queryKey: [...MAPPINGS_KEY, 'list', f],
    queryFn: ({ pageParam }) => fetchMappings(f, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
export const useMappings = (f: MappingFilters) => useInfiniteQuery(mappingsQueryOptions(f));

export const fetchMappingSummary = () => call(endpoints.productMappingSummary);
export const mappingSummaryQueryOptions = () => queryOptions({ queryKey: [...MAPPINGS_KEY, 'summary'], queryFn: fetchMappingSummary });
export const useMappingSummary = () => useQuery(mappingSummaryQueryOptions());

/** Every mapping query: a confirmation moves a row between tabs and changes the counts. */
const useInvalidate = () => {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: MAPPINGS_KEY });
};

/** The toast says how many mappings changed; a refusal is shown translated. */
function useMappingMutation<V>(mutationFn: (v: V) => Promise<{ created: number; updated: number; unchanged: number }>) {
  const invalidate = useInvalidate();
  const { t } = useTranslation();
  const message = useErrorMessage();
  return useMutation({
    mutationFn,
    onSuccess: (r) => {
      toast.success(t('productMapping.confirmed', { count: r.created + r.updated }));
      return invalidate();
    },
    onError: (err) => void toast.error(message(err)),
  });
}

export const useConfirmMappings = () => useMappingMutation((body: ConfirmMappingsBody) => call(endpoints.confirmProductMappings, { body }));
export const useAcceptSuggestions = () => useMappingMutation((body: AcceptSuggestionsBody) => call(endpoints.acceptMappingSuggestions, { body }));

export function useDeleteMapping() {
  const invalidate = useInvalidate();
  const { t } = useTranslation();
  const message = useErrorMessage();
  return useMutation({
    mutationFn: (id: string) => call(endpoints.deleteProductMapping, { params: { id } }),
    onSuccess: () => {
      toast.success(t('productMapping.deleted'));
      return invalidate();
    },
    onError: (err) => void toast.error(message(err)),
  });
}
