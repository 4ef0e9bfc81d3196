import {
  type ChangePasswordBody,
  endpoints,
  type LoginBody,
  type PasswordResetConfirmBody,
  type PasswordResetRequestBody,
  type RegisterBody,
} from '@portal/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../lib/endpoint-client';
import i18n from '../../../lib/i18n';
import { meQueryOptions } from '../../../lib/session';

export const login = (body: LoginBody) => call(endpoints.login, { body });
export const register = (body: RegisterBody) => call(endpoints.register, { body });

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: async (me) => {
      // The language follows the account from browser to browser: the one the user last chose while signed in.
      await i18n.changeLanguage(me.user.locale);
      qc.setQueryData(meQueryOptions().queryKey, me);
    },
  });
}

export function useRegister() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: register, onSuccess: (me) => qc.setQueryData(meQueryOptions().queryKey, me) });
}

export const requestPasswordReset = (body: PasswordResetRequestBody) => call(endpoints.requestPasswordReset, { body });
export const confirmPasswordReset = (body: PasswordResetConfirmBody) => call(endpoints.confirmPasswordReset, { body });
export const changePassword = (body: ChangePasswordBody) => call(endpoints.changePassword, { body });

export const useRequestPasswordReset = () => useMutation({ mutationFn: requestPasswordReset });

/** A reset ends every session of the user, this browser's too. */
export function useConfirmPasswordReset() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: confirmPasswordReset, onSuccess: () => qc.setQueryData(meQueryOptions().queryKey, null) });
}

export const useChangePassword = () => useMutation({ mutationFn: changePassword });
