import { endpoints, type MeResponse } from '@portal/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError } from './api-client';
import { call } from './endpoint-client';

/** The signed-in user and organisation; null when signed out. Shared by every feature. */
export const fetchMe = async (): Promise<MeResponse | null> => {
  try {
    return await call(endpoints.me);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
};

export const meQueryOptions = () => queryOptions({ queryKey: ['auth', 'me'], queryFn: fetchMe, staleTime: 60_000 });
export const useMe = () => useQuery(meQueryOptions());
