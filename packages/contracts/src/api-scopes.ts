import { z } from 'zod';
import { isoInstant, listOf, plainText } from './common';

/**
 * What a machine caller (an API key or an OAuth client's access token) may do
 * (docs/product/api-keys-and-audit.md). Each endpoint a scope covers names it
 * in its `scopes` (endpoints.ts); a bearer caller is let in only where one of
 * its scopes is named.
 */
export const apiScope = z.enum(['documents:read', 'ingest:write', 'webhooks:manage']);
export type ApiScope = z.infer<typeof apiScope>;
export const API_SCOPES = apiScope.options;

/** One or more scopes, each once. */
const scopeSet = z
  .array(apiScope)
  .min(1)
  .max(API_SCOPES.length)
  .refine((s) => new Set(s).size === s.length, 'each scope once');

export const createApiKeyBody = z.strictObject({
  name: plainText(120),
  scopes: scopeSet,
  /** After this instant the key answers 401; must be in the future. */
  expiresAt: isoInstant.optional(),
});
export type CreateApiKeyBody = z.infer<typeof createApiKeyBody>;

export const apiKeyItem = z.object({
  id: z.uuid(),
  name: z.string(),
  /** `pk_…`: the public part that names the key in lists and logs. */
  prefix: z.string(),
  scopes: z.array(apiScope),
  /** The External integration the key ingests into (the ingestion keys); null for organisation keys. */
  integrationId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  /** Updated at most once a minute. */
  lastUsedAt: z.iso.datetime().nullable(),
});
export type ApiKeyItem = z.infer<typeof apiKeyItem>;
export const apiKeyList = listOf(apiKeyItem);
export type ApiKeyList = z.infer<typeof apiKeyList>;
/** The whole key `pk_<prefix>.<secret>`, in this answer only. */
export const createdApiKey = z.object({ apiKey: z.string(), key: apiKeyItem });
export type CreatedApiKey = z.infer<typeof createdApiKey>;

export const createOAuthClientBody = z.strictObject({ name: plainText(120), scopes: scopeSet });
export type CreateOAuthClientBody = z.infer<typeof createOAuthClientBody>;

export const oauthClientItem = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The public client id sent with the secret to `POST /api/oauth/token`. */
  clientId: z.string(),
  scopes: z.array(apiScope),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type OAuthClientItem = z.infer<typeof oauthClientItem>;
export const oauthClientList = listOf(oauthClientItem);
export type OAuthClientList = z.infer<typeof oauthClientList>;
/** The client secret, in this answer only. */
export const createdOAuthClient = z.object({ clientSecret: z.string(), client: oauthClientItem });
export type CreatedOAuthClient = z.infer<typeof createdOAuthClient>;

/** RFC 6749 §4.4.2: the token request's form fields (client credentials may come by HTTP Basic instead). */
export const oauthTokenBody = z.object({
  grant_type: z.string(),
  scope: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
});

/** RFC 6749 §5.1. */
export const oauthTokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
  scope: z.string(),
});
export type OAuthTokenResponse = z.infer<typeof oauthTokenResponse>;

/** RFC 6749 §5.2: the token endpoint's errors, not the portal's error envelope. */
export const oauthErrorCode = z.enum(['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope']);
export type OAuthErrorCode = z.infer<typeof oauthErrorCode>;
export const oauthErrorResponse = z.object({ error: oauthErrorCode, error_description: z.string().optional() });
export type OAuthErrorResponse = z.infer<typeof oauthErrorResponse>;

/** RFC 7517 JWK Set of the public keys access tokens are signed with. */
export const jwksResponse = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });
