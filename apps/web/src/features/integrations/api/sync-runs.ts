import { endpoints } from '@portal/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../lib/endpoint-client';
import { integrationQueryOptions, integrationsQueryOptions, syncRunsQueryOptions } from './integrations';

export const fetchQuarantine = (integrationId: string, runId: string) =>
  call(endpoints.listQuarantine, { params: { id: integrationId, runId }, query: { limit: 100 } });
export const quarantineQueryOptions = (integrationId: string, runId: string) =>
  queryOptions({ queryKey: ['integrations', integrationId, 'sync-runs', runId, 'quarantine'], queryFn: () => fetchQuarantine(integrationId, runId) });
export const useQuarantine = (integrationId: string, runId: string) => useQuery(quarantineQueryOptions(integrationId, runId));

/** Retries a FAILED run: a new run of the same type that resumes from the last committed page. */
export function useRetrySyncRun(integrationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (runId: string) => call(endpoints.retrySyncRun, { params: { id: integrationId, runId } }),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: syncRunsQueryOptions(integrationId).queryKey }),
        qc.invalidateQueries({ queryKey: integrationQueryOptions(integrationId).queryKey }),
        qc.invalidateQueries({ queryKey: integrationsQueryOptions().queryKey, exact: true }),
      ]),
  });
}
