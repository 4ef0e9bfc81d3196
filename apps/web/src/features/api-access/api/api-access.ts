import { type CreateApiKeyBody, type CreateOAuthClientBody, endpoints } from '@portal/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useErrorMessage } from '../../../components/ui/ui';
import { call } from '../../../lib/endpoint-client';

export const fetchApiKeys = () => call(endpoints.listApiKeys);
export const apiKeysQueryOptions = () => queryOptions({ queryKey: ['api-keys'], queryFn: fetchApiKeys });
export const useApiKeys = () => useQuery(apiKeysQueryOptions());

export const fetchOAuthClients = () => call(endpoints.listOAuthClients);
export const oauthClientsQueryOptions = () => queryOptions({ queryKey: ['oauth-clients'], queryFn: fetchOAuthClients });
export const useOAuthClients = () => useQuery(oauthClientsQueryOptions());

function useErrorToast() {
  const message = useErrorMessage();
  return (err: unknown) => void toast.error(message(err));
}

/** The answer holds the whole key: the caller shows it once and forgets it. */
export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiKeyBody) => call(endpoints.createApiKey, { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: apiKeysQueryOptions().queryKey }),
    onError: useErrorToast(),
  });
}

export function useRevokeApiKey() {
  const qc = useQueryClient();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: (id: string) => call(endpoints.revokeApiKey, { params: { id } }),
    onSuccess: () => {
      toast.success(t('apiAccess.keyRevoked'));
      return qc.invalidateQueries({ queryKey: apiKeysQueryOptions().queryKey });
    },
    onError: useErrorToast(),
  });
}

/** The answer holds the client secret: the caller shows it once and forgets it. */
export function useCreateOAuthClient() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateOAuthClientBody) => call(endpoints.createOAuthClient, { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: oauthClientsQueryOptions().queryKey }),
    onError: useErrorToast(),
  });
}

export function useRevokeOAuthClient() {
  const qc = useQueryClient();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: (id: string) => call(endpoints.revokeOAuthClient, { params: { id } }),
    onSuccess: () => {
      toast.success(t('apiAccess.clientRevoked'));
      return qc.invalidateQueries({ queryKey: oauthClientsQueryOptions().queryKey });
    },
    onError: useErrorToast(),
  });
}
