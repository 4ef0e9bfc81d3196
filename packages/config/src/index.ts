import { z } from 'zod';

/**
 * Settings shared by every process (API, worker, scripts). Each app extends
 * this with its own keys and parses `process.env` once at boot.
 */
export const nodeEnv = z.enum(['development', 'test', 'production']).default('development');

/** In production a secret must be configured; in development a fixed default keeps the demo working. */
export function devDefault<T extends z.ZodType>(schema: T, devValue: string) {
  return z.preprocess((v) => {
    if (v !== undefined && v !== '') return v;
    return process.env.NODE_ENV === 'production' ? undefined : devValue;
  }, schema);
}

// Development only (32 bytes, base64); production must configure its own.
const DEV_ENCRYPTION_KEYS = 'dev1:ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzJieXRlcyE=';

export const sharedEnv = z.object({
  NODE_ENV: nodeEnv,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Owner role: migrations and seed only.
  DATABASE_URL: z.url().default('postgresql://postgres@127.0.0.1:5432/portal'),
  // Restricted application role (no BYPASSRLS, owns nothing). Derived from
  // DATABASE_URL when unset (see @portal/db appDatabaseUrl).
  APP_DATABASE_URL: z.url().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  // BullMQ key prefix, the same for the API (producer) and the worker:
  // separate prefixes never see each other's queues (tests, side-by-side deployments).
  QUEUE_PREFIX: z
    .string()
    .regex(/^[\w.-]+$/)
    .default('bull'),
  DMS_BASE_URL: z.url().default('http://127.0.0.1:4010'),
  // Whether the server may fetch URLs users give it (SAP base and token URLs) on private,
  // loopback or link-local addresses: on in development and tests (the sample SAP is local),
  // off unless set in production (packages/connectors/src/outbound).
  OUTBOUND_ALLOW_PRIVATE: z.preprocess(
    (v) => (v === undefined || v === '' ? process.env.NODE_ENV !== 'production' : v === 'true' || v === '1' || v === true),
    z.boolean(),
  ),
  // Purchase invoices carry no change timestamp in SAP: each run re-reads this many days of PostingDate.
  SAP_PURCHASE_INVOICE_WINDOW_DAYS: z.coerce.number().int().min(1).max(366).default(7),
  // AES-256-GCM keys for secrets at rest: "id:base64key[,oldId:base64key…]", current first.
  ENCRYPTION_KEYS: devDefault(z.string().min(1, 'ENCRYPTION_KEYS is required in production'), DEV_ENCRYPTION_KEYS),
  // First retry delay of a failed sync job; doubles per attempt, with jitter.
  // Shared because the API (manual, initial, retry runs) and the worker both add sync jobs.
  SYNC_BACKOFF_MS: z.coerce.number().int().min(1).default(2_000),
  // First retry delay of a mail that could not be sent (SMTP down); doubles per attempt.
  // Shared because the API (after commit) and the worker's outbox relay both add mail jobs.
  MAIL_BACKOFF_MS: z.coerce.number().int().min(1).default(60_000),
});

/**
 * Outgoing mail, read by the worker, which sends it. `pnpm start` / `pnpm dev`
 * run a local mail catcher (maildev) on the default address; production names
 * its SMTP server (`smtps://user:pass@host:465`, or `smtp://…:587` upgraded by STARTTLS).
 */
export const mailEnv = z.object({
  SMTP_URL: z.url().default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().min(3).default('Portal Distribusi <no-reply@portal.localhost>'),
});

/**
 * Parses env with a schema, and on failure stops with one readable line per
 * problem instead of a zod stack trace.
 */
export function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(env)'}: ${i.message}`);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}
export * from './metrics-access';
