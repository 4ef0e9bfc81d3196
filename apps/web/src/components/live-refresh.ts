import {
  type IntegrationKind,
  type IntegrationState,
  isActiveSyncRun,
  isPulledKind,
  type SyncRunStatus,
  takesAccessKey,
  type WebhookMessageStatus,
} from '@portal/contracts';

/** While a sync is queued or running, or a first sync is due: its progress should move on screen. */
export const SYNCING_POLL_MS = 2_000;
/** While an AccessKey is awaited: a platform admin sets it, so a calmer pace is enough. */
export const AWAITING_KEY_POLL_MS = 5_000;
/** While a webhook message is on its way: its attempts (seconds apart at first) should appear as they are made. */
export const WEBHOOK_PENDING_POLL_MS = 3_000;

export interface LiveIntegration {
  kind: IntegrationKind;
  state: IntegrationState;
  lastSyncAt: string | null;
}

/**
 * How often a screen showing these integrations and runs refetches, or false
 * when nothing shown is in a transitional state: a run QUEUED or RUNNING, a
 * pulled integration ACTIVE but never synced yet (its first sync is on its
 * way), an integration waiting for its AccessKey, or a webhook message still
 * PENDING (its next attempt is due). Every screen that shows
 * integration or run state uses it as its queries' `refetchInterval`, so
 * changes made elsewhere (the admin's key, the worker's runs) appear on their own.
 */
export function liveRefetchInterval({
  integrations = [],
  runs = [],
  webhookMessages = [],
}: {
  integrations?: readonly (LiveIntegration | undefined)[] | undefined;
  runs?: readonly { status: SyncRunStatus }[] | undefined;
  webhookMessages?: readonly { status: WebhookMessageStatus }[] | undefined;
}): number | false {
  if (runs.some((r) => isActiveSyncRun(r.status))) return SYNCING_POLL_MS;
  const shown = integrations.filter((i): i is LiveIntegration => i !== undefined);
  if (shown.some(awaitsFirstSync)) return SYNCING_POLL_MS;
  if (shown.some((i) => i.state === 'AWAITING_ACCESS_KEY' && takesAccessKey(i.kind))) return AWAITING_KEY_POLL_MS;
  if (webhookMessages.some((m) => m.status === 'PENDING')) return WEBHOOK_PENDING_POLL_MS;
  return false;
}

/** A pulled integration that is ACTIVE but has never finished a sync: its first sync is queued or running. */
export function awaitsFirstSync(i: LiveIntegration): boolean {
  return isPulledKind(i.kind) && i.state === 'ACTIVE' && i.lastSyncAt === null;
}
