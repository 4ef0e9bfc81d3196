import { type AcceptInviteBody, endpoints } from '@portal/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../lib/endpoint-client';

export const fetchConnections = () => call(endpoints.listConnections);
export const connectionsQueryOptions = () => queryOptions({ queryKey: ['connections'], queryFn: fetchConnections });
export const useConnections = () => useQuery(connectionsQueryOptions());

// Under ['connections'], so every mutation that invalidates the list refreshes the history too.
export const fetchConnectionHistory = () => call(endpoints.connectionHistory);
export const connectionHistoryQueryOptions = () => queryOptions({ queryKey: ['connections', 'history'], queryFn: fetchConnectionHistory });
export const useConnectionHistory = () => useQuery(connectionHistoryQueryOptions());

export const fetchInvite = (token: string) => call(endpoints.previewInvite, { params: { token } });
export const inviteQueryOptions = (token: string) => queryOptions({ queryKey: ['invites', token], queryFn: () => fetchInvite(token), retry: false });
export const useInvite = (token: string) => useQuery(inviteQueryOptions(token));

export const fetchOwnIntegrations = () => call(endpoints.listIntegrations);
export const ownIntegrationsQueryOptions = () => queryOptions({ queryKey: ['integrations'], queryFn: fetchOwnIntegrations });
export const useOwnIntegrations = (enabled: boolean) => useQuery({ ...ownIntegrationsQueryOptions(), enabled });

export function useCreateInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(endpoints.createInvite),
    onSuccess: () => qc.invalidateQueries({ queryKey: connectionsQueryOptions().queryKey }),
  });
}

export function useConnectionAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'revoke' | 'cancel' }) =>
      call(action === 'revoke' ? endpoints.revokeConnection : endpoints.cancelInvite, { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: connectionsQueryOptions().queryKey }),
  });
}

export function useAnswerInvite(token: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ answer, body }: { answer: 'accept' | 'decline'; body?: AcceptInviteBody }) =>
      answer === 'accept' ? call(endpoints.acceptInvite, { params: { token }, body: body ?? {} }) : call(endpoints.declineInvite, { params: { token } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: connectionsQueryOptions().queryKey }),
  });
}
