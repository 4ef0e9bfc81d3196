export { type DispatchOutcome, dispatchSyncRuns } from './sync-runs/dispatch-sync-runs';
export { type PlannedSyncRuns, planSyncRuns, type SyncRunsRequest } from './sync-runs/plan-sync-runs';
export { type AnySyncJob, enqueueSyncJobs, masterDataJobFor, syncJobFor, syncModeOf } from './sync-runs/sync-jobs';
export { describePullRefusal } from './pull-guard';
export * as integrationState from './integration-state';
export type { IntegrationStateUpdate, ParkReason, StateRefusal } from './integration-state';
export { openIntegrationSecret, resealIntegrationSecret, sealIntegrationSecret, type SealingBox } from './integration-secret-seal';
export { openInviteToken, sealInviteToken } from './invite-token-seal';
export {
  expiredPendingInviteWhere,
  inviteExpiredAudit,
  type InviteRefusal,
  inviteRefusal,
  isInviteExpired,
  memberInviteExpiredAudit,
  usableInviteSql,
} from './invites';
export { enqueueMailJobs, handOnMails, type MailEvent } from './mail-jobs';
export { type DocumentsWritten, documentsUpdatedEvents, type IntegrationBefore, integrationStateChanged } from './announced-events';
export { buildEvent, enqueueEventJobs, handOnEvents, newEventId, newWebhookMessageId, type QueuedEvent, queueEvents } from './events';
export {
  endpointReceives,
  enqueueWebhookDeliveries,
  newWebhookSecret,
  openWebhookSecret,
  resealWebhookSecret,
  sealWebhookSecret,
  WEBHOOK_PREVIOUS_SECRET_MS,
  webhookBody,
  type WebhookDelivery,
  webhookUrlRefusal,
} from './webhooks';
