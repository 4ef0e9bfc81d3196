import { describe, expect, it } from 'vitest';
import { metricsAccess, metricsToken } from './metrics-access';

const base = { authorization: undefined, peerAddress: '127.0.0.1', clientAddress: '127.0.0.1' };

describe('metricsAccess', () => {
  it('without a token admits loopback clients only, also behind a local proxy relaying an outside client', () => {
    expect(metricsAccess({ ...base, token: undefined })).toBe('allowed');
    expect(metricsAccess({ ...base, token: undefined, peerAddress: '::1', clientAddress: '::1' })).toBe('allowed');
    expect(metricsAccess({ ...base, token: undefined, peerAddress: '::ffff:127.0.0.1', clientAddress: '::ffff:127.0.0.1' })).toBe('allowed');
    expect(metricsAccess({ ...base, token: undefined, peerAddress: '10.0.0.7', clientAddress: '10.0.0.7' })).toBe('forbidden');
    expect(metricsAccess({ ...base, token: undefined, clientAddress: '203.0.113.9' })).toBe('forbidden');
  });

  it('with a token wants exactly that Bearer token, wherever the client is', () => {
    const token = 'scrape-token-0123456789abcdef';
    expect(metricsAccess({ ...base, token, peerAddress: '10.0.0.7', clientAddress: '10.0.0.7', authorization: `Bearer ${token}` })).toBe('allowed');
    expect(metricsAccess({ ...base, token })).toBe('unauthenticated');
    expect(metricsAccess({ ...base, token, authorization: `Bearer ${token}x` })).toBe('unauthenticated');
    expect(metricsAccess({ ...base, token, authorization: token })).toBe('unauthenticated');
  });

  it('METRICS_TOKEN: empty means unset, short tokens are refused', () => {
    expect(metricsToken.parse('')).toBeUndefined();
    expect(metricsToken.parse(undefined)).toBeUndefined();
    expect(metricsToken.safeParse('short').success).toBe(false);
  });
});
