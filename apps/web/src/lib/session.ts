import { endpoints, type MailLocale } from '@portal/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from './endpoint-client';

/** The signed-in user and organisation; null when signed out (the API answers so, no 401). Shared by every feature. */
export const fetchMe = () => call(endpoints.me);

export const meQueryOptions = () => queryOptions({ queryKey: ['auth', 'me'], queryFn: fetchMe, staleTime: 60_000 });
export const useMe = () => useQuery(meQueryOptions());

/** Saves the signed-in user's language to the account: their next sign-in, in any browser, and their mail follow it. */
export function useSaveLocale() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (locale: MailLocale) => call(endpoints.setLocale, { body: { locale } }),
    onSuccess: (_, locale) => qc.setQueryData(meQueryOptions().queryKey, (me) => me && { ...me, user: { ...me.user, locale } }),
  });
}
