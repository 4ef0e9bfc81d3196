import { z } from 'zod';
import { documentType, isoInstant, listOf, plainText, queryInt } from './common';
import { syncErrorCode } from './integrations';
import { masterDataKind } from './master-data';
import type { Permission } from './permissions';

/**
 * Events (docs/product/events.md, issue 12): what the portal tells an
 * organisation's webhooks, notification centre and email alerts. Every event
 * is written to the transactional outbox in the transaction of the change it
 * announces, addressed to one receiving organisation, and fanned out by the
 * worker. Payloads are thin: ids, counts, names and links, never documents.
 */
export const eventType = z.enum([
  'sync_run.finished',
  'sync_run.failed',
  'integration.state_changed',
  'connection.requested',
  'connection.accepted',
  'connection.declined',
  'connection.revoked',
  'documents.updated',
  'webhook_endpoint.test',
]);
export type EventType = z.infer<typeof eventType>;
export const EVENT_TYPES = eventType.options;

/** `evt_` + 26 characters (a ULID): the event's own id, for correlation. */
export const eventId = z.string().regex(/^evt_[0-9A-HJKMNP-TV-Z]{26}$/);
/** `msg_` + a ULID: one event to one endpoint, the `webhook-id` of every attempt (the receiver's idempotency key). */
export const webhookMessageId = z.string().regex(/^msg_[0-9A-HJKMNP-TV-Z]{26}$/);

const syncRunStatus = z.enum(['SUCCEEDED', 'PARTIAL', 'FAILED']);
const integrationKind = z.enum(['DMS', 'SAP', 'EXTERNAL']);
const integrationState = z.enum(['AWAITING_ACCESS_KEY', 'ACTIVE', 'ERROR', 'DISABLED']);

const syncRunData = {
  runId: z.uuid(),
  integrationId: z.uuid(),
  integrationName: z.string(),
  integrationKind,
  documentType: documentType.nullable(),
  /** A master-data run's kind (customers, products); absent or null for a document run. */
  masterDataKind: masterDataKind.nullish(),
  trigger: z.string(),
  status: syncRunStatus,
  startedAt: isoInstant.nullable(),
  finishedAt: isoInstant,
  counts: z.object({ read: z.int(), upserted: z.int(), quarantined: z.int() }),
};

export const eventData = {
  'sync_run.finished': z.object(syncRunData),
  /**
   * A run that failed. `final` is true once no retry is left (the notification
   * centre and email alerts tell people only then); `nextAttemptAt` is when the
   * worker retries otherwise.
   */
  'sync_run.failed': z.object({
    ...syncRunData,
    error: z.object({ code: syncErrorCode.nullable(), message: z.string() }),
    final: z.boolean(),
    nextAttemptAt: isoInstant.nullable(),
  }),
  'integration.state_changed': z.object({
    integrationId: z.uuid(),
    integrationName: z.string(),
    integrationKind,
    previousState: integrationState,
    state: integrationState,
    reasonCode: syncErrorCode.nullable(),
    reason: z.string().nullable(),
    /** `system` for the worker; a user's id otherwise. */
    changedBy: z.string(),
  }),
  /** To the principal that sent an invite: it asks a distributor for access. */
  'connection.requested': z.object({ inviteId: z.uuid(), expiresAt: isoInstant, requestedBy: z.string().nullable() }),
  'connection.accepted': z.object({
    connectionId: z.uuid(),
    principalId: z.uuid(),
    principalName: z.string(),
    distributorId: z.uuid(),
    distributorName: z.string(),
    documentTypes: z.array(documentType),
    at: isoInstant,
  }),
  'connection.declined': z.object({
    connectionId: z.uuid(),
    principalId: z.uuid(),
    principalName: z.string(),
    distributorId: z.uuid(),
    distributorName: z.string(),
    at: isoInstant,
  }),
  'connection.revoked': z.object({
    connectionId: z.uuid(),
    principalId: z.uuid(),
    principalName: z.string(),
    distributorId: z.uuid(),
    distributorName: z.string(),
    revokedById: z.uuid(),
    at: isoInstant,
  }),
  /**
   * Documents a sync run (or an ingestion) wrote, to the distributor and to
   * each principal connected for that type and integration at the time; at
   * most once per run per receiver. A link, never the documents.
   */
  'documents.updated': z.object({
    distributorId: z.uuid(),
    distributorName: z.string(),
    integrationId: z.uuid(),
    runId: z.uuid().nullable(),
    documentTypes: z.array(documentType).min(1),
    count: z.int().min(1),
    from: isoInstant,
    to: isoInstant,
    /** The documents API, filtered to what changed. */
    link: z.string(),
  }),
  'webhook_endpoint.test': z.object({ ping: z.literal(true), endpointId: z.uuid() }),
} as const satisfies Record<EventType, z.ZodType>;
export type EventData<T extends EventType> = z.infer<(typeof eventData)[T]>;

const envelope = <T extends EventType>(type: T) =>
  z.strictObject({
    id: eventId,
    type: z.literal(type),
    timestamp: isoInstant,
    /** The receiving organisation. */
    organizationId: z.uuid(),
    data: eventData[type],
  });

/** The body every webhook delivery carries (Standard Webhooks' recommended `{type, timestamp, data}` plus id and organisation). */
export const portalEvent = z.discriminatedUnion('type', [
  envelope('sync_run.finished'),
  envelope('sync_run.failed'),
  envelope('integration.state_changed'),
  envelope('connection.requested'),
  envelope('connection.accepted'),
  envelope('connection.declined'),
  envelope('connection.revoked'),
  envelope('documents.updated'),
  envelope('webhook_endpoint.test'),
]);
export type PortalEvent = z.infer<typeof portalEvent>;
export type PortalEventOf<T extends EventType> = Extract<PortalEvent, { type: T }>;

/** The schema of one event type's envelope, for the OpenAPI document's `webhooks`. */
export const portalEventOf = (type: EventType) => portalEvent.options.find((o) => o.shape.type.value === type)!;

// ---- webhook endpoints ------------------------------------------------------------

/** Why an endpoint stopped receiving: switched off by a person, `410 Gone`, failing for 5 days, or the receiver's `webhook-delivery: disable`. */
export const webhookDisabledReason = z.enum(['MANUAL', 'GONE', 'FAILING', 'RECEIVER']);
export type WebhookDisabledReason = z.infer<typeof webhookDisabledReason>;

const eventTypeSet = z
  .array(eventType.exclude(['webhook_endpoint.test']))
  .min(1)
  .refine((s) => new Set(s).size === s.length, 'each event type once');

/** https, or http where the outbound-address guard allows private addresses (development); checked again at every delivery. */
export const webhookUrl = z
  .string()
  .trim()
  .max(2048)
  .pipe(z.url({ protocol: /^https?$/, hostname: z.regexes.hostname }));

export const createWebhookEndpointBody = z.strictObject({
  url: webhookUrl,
  description: plainText(500, 0).default(''),
  eventTypes: eventTypeSet,
  enabled: z.boolean().default(true),
});
export type CreateWebhookEndpointBody = z.infer<typeof createWebhookEndpointBody>;

export const updateWebhookEndpointBody = z
  .strictObject({
    url: webhookUrl.optional(),
    description: plainText(500, 0).optional(),
    eventTypes: eventTypeSet.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type UpdateWebhookEndpointBody = z.infer<typeof updateWebhookEndpointBody>;

export const webhookEndpoint = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(eventType),
  enabled: z.boolean(),
  disabledReason: webhookDisabledReason.nullable(),
  disabledAt: z.iso.datetime().nullable(),
  /** Since when every attempt has failed; null while deliveries succeed. */
  failingSince: z.iso.datetime().nullable(),
  /** While set, deliveries carry a signature with the previous secret too. */
  previousSecretExpiresAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type WebhookEndpoint = z.infer<typeof webhookEndpoint>;
export const webhookEndpointList = listOf(webhookEndpoint);

/** Create and rotate answer with the signing secret (`whsec_…`): shown this once. */
export const webhookEndpointWithSecret = webhookEndpoint.extend({ secret: z.string().regex(/^whsec_[A-Za-z0-9+/=]+$/) });
export type WebhookEndpointWithSecret = z.infer<typeof webhookEndpointWithSecret>;

export const webhookMessageStatus = z.enum(['PENDING', 'SUCCEEDED', 'FAILED']);
export type WebhookMessageStatus = z.infer<typeof webhookMessageStatus>;

export const webhookMessagesQuery = z.strictObject({
  status: webhookMessageStatus.optional(),
  cursor: z.string().max(200).optional(),
  limit: queryInt(1, 100, 50),
});
export type WebhookMessagesQuery = z.infer<typeof webhookMessagesQuery>;

export const webhookMessage = z.object({
  id: webhookMessageId,
  endpointId: z.uuid(),
  eventId,
  eventType,
  status: webhookMessageStatus,
  attempts: z.int(),
  nextAttemptAt: z.iso.datetime().nullable(),
  lastAttemptAt: z.iso.datetime().nullable(),
  lastStatusCode: z.int().nullable(),
  createdAt: z.iso.datetime(),
});
export type WebhookMessage = z.infer<typeof webhookMessage>;
export const webhookMessageList = listOf(webhookMessage);

export const webhookAttempt = z.object({
  id: z.uuid(),
  attempt: z.int(),
  attemptedAt: z.iso.datetime(),
  /** The receiver's HTTP status; null when no answer came (timeout, refused, address refused). */
  statusCode: z.int().nullable(),
  durationMs: z.int(),
  /** The first 1 kB of the answer. */
  responseBody: z.string(),
  /** Why the attempt failed: TIMEOUT, CONNECTION_FAILED, ADDRESS_REFUSED (no answer), REDIRECT (3xx) or HTTP_<status>; null when it succeeded. */
  error: z.string().nullable(),
  succeeded: z.boolean(),
});
export type WebhookAttempt = z.infer<typeof webhookAttempt>;

export const webhookMessageDetail = webhookMessage.extend({
  /** The exact body sent (the signed bytes). */
  payload: z.string(),
  attemptList: z.array(webhookAttempt),
});
export type WebhookMessageDetail = z.infer<typeof webhookMessageDetail>;

export const webhookMessageParams = z.strictObject({ id: z.uuid(), messageId: webhookMessageId });

/** Replay everything since a time: every message of the endpoint created at or after it is sent again (same `webhook-id`). */
export const replayWebhookBody = z.strictObject({ since: isoInstant });
export const replayWebhookResult = z.object({ queued: z.int() });

export const webhookTestResult = z.object({ messageId: webhookMessageId });

// ---- notifications ----------------------------------------------------------------

/** What the notification centre and email alerts tell a person about. */
export const notificationKind = z.enum([
  'sync_failed',
  'integration_error',
  'connection_requested',
  'connection_accepted',
  'connection_declined',
  'connection_revoked',
  'webhook_endpoint_disabled',
]);
export type NotificationKind = z.infer<typeof notificationKind>;
export const NOTIFICATION_KINDS = notificationKind.options;

/** Email is on by default for failures and connection changes; the in-app list always gets every kind. */
export const EMAIL_ON_BY_DEFAULT: Record<NotificationKind, boolean> = {
  sync_failed: true,
  integration_error: true,
  connection_requested: true,
  connection_accepted: true,
  connection_declined: true,
  connection_revoked: true,
  webhook_endpoint_disabled: true,
};

/**
 * Who is told about each kind: the organisation's members whose role has this
 * permission (`hasPermission`), the same one that opens the screen the
 * notification links to.
 */
export const NOTIFICATION_PERMISSION: Record<NotificationKind, Permission> = {
  sync_failed: 'integrations:read',
  integration_error: 'integrations:read',
  connection_requested: 'connections:read',
  connection_accepted: 'connections:read',
  connection_declined: 'connections:read',
  connection_revoked: 'connections:read',
  webhook_endpoint_disabled: 'webhooks:manage',
};

export const notification = z.object({
  id: z.uuid(),
  kind: notificationKind,
  /** Values the SPA's translation fills in (names, counts, codes). */
  params: z.record(z.string(), z.string()),
  /** The SPA route it is about, e.g. `/integrations/<id>`. */
  link: z.string(),
  readAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type Notification = z.infer<typeof notification>;
export const notificationList = listOf(notification).extend({ unread: z.int() });
export const notificationsQuery = z.strictObject({
  unreadOnly: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(200).optional(),
  limit: queryInt(1, 100, 20),
});
export const unreadCount = z.object({ unread: z.int() });

export const notificationPreferences = z.object({
  email: z.record(notificationKind, z.boolean()),
});
export type NotificationPreferences = z.infer<typeof notificationPreferences>;
export const updateNotificationPreferencesBody = z.strictObject({
  email: z.partialRecord(notificationKind, z.boolean()),
});
