import type { ModelTemplateDetail, ModelTemplateRules, TemplatePreview } from '@portal/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { syncRunsQueryOptions, templatesQueryOptions } from './integrations';

export const fetchModelTemplate = (id: string) => api<ModelTemplateDetail>(`/api/model-templates/${id}`);
export const modelTemplateQueryOptions = (id: string) => queryOptions({ queryKey: ['model-templates', id], queryFn: () => fetchModelTemplate(id) });
export const useModelTemplate = (id: string, enabled = true) => useQuery({ ...modelTemplateQueryOptions(id), enabled });

/** Maps live DMS records with unsaved rules; nothing is stored, so nothing is invalidated. */
export function usePreviewTemplate(id: string) {
  return useMutation({
    mutationFn: (rules: ModelTemplateRules) => api<TemplatePreview>(`/api/model-templates/${id}/preview`, { method: 'POST', body: { rules, limit: 5 } }),
  });
}

export function useSaveTemplateVersion(id: string, integrationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { basedOnVersion: number; rules: ModelTemplateRules }) =>
      api<ModelTemplateDetail>(`/api/model-templates/${id}/versions`, { method: 'POST', body }),
    onSuccess: async (saved) => {
      qc.setQueryData(modelTemplateQueryOptions(saved.id).queryKey, saved);
      await Promise.all([
        qc.invalidateQueries({ queryKey: modelTemplateQueryOptions(id).queryKey }),
        qc.invalidateQueries({ queryKey: templatesQueryOptions(integrationId).queryKey }),
      ]);
    },
  });
}

export function useReconsolidate(id: string, integrationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ queued: { syncRunId: string }[]; alreadyRunning: string[] }>(`/api/model-templates/${id}/reconsolidate`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: syncRunsQueryOptions(integrationId).queryKey }),
  });
}
