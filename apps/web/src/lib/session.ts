import { endpoints } from '@portal/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { call } from './endpoint-client';

/** The signed-in user and organisation; null when signed out (the API answers so, no 401). Shared by every feature. */
export const fetchMe = () => call(endpoints.me);

export const meQueryOptions = () => queryOptions({ queryKey: ['auth', 'me'], queryFn: fetchMe, staleTime: 60_000 });
export const useMe = () => useQuery(meQueryOptions());
