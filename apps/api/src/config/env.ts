import { devDefault, metricsToken, parseEnv, sharedEnv } from '@portal/config';
import { z } from 'zod';

const DEV_SESSION_SECRET = 'dev-only-session-secret-change-me-0123456789abcdef';

export const apiEnv = sharedEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  SESSION_SECRET: devDefault(z.string().min(32, 'SESSION_SECRET must be at least 32 characters'), DEV_SESSION_SECRET),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  LOGIN_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(10),
  LOGIN_RATE_LIMIT_WINDOW: z.string().default('5 minutes'),
  WEB_DIST_DIR: z.string().optional(),
  INVITE_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(7 * 24),
  INVITE_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(30),
  /** Ingestion requests per API key per minute. */
  INGEST_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(120),
  // Bearer token for GET /api/metrics; unset: loopback clients only.
  METRICS_TOKEN: metricsToken,
});
export type ApiEnv = z.infer<typeof apiEnv>;

export const loadApiEnv = (env: NodeJS.ProcessEnv = process.env): ApiEnv => parseEnv(apiEnv, env);
