import { endpoints, type SapConnection, sapTestResponse, type SapTestResponse } from '@portal/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../../lib/api-client';
import { call } from '../../../lib/endpoint-client';
import { integrationQueryOptions, integrationsQueryOptions } from './integrations';

/** Tests a connection without storing anything: what each service answered and the fields it has. */
export const testSapConnection = (sap: SapConnection) => call(endpoints.testSapConnection, { body: { sap } });
export const useTestSapConnection = () => useMutation({ mutationFn: testSapConnection });

/** Replaces an integration's connection and credentials once they pass the same test (422 with the report otherwise). */
export const replaceSapCredentials = (id: string, sap: SapConnection) => call(endpoints.replaceSapCredentials, { params: { id }, body: { sap } });
export function useReplaceSapCredentials(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (sap: SapConnection) => replaceSapCredentials(id, sap),
    // ERROR → ACTIVE: the integration, its runs and schedule change with it.
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: integrationQueryOptions(id).queryKey }),
        qc.invalidateQueries({ queryKey: integrationsQueryOptions().queryKey, exact: true }),
      ]),
  });
}

/** The per-service report a refused save carries (422 SAP_TEST_FAILED's details); null for any other failure. */
export function sapReportOf(err: unknown): SapTestResponse | null {
  if (!(err instanceof ApiError) || err.code !== 'SAP_TEST_FAILED') return null;
  const parsed = sapTestResponse.safeParse(err.details);
  return parsed.success ? parsed.data : null;
}
