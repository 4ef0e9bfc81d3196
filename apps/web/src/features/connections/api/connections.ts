import type { AcceptInviteBody, ConnectionHistory, ConnectionItem, Integration, InviteCreated, InvitePreview } from '@portal/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

type List<T> = { data: T[]; nextCursor: string | null; total?: number };

export const fetchConnections = () => api<List<ConnectionItem>>('/api/connections');
export const connectionsQueryOptions = () => queryOptions({ queryKey: ['connections'], queryFn: fetchConnections });
export const useConnections = () => useQuery(connectionsQueryOptions());

// Under ['connections'], so every mutation that invalidates the list refreshes the history too.
export const fetchConnectionHistory = () => api<ConnectionHistory>('/api/connections/history');
export const connectionHistoryQueryOptions = () => queryOptions({ queryKey: ['connections', 'history'], queryFn: fetchConnectionHistory });
export const useConnectionHistory = () => useQuery(connectionHistoryQueryOptions());

export const fetchInvite = (token: string) => api<InvitePreview>(`/api/invites/${token}`);
export const inviteQueryOptions = (token: string) => queryOptions({ queryKey: ['invites', token], queryFn: () => fetchInvite(token), retry: false });
export const useInvite = (token: string) => useQuery(inviteQueryOptions(token));

export const fetchOwnIntegrations = () => api<List<Integration>>('/api/integrations');
export const ownIntegrationsQueryOptions = () => queryOptions({ queryKey: ['integrations'], queryFn: fetchOwnIntegrations });
export const useOwnIntegrations = (enabled: boolean) => useQuery({ ...ownIntegrationsQueryOptions(), enabled });

export function useCreateInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<InviteCreated>('/api/connections/invites', { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: connectionsQueryOptions().queryKey }),
  });
}

export function useConnectionAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'revoke' | 'cancel' }) =>
      api<void>(action === 'revoke' ? `/api/connections/${id}/revoke` : `/api/connections/invites/${id}/cancel`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: connectionsQueryOptions().queryKey }),
  });
}

export function useAnswerInvite(token: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ answer, body }: { answer: 'accept' | 'decline'; body?: AcceptInviteBody }) =>
      api<ConnectionItem>(`/api/invites/${token}/${answer}`, { method: 'POST', ...(answer === 'accept' ? { body: body ?? {} } : {}) }),
    onSuccess: () => qc.invalidateQueries({ queryKey: connectionsQueryOptions().queryKey }),
  });
}
