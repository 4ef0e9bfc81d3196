import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { S4Tenant } from './tenants';

// Basic (the communication user) and OAuth 2.0 client credentials with
// expiring bearer tokens, each token bound to the client that issued it.

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function parseBasic(header: string | undefined): { user: string; password: string } | null {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export class S4Auth {
  private readonly tokens = new Map<string, { client: string; expiresAt: number }>();
  tokenLifetimeSeconds = 3600;

  issue(tenant: S4Tenant): { access_token: string; token_type: 'bearer'; expires_in: number } {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { client: tenant.client, expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000 });
    return { access_token: token, token_type: 'bearer', expires_in: this.tokenLifetimeSeconds };
  }

  clientCredentialsMatch(tenant: S4Tenant, clientId: string, secret: string): boolean {
    return !!tenant.oauth && same(clientId, tenant.oauth.clientId) && same(secret, tenant.oauth.secret);
  }

  /** Whether the Authorization header admits this request to the tenant. */
  admits(tenant: S4Tenant, authorization: string | undefined): boolean {
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (bearer) {
      const t = this.tokens.get(bearer[1]!);
      return !!t && t.client === tenant.client && t.expiresAt > Date.now();
    }
    const basic = parseBasic(authorization);
    return !!basic && same(basic.user, tenant.basic.user) && same(basic.password, tenant.basic.password);
  }

  expireAll(): void {
    for (const t of this.tokens.values()) t.expiresAt = 0;
  }

  reset(): void {
    this.tokens.clear();
    this.tokenLifetimeSeconds = 3600;
  }
}
