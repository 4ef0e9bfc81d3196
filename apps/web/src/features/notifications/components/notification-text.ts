import type { Notification } from '@portal/contracts';
import type { TFunction } from 'i18next';
import { formatDate } from '../../../lib/format';

/** One notification in the user's language, from its kind and params (the worker stores values, never sentences). */
export function notificationText(t: TFunction, n: Pick<Notification, 'kind' | 'params'>, lng: string): string {
  const values: Record<string, string> = { ...n.params };
  if (n.params.expiresAt) values.expiresAt = formatDate(n.params.expiresAt, lng);
  if (n.params.reason && n.kind === 'webhook_endpoint_disabled')
    values.reason = t(`notifications.disabledReason.${n.params.reason}`, { defaultValue: n.params.reason });
  return t(`notifications.text.${n.kind}`, values);
}
