import { endpoints, type NotificationPreferences } from '@portal/contracts';
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useErrorMessage } from '../../../components/ui/ui';
import { call } from '../../../lib/endpoint-client';

const PAGE_SIZE = 20;
// The bell's badge: often enough that a failure shows within the minute, cheap (one indexed count).
const UNREAD_REFETCH_MS = 30_000;

const ALL = ['notifications'] as const;

export const fetchUnreadCount = () => call(endpoints.notificationsUnreadCount);
export const unreadCountQueryOptions = () =>
  queryOptions({ queryKey: [...ALL, 'unread-count'], queryFn: fetchUnreadCount, refetchInterval: UNREAD_REFETCH_MS, refetchOnWindowFocus: true });
export const useUnreadCount = () => useQuery(unreadCountQueryOptions());

export const fetchNotifications = (cursor?: string) => call(endpoints.listNotifications, { query: { limit: PAGE_SIZE, cursor } });
export const notificationsQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: [...ALL, 'list'],
    queryFn: ({ pageParam }) => fetchNotifications(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
/** Fetched while the panel is open (opening it refetches). */
export const useNotifications = (enabled: boolean) => useInfiniteQuery({ ...notificationsQueryOptions(), enabled });

export const fetchPreferences = () => call(endpoints.getNotificationPreferences);
export const preferencesQueryOptions = () => queryOptions({ queryKey: [...ALL, 'preferences'], queryFn: fetchPreferences });
export const usePreferences = () => useQuery(preferencesQueryOptions());

function useErrorToast() {
  const message = useErrorMessage();
  return (err: unknown) => void toast.error(message(err));
}

/** The list and the badge both change: refetch everything under `notifications` but the preferences. */
function useRefreshNotifications() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ALL, predicate: (q) => q.queryKey[1] !== 'preferences' });
}

/** Shown read at once (the list and the badge), before the server confirms; the refetch afterwards settles it either way. */
export function useMarkRead() {
  const qc = useQueryClient();
  const refresh = useRefreshNotifications();
  return useMutation({
    mutationFn: (id: string) => call(endpoints.markNotificationRead, { params: { id } }),
    onMutate: (id: string) => {
      const readAt = new Date().toISOString();
      qc.setQueryData(notificationsQueryOptions().queryKey, (list) =>
        list ? { ...list, pages: list.pages.map((p) => ({ ...p, data: p.data.map((n) => (n.id === id ? { ...n, readAt } : n)) })) } : list,
      );
      qc.setQueryData(unreadCountQueryOptions().queryKey, (c) => (c ? { unread: Math.max(0, c.unread - 1) } : c));
    },
    onSettled: refresh,
    onError: useErrorToast(),
  });
}

export function useMarkAllRead() {
  const refresh = useRefreshNotifications();
  return useMutation({ mutationFn: () => call(endpoints.markAllNotificationsRead), onSuccess: refresh, onError: useErrorToast() });
}

export function useUpdatePreferences() {
  const qc = useQueryClient();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: (email: Partial<NotificationPreferences['email']>) => call(endpoints.updateNotificationPreferences, { body: { email } }),
    onSuccess: (prefs) => {
      qc.setQueryData(preferencesQueryOptions().queryKey, prefs);
      toast.success(t('notifications.settingsSaved'));
    },
    onError: useErrorToast(),
  });
}
