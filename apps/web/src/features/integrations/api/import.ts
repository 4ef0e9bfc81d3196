import { type ImportResult, importResult } from '@portal/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, parseError } from '../../../lib/api-client';
import { integrationQueryOptions, integrationsQueryOptions } from './integrations';

/** Multipart upload (the JSON fetch wrapper cannot send files); errors use the same envelope. */
export async function importDocuments(integrationId: string, file: File): Promise<ImportResult> {
  const form = new FormData();
  form.append('file', file);
  let res: Response;
  try {
    res = await fetch(`/api/integrations/${integrationId}/import`, { method: 'POST', credentials: 'same-origin', body: form });
  } catch {
    throw new ApiError(0, 'NETWORK', 'network error');
  }
  if (!res.ok) throw await parseError(res);
  return importResult.parse(await res.json());
}

export const importTemplateUrl = (format: 'csv' | 'xlsx') => `/api/integrations/import-template?format=${format}`;

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
