import { type AcceptMemberInviteBody, type CreateMemberInviteBody, endpoints, type MembershipRole } from '@portal/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useErrorMessage } from '../../../components/ui/ui';
import { call } from '../../../lib/endpoint-client';
import { meQueryOptions } from '../../../lib/session';

export const fetchMembers = () => call(endpoints.listMembers);
export const membersQueryOptions = () => queryOptions({ queryKey: ['members'], queryFn: fetchMembers });
export const useMembers = () => useQuery(membersQueryOptions());

// Under ['members'], so every member mutation refreshes both lists.
export const fetchMemberInvites = () => call(endpoints.listMemberInvites);
export const memberInvitesQueryOptions = () => queryOptions({ queryKey: ['members', 'invites'], queryFn: fetchMemberInvites });
export const useMemberInvites = (enabled: boolean) => useQuery({ ...memberInvitesQueryOptions(), enabled });

export const fetchMemberInvite = (token: string) => call(endpoints.previewMemberInvite, { params: { token } });
export const memberInviteQueryOptions = (token: string) =>
  queryOptions({ queryKey: ['member-invites', token], queryFn: () => fetchMemberInvite(token), retry: false });
export const useMemberInvite = (token: string) => useQuery(memberInviteQueryOptions(token));

function useErrorToast() {
  const message = useErrorMessage();
  return (err: unknown) => void toast.error(message(err));
}

function useInvalidateMembers() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['members'] });
}

export function useInviteMember() {
  const invalidate = useInvalidateMembers();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: (body: CreateMemberInviteBody) => call(endpoints.createMemberInvite, { body }),
    onSuccess: (invite) => {
      toast.success(t('team.invited', { email: invite.email }));
      return invalidate();
    },
    onError: useErrorToast(),
  });
}

export function useCancelMemberInvite() {
  const invalidate = useInvalidateMembers();
  return useMutation({ mutationFn: (id: string) => call(endpoints.cancelMemberInvite, { params: { id } }), onSuccess: invalidate, onError: useErrorToast() });
}

export function useChangeMemberRole() {
  const invalidate = useInvalidateMembers();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: ({ id, role }: { id: string; role: MembershipRole }) => call(endpoints.changeMemberRole, { params: { id }, body: { role } }),
    onSuccess: (m) => {
      toast.success(t('team.roleChanged', { name: m.name, role: t(`roles.${m.role}`) }));
      return invalidate();
    },
    onError: useErrorToast(),
  });
}

export function useRemoveMember() {
  const invalidate = useInvalidateMembers();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: ({ id }: { id: string; name: string }) => call(endpoints.removeMember, { params: { id } }),
    onSuccess: (_, { name }) => {
      toast.success(t('team.removed', { name }));
      return invalidate();
    },
    onError: useErrorToast(),
  });
}

/** Joining signs the new member in: the session query takes the answer at once. */
export function useAcceptMemberInvite(token: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AcceptMemberInviteBody) => call(endpoints.acceptMemberInvite, { params: { token }, body }),
    onSuccess: (me) => qc.setQueryData(meQueryOptions().queryKey, me),
  });
}
