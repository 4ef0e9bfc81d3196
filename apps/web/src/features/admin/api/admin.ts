import { endpoints, isActiveSyncRun } from '@portal/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../lib/endpoint-client';

export const fetchAdminIntegrations = (kind?: 'DMS') => call(endpoints.adminListIntegrations, { query: { kind } });
export const adminIntegrationsQueryOptions = (kind?: 'DMS') =>
  queryOptions({ queryKey: ['admin', 'integrations', kind ?? 'all'], queryFn: () => fetchAdminIntegrations(kind), refetchInterval: 5000 });
export const useAdminIntegrations = (kind?: 'DMS') => useQuery(adminIntegrationsQueryOptions(kind));

export function useSetAccessKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, accessKey }: { id: string; accessKey: string }) => call(endpoints.adminSetAccessKey, { params: { id }, body: { accessKey } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'integrations'] }),
  });
}

export const fetchAdminSyncRuns = (integrationId: string) => call(endpoints.adminListSyncRuns, { params: { id: integrationId }, query: { limit: 10 } });
export const adminSyncRunsQueryOptions = (integrationId: string) =>
  queryOptions({
    queryKey: ['admin', 'integrations', integrationId, 'sync-runs'],
    queryFn: () => fetchAdminSyncRuns(integrationId),
    // While a sync is under way its progress is polled.
    refetchInterval: (q) => (q.state.data?.data.some((r) => isActiveSyncRun(r.status)) ? 1500 : false),
  });
export const useAdminSyncRuns = (integrationId: string) => useQuery(adminSyncRunsQueryOptions(integrationId));

/** Retries a FAILED run of any distributor (platform admins). */
export function useAdminRetrySyncRun(integrationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (runId: string) => call(endpoints.adminRetrySyncRun, { params: { id: integrationId, runId } }),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: adminSyncRunsQueryOptions(integrationId).queryKey }),
        qc.invalidateQueries({ queryKey: adminIntegrationsQueryOptions().queryKey }),
      ]),
  });
}
