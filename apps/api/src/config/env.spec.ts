import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadApiEnv } from './env';

const load = (env: Record<string, string>) => loadApiEnv({ NODE_ENV: 'test', ...env });

describe('TRUST_PROXY', () => {
  it('trusts no proxy when unset', () => {
    expect(load({}).TRUST_PROXY).toBe(false);
  });

  it('takes proxy addresses, CIDRs and named ranges', () => {
    expect(load({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,loopback, fd00::/8' }).TRUST_PROXY).toEqual(['10.0.0.5', '10.1.0.0/16', 'loopback', 'fd00::/8']);
  });

  it('refuses "trust everyone", hop counts and malformed entries at boot', () => {
    for (const value of ['true', '*', '2', '10.0.0.0/33', 'proxy.internal']) {
      expect(() => load({ TRUST_PROXY: value }), value).toThrow(/TRUST_PROXY/);
    }
  });
});

describe('LOGIN_RATE_LIMIT_WINDOW', () => {
  it('reads a duration in words as milliseconds, 5 minutes by default', () => {
    expect(load({}).LOGIN_RATE_LIMIT_WINDOW).toBe(300_000);
    expect(load({ LOGIN_RATE_LIMIT_WINDOW: '30 seconds' }).LOGIN_RATE_LIMIT_WINDOW).toBe(30_000);
    expect(load({ LOGIN_RATE_LIMIT_WINDOW: '1 hour' }).LOGIN_RATE_LIMIT_WINDOW).toBe(3_600_000);
  });

  it('refuses what it cannot read', () => {
    expect(() => load({ LOGIN_RATE_LIMIT_WINDOW: 'a while' })).toThrow(/LOGIN_RATE_LIMIT_WINDOW/);
  });
});

describe('OAUTH_SIGNING_KEYS', () => {
  afterEach(() => vi.unstubAllEnvs());
  const key = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd', kid: 'k1', alg: 'ES256' };

  it('is required in production: tokens must outlive a restart and verify on every instance', () => {
    vi.stubEnv('NODE_ENV', 'production');
    expect(() => loadApiEnv({ NODE_ENV: 'production' })).toThrow(/OAUTH_SIGNING_KEYS is required in production/);
  });

  it('may be unset elsewhere (a key is made at boot)', () => {
    expect(load({}).OAUTH_SIGNING_KEYS).toBeNull();
  });

  it('takes a JWK set of private ES256 or EdDSA keys, first one first', () => {
    expect(load({ OAUTH_SIGNING_KEYS: JSON.stringify({ keys: [key, { ...key, kid: 'k0' }] }) }).OAUTH_SIGNING_KEYS?.map((k) => k.kid)).toEqual(['k1', 'k0']);
  });

  it('refuses public-only keys, other algorithms, keys without kid and what is not JSON', () => {
    const { d: _private, ...publicOnly } = key;
    for (const keys of [[publicOnly], [{ ...key, alg: 'HS256' }], [{ ...key, kid: '' }], []]) {
      expect(() => load({ OAUTH_SIGNING_KEYS: JSON.stringify({ keys }) })).toThrow(/OAUTH_SIGNING_KEYS/);
    }
    expect(() => load({ OAUTH_SIGNING_KEYS: 'not json' })).toThrow(/OAUTH_SIGNING_KEYS/);
  });
});

describe('RATE_LIMIT_SCOPES', () => {
  it('reads scope=requests-a-minute pairs, none by default', () => {
    expect(load({}).RATE_LIMIT_SCOPES).toEqual({});
    expect(load({ RATE_LIMIT_SCOPES: 'documents:read=300, ingest:write=1200' }).RATE_LIMIT_SCOPES).toEqual({ 'documents:read': 300, 'ingest:write': 1200 });
  });

  it('refuses unknown scopes and numbers it cannot read', () => {
    for (const value of ['admin=5', 'documents:read=0', 'documents:read=lots', 'documents:read']) {
      expect(() => load({ RATE_LIMIT_SCOPES: value }), value).toThrow(/RATE_LIMIT_SCOPES/);
    }
  });
});
