import { Inject, Injectable } from '@nestjs/common';
import { type ApiScope, apiScope, type OAuthErrorCode, oauthTokenBody, type OAuthTokenResponse } from '@portal/contracts';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';
import { type Limit, RateCounter } from '../../infra/rate-counter';
import { OAuthClientsService } from './oauth-clients.service';
import { SigningKeys } from './signing-keys';
import { Clock } from '../../common/clock';

/** RFC 9068 §2.2 recommends short access tokens: a revoked client's also end at once (activeClient). */
export const ACCESS_TOKEN_TTL_SECONDS = 900;

/** RFC 6749 §5.2: a refusal of the token endpoint. `basic`: the client authenticated by HTTP Basic (401 answers then carry the challenge). */
export class OAuthError {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    readonly basic = false,
  ) {}
  get status(): number {
    return this.code === 'invalid_client' ? 401 : 400;
  }
}

/** What a verified access token speaks for. */
export interface TokenPrincipal {
  clientId: string;
  /** The client's row id and name. */
  client: { id: string; name: string };
  organizationId: string;
  scopes: ApiScope[];
}

/**
 * The client credentials grant (RFC 6749 §4.4) and the verification of the
 * access tokens it issues: JWTs (RFC 9068 shape) signed by SigningKeys,
 * naming the client (`sub`), its organisation (`org`) and the granted
 * `scope`, valid 15 minutes, and only while the client is not revoked.
 */
@Injectable()
export class OAuthTokenService {
  constructor(
    private readonly clients: OAuthClientsService,
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
    private readonly counter: RateCounter,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  /**
   * The token answer, or the RFC 6749 §5.2 error to send. An address whose
   * client authentications failed OAUTH_AUTH_FAILURE_MAX times this minute is
   * refused (429 RATE_LIMITED with Retry-After) before any secret is checked,
   * so guessing secrets or flooding the endpoint with bad ones stays cheap.
   */
  async grant(body: unknown, authorization: string | undefined, address: string): Promise<OAuthTokenResponse | OAuthError> {
    const failures: Limit = { key: `oauth:failures:${address}`, max: this.env.OAUTH_AUTH_FAILURE_MAX, windowMs: 60_000 };
    await this.counter.refuseAtCeiling(failures);
    const answer = await this.answer(body, authorization);
    if (answer instanceof OAuthError && answer.code === 'invalid_client') await this.counter.record(failures);
    return answer;
  }

  private async answer(body: unknown, authorization: string | undefined): Promise<OAuthTokenResponse | OAuthError> {
    const form = oauthTokenBody.safeParse(body ?? {});
    if (!form.success) return new OAuthError('invalid_request', 'Send grant_type and the other parameters once each, as application/x-www-form-urlencoded');
    const { grant_type: grantType, scope, client_id: formId, client_secret: formSecret } = form.data;
    const basic = basicCredentials(authorization);
    if (basic === 'malformed') return new OAuthError('invalid_client', 'The Basic credentials are not client_id:client_secret in base64', true);
    if (basic && (formId !== undefined || formSecret !== undefined)) {
      return new OAuthError('invalid_request', 'Authenticate the client one way: HTTP Basic or client_id/client_secret, not both');
    }
    const credentials = basic ?? (formId !== undefined && formSecret !== undefined ? { id: formId, secret: formSecret } : null);
    if (!credentials) return new OAuthError('invalid_client', 'Authenticate the client with HTTP Basic or client_id and client_secret');
    const client = await this.clients.authenticate(credentials.id, credentials.secret);
    if (!client) return new OAuthError('invalid_client', 'Unknown client, wrong secret or revoked client', basic !== null);
    if (grantType !== 'client_credentials') return new OAuthError('unsupported_grant_type', 'Only grant_type=client_credentials is supported');

    const asked = scope === undefined ? client.scopes : scope.split(' ').filter((s) => s !== '');
    const granted = asked.filter((s): s is ApiScope => apiScope.safeParse(s).success && client.scopes.includes(s as ApiScope));
    if (granted.length !== asked.length || granted.length === 0) {
      return new OAuthError('invalid_scope', `The client may ask for: ${client.scopes.join(' ')}`);
    }
    const grantedScope = [...new Set(granted)].join(' ');
    const accessToken = await this.keys.sign(
      { sub: client.clientId, org: client.organizationId, scope: grantedScope },
      ACCESS_TOKEN_TTL_SECONDS,
      this.clock.now(),
    );
    return { access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL_SECONDS, scope: grantedScope };
  }

  /** Who a token speaks for: null when it is not one of ours, tampered with, expired, or its client was revoked. */
  async verify(token: string): Promise<TokenPrincipal | null> {
    let claims;
    try {
      claims = await this.keys.verify(token, this.clock.now());
    } catch {
      return null;
    }
    const { sub, org, scope } = claims;
    if (typeof sub !== 'string' || typeof org !== 'string' || typeof scope !== 'string') return null;
    const scopes = scope.split(' ').filter((s): s is ApiScope => apiScope.safeParse(s).success);
    const client = await this.clients.activeClient(org, sub);
    if (!client) return null;
    return { clientId: sub, client, organizationId: org, scopes };
  }
}

/** RFC 6749 §2.3.1: `Basic base64(urlencoded id ":" urlencoded secret)`; null when the header is not Basic. */
function basicCredentials(authorization: string | undefined): { id: string; secret: string } | null | 'malformed' {
  const encoded = /^Basic\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (encoded === undefined) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return 'malformed';
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')), secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')) };
  } catch {
    return 'malformed';
  }
}
