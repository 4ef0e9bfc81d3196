import { type CreateWebhookEndpointBody, endpoints, type UpdateWebhookEndpointBody, type WebhookMessageStatus } from '@portal/contracts';
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { liveRefetchInterval } from '../../../components/live-refresh';
import { useErrorMessage } from '../../../components/ui/ui';
import { call } from '../../../lib/endpoint-client';

const PAGE_SIZE = 50;
const ENDPOINTS_KEY = ['webhook-endpoints'] as const;

export const fetchWebhookEndpoints = () => call(endpoints.listWebhookEndpoints);
export const webhookEndpointsQueryOptions = () => queryOptions({ queryKey: ENDPOINTS_KEY, queryFn: fetchWebhookEndpoints });
export const useWebhookEndpoints = () => useQuery(webhookEndpointsQueryOptions());

export const fetchWebhookEndpoint = (id: string) => call(endpoints.getWebhookEndpoint, { params: { id } });
export const webhookEndpointQueryOptions = (id: string) => queryOptions({ queryKey: [...ENDPOINTS_KEY, id], queryFn: () => fetchWebhookEndpoint(id) });
export const useWebhookEndpoint = (id: string) => useQuery(webhookEndpointQueryOptions(id));

export const fetchWebhookMessages = (id: string, status: WebhookMessageStatus | undefined, cursor?: string) =>
  call(endpoints.listWebhookMessages, { params: { id }, query: { status, cursor, limit: PAGE_SIZE } });
/** The delivery history refetches on its own while a message shown is still on its way. */
export const webhookMessagesQueryOptions = (id: string, status: WebhookMessageStatus | undefined) =>
  infiniteQueryOptions({
    queryKey: ['webhook-messages', id, status ?? 'ALL'],
    queryFn: ({ pageParam }) => fetchWebhookMessages(id, status, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (q) => liveRefetchInterval({ webhookMessages: q.state.data?.pages.flatMap((p) => p.data) }),
  });
export const useWebhookMessages = (id: string, status: WebhookMessageStatus | undefined) => useInfiniteQuery(webhookMessagesQueryOptions(id, status));

export const fetchWebhookMessage = (id: string, messageId: string) => call(endpoints.getWebhookMessage, { params: { id, messageId } });
export const webhookMessageQueryOptions = (id: string, messageId: string) =>
  queryOptions({
    queryKey: ['webhook-messages', id, 'detail', messageId],
    queryFn: () => fetchWebhookMessage(id, messageId),
    refetchInterval: (q) => liveRefetchInterval({ webhookMessages: q.state.data ? [q.state.data] : [] }),
  });
export const useWebhookMessage = (id: string, messageId: string) => useQuery(webhookMessageQueryOptions(id, messageId));

function useErrorToast() {
  const message = useErrorMessage();
  return (err: unknown) => void toast.error(message(err));
}

/** The answer holds the signing secret: the caller shows it once and forgets it. */
export function useCreateWebhookEndpoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWebhookEndpointBody) => call(endpoints.createWebhookEndpoint, { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ENDPOINTS_KEY }),
    onError: useErrorToast(),
  });
}

export function useUpdateWebhookEndpoint() {
  const qc = useQueryClient();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateWebhookEndpointBody }) => call(endpoints.updateWebhookEndpoint, { params: { id }, body }),
    onSuccess: () => {
      toast.success(t('webhooks.saved'));
      return qc.invalidateQueries({ queryKey: ENDPOINTS_KEY });
    },
    onError: useErrorToast(),
  });
}

export function useDeleteWebhookEndpoint() {
  const qc = useQueryClient();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: (id: string) => call(endpoints.deleteWebhookEndpoint, { params: { id } }),
    onSuccess: () => {
      toast.success(t('webhooks.deleted'));
      return qc.invalidateQueries({ queryKey: ENDPOINTS_KEY });
    },
    onError: useErrorToast(),
  });
}

/** The answer holds the new signing secret: the caller shows it once and forgets it. */
export function useRotateWebhookSecret() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(endpoints.rotateWebhookSecret, { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ENDPOINTS_KEY }),
    onError: useErrorToast(),
  });
}

export function useTestWebhookEndpoint() {
  const qc = useQueryClient();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: (id: string) => call(endpoints.testWebhookEndpoint, { params: { id } }),
    onSuccess: (_, id) => {
      toast.success(t('webhooks.testSent'));
      return qc.invalidateQueries({ queryKey: ['webhook-messages', id] });
    },
    onError: useErrorToast(),
  });
}

export function useRetryWebhookMessage(id: string) {
  const qc = useQueryClient();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: (messageId: string) => call(endpoints.retryWebhookMessage, { params: { id, messageId } }),
    onSuccess: () => {
      toast.success(t('webhooks.retryQueued'));
      return qc.invalidateQueries({ queryKey: ['webhook-messages', id] });
    },
    onError: useErrorToast(),
  });
}

export function useReplayWebhookEndpoint(id: string) {
  const qc = useQueryClient();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: (since: string) => call(endpoints.replayWebhookEndpoint, { params: { id }, body: { since } }),
    onSuccess: ({ queued }) => {
      toast.success(t('webhooks.replayQueued', { count: queued }));
      return qc.invalidateQueries({ queryKey: ['webhook-messages', id] });
    },
    onError: useErrorToast(),
  });
}
