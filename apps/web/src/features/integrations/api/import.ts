import { endpoints } from '@portal/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call, endpointUrl } from '../../../lib/endpoint-client';
import { integrationQueryOptions, integrationsQueryOptions } from './integrations';

/** Multipart upload of one CSV or XLSX file (field `file`); errors use the same envelope as JSON calls. */
export function importDocuments(integrationId: string, file: File) {
  const form = new FormData();
  form.append('file', file);
  return call(endpoints.importDocuments, { params: { id: integrationId }, form });
}

export const importTemplateUrl = (format: 'csv' | 'xlsx') => endpointUrl(endpoints.importTemplate, { query: { format } });

export function useImportDocuments(integrationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => importDocuments(integrationId, file),
    // Counts and last sync change; documents lists are refetched when opened.
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: integrationQueryOptions(integrationId).queryKey }),
        qc.invalidateQueries({ queryKey: integrationsQueryOptions().queryKey }),
      ]),
  });
}
