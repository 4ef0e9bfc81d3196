import { endpoints, type ModelTemplateRules } from '@portal/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../lib/endpoint-client';

export const fetchTemplates = (integrationId: string) => call(endpoints.listModelTemplates, { params: { id: integrationId } });
// Under the integration's key, so whatever refreshes the integration (enable, disable, a new AccessKey) refreshes its templates too.
export const templatesQueryOptions = (integrationId: string) =>
  queryOptions({ queryKey: ['integrations', integrationId, 'model-templates'], queryFn: () => fetchTemplates(integrationId) });
export const useTemplates = (integrationId: string) => useQuery(templatesQueryOptions(integrationId));

export const fetchModelTemplate = (id: string) => call(endpoints.getModelTemplate, { params: { id } });
export const modelTemplateQueryOptions = (id: string) => queryOptions({ queryKey: ['model-templates', id], queryFn: () => fetchModelTemplate(id) });
export const useModelTemplate = (id: string, enabled = true) => useQuery({ ...modelTemplateQueryOptions(id), enabled });

/** Maps live DMS records with unsaved rules; nothing is stored, so nothing is invalidated. */
export function usePreviewTemplate(id: string) {
  return useMutation({
    mutationFn: (rules: ModelTemplateRules) => call(endpoints.previewModelTemplate, { params: { id }, body: { rules, limit: 5 } }),
  });
}

export function useSaveTemplateVersion(id: string, integrationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { basedOnVersion: number; rules: ModelTemplateRules }) => call(endpoints.saveModelTemplateVersion, { params: { id }, body }),
    onSuccess: async (saved) => {
      qc.setQueryData(modelTemplateQueryOptions(saved.id).queryKey, saved);
      await Promise.all([
        qc.invalidateQueries({ queryKey: modelTemplateQueryOptions(id).queryKey }),
        qc.invalidateQueries({ queryKey: templatesQueryOptions(integrationId).queryKey }),
      ]);
    },
  });
}

/** Queues a full re-sync of the template's type; `onRunsQueued` lets the page that lists the runs refresh them. */
export function useReconsolidate(id: string, onRunsQueued: () => Promise<void>) {
  return useMutation({
    mutationFn: () => call(endpoints.reconsolidateModelTemplate, { params: { id } }),
    onSuccess: onRunsQueued,
  });
}
