import { endpoints, type LoginBody, type RegisterBody } from '@portal/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../lib/endpoint-client';
import { meQueryOptions } from '../../../lib/session';

export const login = (body: LoginBody) => call(endpoints.login, { body });
export const register = (body: RegisterBody) => call(endpoints.register, { body });

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: login, onSuccess: (me) => qc.setQueryData(meQueryOptions().queryKey, me) });
}

export function useRegister() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: register, onSuccess: (me) => qc.setQueryData(meQueryOptions().queryKey, me) });
}
