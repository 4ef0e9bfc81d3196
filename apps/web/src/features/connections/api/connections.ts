import { type AcceptInviteBody, endpoints } from '@portal/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useErrorMessage } from '../../../components/ui/ui';
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

/** Toasts a failed action with the same translated message an ErrorAlert would show. */
function useErrorToast() {
  const message = useErrorMessage();
  return (err: unknown) => void toast.error(message(err));
}

export function useCreateInvite() {
  const qc = useQueryClient();
  const { t } = useTranslation();
  const onError = useErrorToast();
  return useMutation({
    mutationFn: () => call(endpoints.createInvite),
    onSuccess: () => {
      toast.success(t('connections.toastInviteCreated'));
      return qc.invalidateQueries({ queryKey: connectionsQueryOptions().queryKey });
    },
    onError,
  });
}

/** A pending invite's link again, to show and copy (its principal only). */
export function useInviteLink() {
  return useMutation({ mutationFn: (id: string) => call(endpoints.inviteLink, { params: { id } }), onError: useErrorToast() });
}

export function useConnectionAction() {
  const qc = useQueryClient();
  const { t } = useTranslation();
  const onError = useErrorToast();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'revoke' | 'cancel' }) =>
      call(action === 'revoke' ? endpoints.revokeConnection : endpoints.cancelInvite, { params: { id } }),
    onSuccess: (_, { action }) => {
      toast.success(t(action === 'revoke' ? 'connections.toastRevoked' : 'connections.toastInviteCancelled'));
      return qc.invalidateQueries({ queryKey: connectionsQueryOptions().queryKey });
    },
    onError,
  });
}

export function useAnswerInvite(token: string) {
  const qc = useQueryClient();
  const { t } = useTranslation();
  const onError = useErrorToast();
  return useMutation({
    mutationFn: ({ answer, body }: { answer: 'accept' | 'decline'; body?: AcceptInviteBody }) =>
      answer === 'accept' ? call(endpoints.acceptInvite, { params: { token }, body: body ?? {} }) : call(endpoints.declineInvite, { params: { token } }),
    onSuccess: (connection, { answer }) => {
      toast.success(t(answer === 'accept' ? 'connections.allowed' : 'connections.declined', { principal: connection.principal.name }));
      return qc.invalidateQueries({ queryKey: connectionsQueryOptions().queryKey });
    },
    onError,
  });
}
