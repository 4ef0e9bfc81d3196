import type { AdminIntegration, SyncRun } from '@portal/contracts';
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

export const fetchAdminSyncRuns = (integrationId: string) => api<List<SyncRun>>(`/api/admin/integrations/${integrationId}/sync-runs`, { query: { limit: 10 } });
export const adminSyncRunsQueryOptions = (integrationId: string) =>
  queryOptions({
    queryKey: ['admin', 'integrations', integrationId, 'sync-runs'],
    queryFn: () => fetchAdminSyncRuns(integrationId),
    // While a sync is under way its progress is polled.
    refetchInterval: (q) => (q.state.data?.data.some((r) => r.status === 'QUEUED' || r.status === 'RUNNING') ? 1500 : false),
  });
export const useAdminSyncRuns = (integrationId: string) => useQuery(adminSyncRunsQueryOptions(integrationId));

/** Retries a FAILED run of any distributor (platform admins). */
export function useAdminRetrySyncRun(integrationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (runId: string) =>
      api<{ queued: { syncRunId: string }[]; alreadyRunning: string[] }>(`/api/admin/integrations/${integrationId}/sync-runs/${runId}/retry`, { method: 'POST' }),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: adminSyncRunsQueryOptions(integrationId).queryKey }),
        qc.invalidateQueries({ queryKey: adminIntegrationsQueryOptions().queryKey }),
      ]),
  });
}
