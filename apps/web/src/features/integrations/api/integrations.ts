import type { CreateIntegrationBody, CreateIntegrationResponse, Integration, ModelTemplate, SyncRun } from '@portal/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

type List<T> = { data: T[]; nextCursor: string | null; total?: number };

export const fetchIntegrations = () => api<List<Integration>>('/api/integrations');
export const integrationsQueryOptions = () => queryOptions({ queryKey: ['integrations'], queryFn: fetchIntegrations });
export const useIntegrations = () => useQuery(integrationsQueryOptions());

export const fetchIntegration = (id: string) => api<Integration>(`/api/integrations/${id}`);
export const integrationQueryOptions = (id: string) => queryOptions({ queryKey: ['integrations', id], queryFn: () => fetchIntegration(id) });
export const useIntegration = (id: string) => useQuery(integrationQueryOptions(id));

export const fetchSyncRuns = (id: string) => api<List<SyncRun>>(`/api/integrations/${id}/sync-runs`, { query: { limit: 20 } });
export const syncRunsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['integrations', id, 'sync-runs'],
    queryFn: () => fetchSyncRuns(id),
    // While a sync is under way its progress is polled.
    refetchInterval: (q) => (q.state.data?.data.some((r) => r.status === 'QUEUED' || r.status === 'RUNNING') ? 1500 : false),
  });
export const useSyncRuns = (id: string) => useQuery(syncRunsQueryOptions(id));

export const fetchTemplates = (id: string) => api<{ data: ModelTemplate[] }>(`/api/integrations/${id}/model-templates`);
export const templatesQueryOptions = (id: string) => queryOptions({ queryKey: ['integrations', id, 'model-templates'], queryFn: () => fetchTemplates(id) });
export const useTemplates = (id: string) => useQuery(templatesQueryOptions(id));

export function useCreateIntegration() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateIntegrationBody) => api<CreateIntegrationResponse>('/api/integrations', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: integrationsQueryOptions().queryKey }),
  });
}

export function useIntegrationAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: 'sync' | 'disable' | 'enable' | 'delete') =>
      action === 'delete'
        ? api<void>(`/api/integrations/${id}`, { method: 'DELETE' })
        : api<unknown>(`/api/integrations/${id}/${action}`, { method: 'POST', ...(action === 'sync' ? { body: { mode: 'incremental' } } : {}) }),
    onSuccess: () => qc.invalidateQueries({ queryKey: integrationsQueryOptions().queryKey }),
  });
}
