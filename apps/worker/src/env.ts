import { mailEnv, metricsToken, parseEnv, sharedEnv } from '@portal/config';
import { WEBHOOK_RETRY_DELAYS_MS } from '@portal/contracts';
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
  // Webhook deliveries one worker process runs at once (a slow receiver holds one while it waits).
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  // At most this many deliveries to one endpoint at once across all workers, so one slow endpoint never delays the others.
  WEBHOOK_ENDPOINT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  // A delivery without a complete answer within this long failed (docs/product/events.md: a 2xx within 15 s).
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(15_000),
  // Waits before attempts 2, 3, … after a failed one (±10 % jitter); the contracts' schedule unless overridden (tests).
  WEBHOOK_RETRY_DELAYS_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'comma-separated milliseconds')
    .transform((s) => s.split(',').map(Number))
    .default(() => [...WEBHOOK_RETRY_DELAYS_MS]),
  // An endpoint whose every attempt has failed for this long is disabled (FAILING) and its owners told.
  WEBHOOK_DISABLE_AFTER_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(5 * 24 * 3600_000),
  // How often PENDING messages whose next attempt is overdue get their job back (Redis lost it, or a worker died before queueing it).
  WEBHOOK_SWEEP_MS: z.coerce.number().int().min(100).default(30_000),
  // How often the principals' appended insight deltas are folded into their roll-up (readers add the rest, so figures never wait on it).
  INSIGHT_FOLD_MS: z.coerce.number().int().min(100).default(2_000),
  // Bearer token for /metrics on the health port; unset: loopback clients only.
  METRICS_TOKEN: metricsToken,
});
export type WorkerEnv = z.infer<typeof workerEnv>;
export const loadWorkerEnv = (env: NodeJS.ProcessEnv = process.env): WorkerEnv => parseEnv(workerEnv, env);
