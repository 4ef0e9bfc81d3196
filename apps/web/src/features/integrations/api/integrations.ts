import { type CreateIntegrationBody, endpoints, type Integration } from '@portal/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { liveRefetchInterval } from '../../../components/live-refresh';
import { call } from '../../../lib/endpoint-client';

export const fetchIntegrations = () => call(endpoints.listIntegrations);
export const integrationsQueryOptions = () =>
  queryOptions({
    queryKey: ['integrations'],
    queryFn: fetchIntegrations,
    // An AccessKey set by the admin, a first sync finishing: the list follows on its own.
    refetchInterval: (q) => liveRefetchInterval({ integrations: q.state.data?.data }),
  });
export const useIntegrations = () => useQuery(integrationsQueryOptions());

export const fetchIntegration = (id: string) => call(endpoints.getIntegration, { params: { id } });
export const integrationQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['integrations', id],
    queryFn: () => fetchIntegration(id),
    refetchInterval: (q) => liveRefetchInterval({ integrations: [q.state.data] }),
  });
export const useIntegration = (id: string) => useQuery(integrationQueryOptions(id));

export const fetchSyncRuns = (id: string) => call(endpoints.listSyncRuns, { params: { id }, query: { limit: 20 } });
export const syncRunsQueryOptions = (id: string) => queryOptions({ queryKey: ['integrations', id, 'sync-runs'], queryFn: () => fetchSyncRuns(id) });
/**
 * The integration's runs, polled while one is under way, and while the
 * integration waits for its key or first sync, so the first runs appear
 * without a reload.
 */
export const useSyncRuns = (id: string, integration: Integration | undefined) =>
  useQuery({ ...syncRunsQueryOptions(id), refetchInterval: (q) => liveRefetchInterval({ runs: q.state.data?.data, integrations: [integration] }) });

export const fetchSyncSchedule = (id: string) => call(endpoints.getSyncSchedule, { params: { id } });
export const syncScheduleQueryOptions = (id: string) => queryOptions({ queryKey: ['integrations', id, 'sync-schedule'], queryFn: () => fetchSyncSchedule(id) });
export const useSyncSchedule = (id: string, enabled: boolean) => useQuery({ ...syncScheduleQueryOptions(id), enabled });

export function useCreateIntegration() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateIntegrationBody) => call(endpoints.createIntegration, { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: integrationsQueryOptions().queryKey }),
  });
}

export function useRenameIntegration(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => call(endpoints.renameIntegration, { params: { id }, body: { name } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: integrationsQueryOptions().queryKey }),
  });
}

export type IntegrationAction = 'sync' | 'disable' | 'enable' | 'delete';

// The page only waits for these to finish (it refetches what changed), so their different answers are not kept apart.
const integrationAction = (id: string, action: IntegrationAction): Promise<unknown> => {
  const params = { id };
  switch (action) {
    case 'sync':
      return call(endpoints.syncIntegration, { params, body: { mode: 'incremental' } });
    case 'disable':
      return call(endpoints.disableIntegration, { params });
    case 'enable':
      return call(endpoints.enableIntegration, { params });
    case 'delete':
      return call(endpoints.deleteIntegration, { params });
  }
};

export function useIntegrationAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: IntegrationAction) => integrationAction(id, action),
    // A deleted integration is not refetched (its page is left); everything else about it is.
    onSuccess: (_, action) =>
      action === 'delete'
        ? qc.invalidateQueries({ queryKey: integrationsQueryOptions().queryKey, exact: true })
        : qc.invalidateQueries({ queryKey: integrationsQueryOptions().queryKey }),
  });
}
