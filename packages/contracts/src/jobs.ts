import { z } from 'zod';
import { documentType } from './common';
import { portalEvent, webhookMessageId } from './events';
import { masterDataKind } from './master-data';

/**
 * Queue and job names, and their versioned payloads. Payloads are stored in
 * clear text in Redis: they carry ids only, never secrets.
 */
export const QUEUES = {
  sync: 'sync',
  // Periodic upkeep that is not a sync (e.g. expiring invites), so it never waits behind a backfill.
  housekeeping: 'housekeeping',
  // Outgoing email: a mail server that is down delays mail, never a sync or a sweep.
  mail: 'mail',
  // Events fanned out to webhooks, notifications and alerts (issue 12).
  events: 'events',
  // Webhook deliveries: an endpoint that is slow or down never delays a sync, a mail or another organisation's event.
  webhooks: 'webhooks',
} as const;

export const syncJobV1 = z.strictObject({
  v: z.literal(1),
  organizationId: z.uuid(),
  integrationId: z.uuid(),
  documentType,
  syncRunId: z.uuid(),
  mode: z.enum(['incremental', 'full']),
});
export type SyncJobV1 = z.infer<typeof syncJobV1>;

/**
 * One master-data run (customers or products of one integration), planned
 * beside the document runs of every scheduled, manual and first sync
 * (docs/product/master-data.md). Same queue, job id and retry policy as
 * `sync.pull`: it is a sync run too, only of another stream.
 */
export const masterDataJobV1 = z.strictObject({
  v: z.literal(1),
  organizationId: z.uuid(),
  integrationId: z.uuid(),
  kind: masterDataKind,
  syncRunId: z.uuid(),
  mode: z.enum(['incremental', 'full']),
});
export type MasterDataJobV1 = z.infer<typeof masterDataJobV1>;

/**
 * Fired by an integration's job scheduler (every SYNC_INTERVAL_MINUTES): its
 * handler records one incremental SCHEDULE run per document type that has no
 * run under way, and enqueues a `sync.pull` job for each.
 */
export const syncTickJobV1 = z.strictObject({
  v: z.literal(1),
  organizationId: z.uuid(),
  integrationId: z.uuid(),
});
export type SyncTickJobV1 = z.infer<typeof syncTickJobV1>;

/**
 * Fired by the worker's invite expiry scheduler: marks every PENDING invite
 * past its expiry EXPIRED and records its `connection.invite_expired` audit
 * event once, whether or not anyone opens the connections list.
 */
export const inviteExpiryJobV1 = z.strictObject({ v: z.literal(1) });
export type InviteExpiryJobV1 = z.infer<typeof inviteExpiryJobV1>;

/** Every email the portal sends; each has an Indonesian and an English template. `alert`: a notification (issue 12), its `kind` in the data. */
export const mailTemplate = z.enum(['member_invite', 'password_reset', 'password_changed', 'alert']);
export type MailTemplate = z.infer<typeof mailTemplate>;
export const mailLocale = z.enum(['id', 'en']);
export type MailLocale = z.infer<typeof mailLocale>;

/**
 * One email to send, written to the transactional outbox (kind `mail.send`)
 * in the same transaction as the change it tells about, so a rolled-back
 * change sends nothing. `data` holds the values the template fills in; a
 * single-use link is the one secret it may carry (the mail carries it
 * anyway), and the job is removed from Redis once sent.
 */
export const mailJobV1 = z.strictObject({
  v: z.literal(1),
  organizationId: z.uuid(),
  to: z.email(),
  locale: mailLocale,
  template: mailTemplate,
  data: z.record(z.string(), z.string()),
});
export type MailJobV1 = z.infer<typeof mailJobV1>;

/**
 * One event to fan out (outbox kind `events.publish`): the worker records a
 * webhook message for each of the receiver's endpoints subscribed to its type,
 * the notifications and the alert mails it calls for, then queues their
 * deliveries. Idempotent: fanning out the same event twice adds nothing.
 */
export const eventPublishJobV1 = z.strictObject({ v: z.literal(1), event: portalEvent });
export type EventPublishJobV1 = z.infer<typeof eventPublishJobV1>;

/**
 * One delivery attempt of one webhook message. `attempt` is the attempt
 * number this job makes (1 = the first); a job whose message has moved on
 * (already delivered, or a later attempt recorded) does nothing.
 */
export const webhookDeliverJobV1 = z.strictObject({
  v: z.literal(1),
  organizationId: z.uuid(),
  messageId: webhookMessageId,
  attempt: z.int().min(1),
});
export type WebhookDeliverJobV1 = z.infer<typeof webhookDeliverJobV1>;

export const JOBS = {
  sync: { queue: QUEUES.sync, name: 'sync.pull', payload: syncJobV1 },
  syncTick: { queue: QUEUES.sync, name: 'sync.tick', payload: syncTickJobV1 },
  masterData: { queue: QUEUES.sync, name: 'master-data.pull', payload: masterDataJobV1 },
  inviteExpiry: { queue: QUEUES.housekeeping, name: 'invites.expire', payload: inviteExpiryJobV1 },
  mail: { queue: QUEUES.mail, name: 'mail.send', payload: mailJobV1 },
  eventPublish: { queue: QUEUES.events, name: 'events.publish', payload: eventPublishJobV1 },
  webhookDeliver: { queue: QUEUES.webhooks, name: 'webhooks.deliver', payload: webhookDeliverJobV1 },
} as const;

/** The one job scheduler of the invite expiry sweep. */
export const INVITE_EXPIRY_SCHEDULER_ID = 'invite-expiry';

/** One job scheduler per integration; removing it pauses the integration's schedule. */
export const syncSchedulerId = (integrationId: string) => `sync-schedule-${integrationId}`;
export type JobName = (typeof JOBS)[keyof typeof JOBS]['name'];

/** A sync run's job id: the run's own id, so adding its job twice keeps one. */
export const syncJobId = (syncRunId: string) => `sync-run-${syncRunId}`; // BullMQ refuses ":" in custom ids

/**
 * Retry policy shared by every producer (API, the worker's schedule, outbox
 * relay and lost-run sweep): exponential backoff with jitter. The first
 * delay is the process's SYNC_BACKOFF_MS, required so no producer can fall
 * back to another value.
 */
export const SYNC_ATTEMPTS = 5;
export const syncJobOptions = (syncRunId: string, backoffMs: number) => ({
  jobId: syncJobId(syncRunId),
  attempts: SYNC_ATTEMPTS,
  backoff: { type: 'exponential', delay: backoffMs, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
});

/**
 * A mail's job id is its outbox event's id, so the API's dispatch and the
 * relay adding the same event make one job while it waits or retries.
 */
export const mailJobId = (outboxEventId: string) => `mail-${outboxEventId}`;

/**
 * Retry policy of `mail.send`, shared by its producers (the API after commit,
 * the outbox relay): a mail server that is down is retried with exponential
 * backoff from MAIL_BACKOFF_MS for about a day and a half at the default of
 * one minute (2^11 minutes in all). A sent job is removed at once: its data
 * may carry a single-use link.
 */
export const MAIL_ATTEMPTS = 12;
export const mailJobOptions = (outboxEventId: string, backoffMs: number) => ({
  jobId: mailJobId(outboxEventId),
  attempts: MAIL_ATTEMPTS,
  backoff: { type: 'exponential', delay: backoffMs, jitter: 0.2 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
});

/** An event's fan-out job id: the event's id, so the API's dispatch and the relay make one job. */
export const eventPublishJobId = (eventId: string) => `event-${eventId}`;

/** One job per attempt of a message, so a retried or replayed attempt is a new job and a duplicate add keeps one. */
export const webhookDeliverJobId = (messageId: string, attempt: number) => `${messageId}-a${attempt}`;

/**
 * Svix's schedule (docs/research/webhooks.md): the delay before attempt n+1
 * after attempt n failed — immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
 * 10 h; 8 attempts over about 27.6 h. The worker adds ±10 % jitter and waits
 * longer when the receiver's `Retry-After` asks for it.
 */
export const WEBHOOK_RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000] as const;
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_DELAYS_MS.length + 1;

export const eventPublishJobOptions = (eventIdValue: string) => ({
  jobId: eventPublishJobId(eventIdValue),
  attempts: 10,
  backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
});

/** Each attempt is one try of its job: the schedule is the worker's, recorded on the message, not BullMQ's backoff. */
export const webhookDeliverJobOptions = (messageId: string, attempt: number, delayMs = 0) => ({
  jobId: webhookDeliverJobId(messageId, attempt),
  delay: delayMs,
  attempts: 1,
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
});
