import { mailEnv, metricsToken, parseEnv, sharedEnv } from '@portal/config';
import { z } from 'zod';

export const workerEnv = sharedEnv.extend(mailEnv.shape).extend({
  // The portal's address as users reach it: the links in alert mails (the API's PUBLIC_BASE_URL).
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  // At most this many of one organisation's sync jobs run at once, so one
  // organisation's backfill cannot starve the others.
  SYNC_ORG_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  OUTBOX_RELAY_INTERVAL_MS: z.coerce.number().int().min(100).default(2_000),
  // Each ACTIVE pulled (DMS, SAP) integration gets an incremental sync this often (BullMQ job scheduler).
  SYNC_INTERVAL_MINUTES: z.coerce
    .number()
    .min(0.01)
    .max(24 * 60)
    .default(15),
  // How often the worker re-checks which integrations should have a schedule
  // (picks up integrations activated, or re-activated by an admin, meanwhile).
  SCHEDULE_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
  // A job whose worker died (no lock renewal) is handed to another worker after about this long.
  SYNC_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
  // How often PENDING invites past their expiry are marked EXPIRED (and audited).
  INVITE_EXPIRY_SWEEP_MS: z.coerce.number().int().min(100).default(60_000),
  SYNC_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(500),
  // How long SIGTERM waits for running jobs before giving them back to the queue.
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(25_000),
  // Bearer token for /metrics on the health port; unset: loopback clients only.
  METRICS_TOKEN: metricsToken,
});
export type WorkerEnv = z.infer<typeof workerEnv>;
export const loadWorkerEnv = (env: NodeJS.ProcessEnv = process.env): WorkerEnv => parseEnv(workerEnv, env);
