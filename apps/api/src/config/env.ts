import { isIP } from 'node:net';
import { devDefault, metricsToken, parseEnv, sharedEnv } from '@portal/config';
import { z } from 'zod';

const DEV_SESSION_SECRET = 'dev-only-session-secret-change-me-0123456789abcdef';

const UNIT_MS = { ms: 1, second: 1000, minute: 60_000, hour: 3_600_000 } as const;

/** "5 minutes", "30 seconds", "1 hour" or a bare number of milliseconds → milliseconds. */
const duration = z
  .string()
  .trim()
  .regex(/^\d+(\s*(ms|seconds?|minutes?|hours?))?$/, 'a duration like "5 minutes", "30 seconds" or "1 hour"')
  .transform((text) => {
    const [, amount, unit] = /^(\d+)\s*(ms|second|minute|hour)?/.exec(text) ?? [];
    return Number(amount) * UNIT_MS[(unit as keyof typeof UNIT_MS | undefined) ?? 'ms'];
  })
  .pipe(z.number().int().min(1000));

// proxy-addr's named ranges (what Fastify's trustProxy compiles) or an address, optionally with a CIDR prefix.
const isProxyAddress = (entry: string) => {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
};

/**
 * Which proxies may tell the API the client's address and protocol
 * (X-Forwarded-For / -Proto / -Host): a comma-separated list of their
 * addresses, CIDRs or proxy-addr's loopback / linklocal / uniquelocal; unset
 * trusts none (the socket's peer is the client). Neither "every hop" nor a
 * hop count is offered: either lets a client that reaches the API directly
 * forge its address (rate limits) and its protocol (the Secure cookie).
 */
const trustProxy = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx): false | string[] => {
    if (!v) return false;
    const entries = v.split(',').map((e) => e.trim());
    const bad = entries.filter((e) => !isProxyAddress(e));
    if (bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `name the proxies by address, CIDR or loopback/linklocal/uniquelocal, not: ${bad.join(', ')}` });
      return z.NEVER;
    }
    return entries;
  });

export const apiEnv = sharedEnv.extend({
  /**
   * A streaming replica of DATABASE_URL's database for the read-heavy screens (documents list and
   * totals, series, export, detail; infra/database.module.ts). Without a user of its own it connects
   * with the application role's credentials. Unset: every read goes to the primary.
   */
  DATABASE_READ_URL: z.url().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** The portal's own origin: invite links, the session cookie's Secure/__Host- form and the CSRF origin check. */
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  TRUST_PROXY: trustProxy,
  SESSION_SECRET: devDefault(z.string().min(32, 'SESSION_SECRET must be at least 32 characters'), DEV_SESSION_SECRET),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** Login attempts per client address and email, per LOGIN_RATE_LIMIT_WINDOW. */
  LOGIN_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(10),
  /** Login attempts per client address across all emails (password spraying). */
  LOGIN_ADDRESS_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(30),
  /** Login attempts per account from addresses it has not signed in from (distributed guessing). */
  LOGIN_ACCOUNT_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(50),
  LOGIN_RATE_LIMIT_WINDOW: duration.default(5 * 60_000),
  /** Password reset requests per email (known or not, counted alike) per PASSWORD_RESET_RATE_LIMIT_WINDOW. */
  PASSWORD_RESET_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(5),
  /** Password reset requests per client address across emails. */
  PASSWORD_RESET_ADDRESS_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(20),
  PASSWORD_RESET_RATE_LIMIT_WINDOW: duration.default(15 * 60_000),
  WEB_DIST_DIR: z.string().optional(),
  INVITE_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(7 * 24),
  INVITE_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(30),
  /** Authenticated ingestion requests per API key per minute. */
  INGEST_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(120),
  /** Ingestion requests with a missing or wrong API key per client address per minute. */
  INGEST_AUTH_FAILURE_MAX: z.coerce.number().int().min(1).default(20),
  /** SAP connection tests (test, connect, re-authenticate) per organisation per minute: each makes outbound calls. */
  SAP_TEST_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(30),
  /** One HTTP exchange's limit while testing an SAP connection from a request (tests shorten it). */
  SAP_TEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  // Bearer token for GET /api/metrics; unset: loopback clients only.
  METRICS_TOKEN: metricsToken,
});
export type ApiEnv = z.infer<typeof apiEnv>;

export const loadApiEnv = (env: NodeJS.ProcessEnv = process.env): ApiEnv => parseEnv(apiEnv, env);
