import { type CreateIntegrationBody, endpoints, isActiveSyncRun } from '@portal/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../lib/endpoint-client';

export const fetchIntegrations = () => call(endpoints.listIntegrations);
export const integrationsQueryOptions = () => queryOptions({ queryKey: ['integrations'], queryFn: fetchIntegrations });
export const useIntegrations = () => useQuery(integrationsQueryOptions());

export const fetchIntegration = (id: string) => call(endpoints.getIntegration, { params: { id } });
export const integrationQueryOptions = (id: string) => queryOptions({ queryKey: ['integrations', id], queryFn: () => fetchIntegration(id) });
export const useIntegration = (id: string) => useQuery(integrationQueryOptions(id));

export const fetchSyncRuns = (id: string) => call(endpoints.listSyncRuns, { params: { id }, query: { limit: 20 } });
export const syncRunsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['integrations', id, 'sync-runs'],
    queryFn: () => fetchSyncRuns(id),
    // While a sync is under way its progress is polled.
    refetchInterval: (q) => (q.state.data?.data.some((r) => isActiveSyncRun(r.status)) ? 1500 : false),
  });
export const useSyncRuns = (id: string) => useQuery(syncRunsQueryOptions(id));

export function useCreateIntegration() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateIntegrationBody) => call(endpoints.createIntegration, { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: integrationsQueryOptions().queryKey }),
  });
}

// The page only waits for these to finish (it refetches what changed), so their different answers are not kept apart.
const integrationAction = (id: string, action: 'sync' | 'disable' | 'enable' | 'delete'): Promise<unknown> => {
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
    mutationFn: (action: 'sync' | 'disable' | 'enable' | 'delete') => integrationAction(id, action),
    onSuccess: () => qc.invalidateQueries({ queryKey: integrationsQueryOptions().queryKey }),
  });
}
