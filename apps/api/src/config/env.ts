import { isIP } from 'node:net';
import { devDefault, metricsToken, parseEnv, sharedEnv } from '@portal/config';
import { type ApiScope, apiScope } from '@portal/contracts';
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

/**
 * The access tokens' signing keys: a JWK set `{"keys":[…]}` of private keys
 * (ES256 or EdDSA), each with its `kid`. The first signs; all of them verify
 * and are published at /api/oauth/jwks, so a new key goes first and the old
 * one stays until its last tokens expired (15 minutes). Unset outside
 * production: one key made at boot (tokens die with the process).
 */
const signingJwk = z.looseObject({ kid: z.string().min(1), alg: z.enum(['ES256', 'EdDSA']), d: z.string().min(1) });
const oauthSigningKeys = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v) {
      if (process.env.NODE_ENV !== 'production') return null;
      ctx.addIssue({ code: 'custom', message: 'OAUTH_SIGNING_KEYS is required in production (a JWK set of private ES256 or EdDSA keys)' });
      return z.NEVER;
    }
    let json: unknown;
    try {
      json = JSON.parse(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'OAUTH_SIGNING_KEYS must be a JSON JWK set {"keys":[…]}' });
      return z.NEVER;
    }
    const parsed = z.object({ keys: z.array(signingJwk).min(1) }).safeParse(json);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: 'OAUTH_SIGNING_KEYS: every key needs kid, alg (ES256 or EdDSA) and its private part d' });
      return z.NEVER;
    }
    return parsed.data.keys;
  });
export type SigningJwk = z.infer<typeof signingJwk>;

/** Per-scope allowances for machine callers, "documents:read=300,ingest:write=1200" (requests a minute). */
const scopeRateLimits = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx): Partial<Record<ApiScope, number>> => {
    const out: Partial<Record<ApiScope, number>> = {};
    for (const entry of (v ?? '').split(',').filter((e) => e.trim() !== '')) {
      const [scope, max] = entry.split('=').map((p) => p.trim());
      const known = apiScope.safeParse(scope);
      if (!known.success || !/^\d{1,9}$/.test(max ?? '') || Number(max) < 1) {
        ctx.addIssue({ code: 'custom', message: `expected scope=requests-a-minute, not "${entry}"` });
        return z.NEVER;
      }
      out[known.data] = Number(max);
    }
    return out;
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
  /** Token requests with an unknown client or a wrong secret per client address per minute (POST /api/oauth/token). */
  OAUTH_AUTH_FAILURE_MAX: z.coerce.number().int().min(1).default(20),
  /** SAP connection tests (test, connect, re-authenticate) per organisation per minute: each makes outbound calls. */
  SAP_TEST_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(30),
  /** One HTTP exchange's limit while testing an SAP connection from a request (tests shorten it). */
  SAP_TEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  OAUTH_SIGNING_KEYS: oauthSigningKeys,
  /** Requests a minute per API key, per OAuth client and per signed-in user (docs/product/api-keys-and-audit.md). */
  RATE_LIMIT_API_KEY_MAX: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_OAUTH_CLIENT_MAX: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_SESSION_MAX: z.coerce.number().int().min(1).default(1200),
  /** Overrides the key's or client's allowance on the endpoints of a scope, counted apart. */
  RATE_LIMIT_SCOPES: scopeRateLimits,
  // Bearer token for GET /api/metrics; unset: loopback clients only.
  METRICS_TOKEN: metricsToken,
});
export type ApiEnv = z.infer<typeof apiEnv>;

export const loadApiEnv = (env: NodeJS.ProcessEnv = process.env): ApiEnv => parseEnv(apiEnv, env);
