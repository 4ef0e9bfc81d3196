import { endpoints } from '@portal/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../lib/endpoint-client';

export const fetchIngestionKey = (id: string) => call(endpoints.getIngestionKey, { params: { id } });
export const ingestionKeyQueryOptions = (id: string) => queryOptions({ queryKey: ['integrations', id, 'api-key'], queryFn: () => fetchIngestionKey(id) });
export const useIngestionKey = (id: string) => useQuery(ingestionKeyQueryOptions(id));

/** Revokes the key in use and issues a new one; the answer holds the whole key, shown once. */
export function useRollIngestionKey(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(endpoints.rollIngestionKey, { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ingestionKeyQueryOptions(id).queryKey }),
  });
}

export function useRevokeIngestionKey(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(endpoints.revokeIngestionKey, { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ingestionKeyQueryOptions(id).queryKey }),
  });
}
