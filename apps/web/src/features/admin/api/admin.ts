import type { AdminIntegration } from '@portal/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

type List<T> = { data: T[]; nextCursor: string | null; total?: number };

export const fetchAdminIntegrations = (kind?: 'DMS') => api<List<AdminIntegration>>('/api/admin/integrations', { query: { kind } });
export const adminIntegrationsQueryOptions = (kind?: 'DMS') =>
  queryOptions({ queryKey: ['admin', 'integrations', kind ?? 'all'], queryFn: () => fetchAdminIntegrations(kind), refetchInterval: 5000 });
export const useAdminIntegrations = (kind?: 'DMS') => useQuery(adminIntegrationsQueryOptions(kind));

export function useSetAccessKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, accessKey }: { id: string; accessKey: string }) => api<AdminIntegration>(`/api/admin/integrations/${id}/access-key`, { method: 'PUT', body: { accessKey } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'integrations'] }),
  });
}
