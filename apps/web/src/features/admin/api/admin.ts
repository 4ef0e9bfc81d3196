import { type AdminIntegration, type AdminIntegrationsQuery, endpoints } from '@portal/contracts';
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { liveRefetchInterval } from '../../../components/live-refresh';
import { call } from '../../../lib/endpoint-client';

/** The admin list's filters (search, state, kind, distributor); pages are the query's own. */
export type AdminIntegrationFilters = Omit<AdminIntegrationsQuery, 'limit' | 'cursor'>;

const PAGE_SIZE = 25;

export const fetchAdminIntegrations = (f: AdminIntegrationFilters, cursor?: string) =>
  call(endpoints.adminListIntegrations, { query: { ...f, limit: PAGE_SIZE, cursor } });
export const adminIntegrationsQueryOptions = (f: AdminIntegrationFilters) =>
  infiniteQueryOptions({
    queryKey: ['admin', 'integrations', 'list', f],
    queryFn: ({ pageParam }) => fetchAdminIntegrations(f, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Keys set meanwhile, first syncs finishing: the rows shown follow on their own.
    refetchInterval: (q) => liveRefetchInterval({ integrations: q.state.data?.pages.flatMap((p) => p.data) }),
  });
export const useAdminIntegrations = (f: AdminIntegrationFilters) => useInfiniteQuery(adminIntegrationsQueryOptions(f));

export const fetchAdminIntegration = (id: string) => call(endpoints.adminGetIntegration, { params: { id } });
export const adminIntegrationQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['admin', 'integrations', id],
    queryFn: () => fetchAdminIntegration(id),
    refetchInterval: (q) => liveRefetchInterval({ integrations: [q.state.data] }),
  });
export const useAdminIntegration = (id: string) => useQuery(adminIntegrationQueryOptions(id));

export function useSetAccessKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, accessKey }: { id: string; accessKey: string }) => call(endpoints.adminSetAccessKey, { params: { id }, body: { accessKey } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'integrations'] }),
  });
}

export const fetchAdminSyncRuns = (integrationId: string) => call(endpoints.adminListSyncRuns, { params: { id: integrationId }, query: { limit: 20 } });
export const adminSyncRunsQueryOptions = (integrationId: string) =>
  queryOptions({ queryKey: ['admin', 'integrations', integrationId, 'sync-runs'], queryFn: () => fetchAdminSyncRuns(integrationId) });
/** Polled while a run is under way, or the integration waits for its key or first sync. */
export const useAdminSyncRuns = (integration: AdminIntegration) =>
  useQuery({
    ...adminSyncRunsQueryOptions(integration.id),
    refetchInterval: (q) => liveRefetchInterval({ runs: q.state.data?.data, integrations: [integration] }),
  });

/** Retries a FAILED run of any distributor (platform admins). */
export function useAdminRetrySyncRun(integrationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (runId: string) => call(endpoints.adminRetrySyncRun, { params: { id: integrationId, runId } }),
    // The run list, the integration and the lists it is in.
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'integrations'] }),
  });
}
