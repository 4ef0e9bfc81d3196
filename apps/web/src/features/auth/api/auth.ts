import type { LoginBody, MeResponse, RegisterBody } from '@portal/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { meQueryOptions } from '../../../lib/session';

export const login = (body: LoginBody) => api<MeResponse>('/api/auth/login', { method: 'POST', body });
export const register = (body: RegisterBody) => api<MeResponse>('/api/auth/register', { method: 'POST', body });

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: login, onSuccess: (me) => qc.setQueryData(meQueryOptions().queryKey, me) });
}

export function useRegister() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: register, onSuccess: (me) => qc.setQueryData(meQueryOptions().queryKey, me) });
}
