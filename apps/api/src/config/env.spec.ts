import { describe, expect, it } from 'vitest';
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
