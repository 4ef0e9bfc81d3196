import { z } from 'zod';
import { documentType } from './common';

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

/** Every email the portal sends; each has an Indonesian and an English template. */
export const mailTemplate = z.enum(['member_invite', 'password_reset', 'password_changed']);
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

export const JOBS = {
  sync: { queue: QUEUES.sync, name: 'sync.pull', payload: syncJobV1 },
  syncTick: { queue: QUEUES.sync, name: 'sync.tick', payload: syncTickJobV1 },
  inviteExpiry: { queue: QUEUES.housekeeping, name: 'invites.expire', payload: inviteExpiryJobV1 },
  mail: { queue: QUEUES.mail, name: 'mail.send', payload: mailJobV1 },
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
