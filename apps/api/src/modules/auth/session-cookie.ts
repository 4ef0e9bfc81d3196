import type { ApiEnv } from '../../config/env';

export interface SessionCookie {
  name: string;
  options: { httpOnly: true; secure: true | 'auto'; sameSite: 'lax'; path: '/' };
}

/**
 * The session cookie's name and attributes, one home for setting and clearing
 * it. A portal served over HTTPS (PUBLIC_BASE_URL) always marks it Secure and
 * names it `__Host-…`, which browsers accept only Secure, host-only and on
 * path / (no sibling subdomain can plant or shadow it). Otherwise it is
 * Secure whenever the request itself came over HTTPS, directly or through a
 * TRUST_PROXY hop's X-Forwarded-Proto.
 */
export function sessionCookie(env: Pick<ApiEnv, 'PUBLIC_BASE_URL'>): SessionCookie {
  const https = new URL(env.PUBLIC_BASE_URL).protocol === 'https:';
  return {
    name: https ? '__Host-portal.sid' : 'portal.sid',
    options: { httpOnly: true, secure: https ? true : 'auto', sameSite: 'lax', path: '/' },
  };
}
