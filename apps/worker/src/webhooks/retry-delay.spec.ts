import { WEBHOOK_MAX_ATTEMPTS, WEBHOOK_RETRY_DELAYS_MS } from '@portal/contracts';
import { describe, expect, it } from 'vitest';
import { nextAttemptDelay, retryAfterMs } from './retry-delay';

const NOW = new Date('2026-12-02T10:00:00.000Z');

describe('webhook retry delays', () => {
  it('follows the schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h) within ±10 % jitter, and stops after the last attempt', () => {
    expect(WEBHOOK_MAX_ATTEMPTS).toBe(8);
    for (const [i, base] of WEBHOOK_RETRY_DELAYS_MS.entries()) {
      const failed = i + 1;
      expect(nextAttemptDelay(failed, WEBHOOK_RETRY_DELAYS_MS, { now: NOW, random: () => 0 })).toBe(Math.round(base * 0.9));
      expect(nextAttemptDelay(failed, WEBHOOK_RETRY_DELAYS_MS, { now: NOW, random: () => 0.5 })).toBe(base);
      expect(nextAttemptDelay(failed, WEBHOOK_RETRY_DELAYS_MS, { now: NOW, random: () => 0.999999 })).toBeLessThanOrEqual(Math.round(base * 1.1));
      for (let n = 0; n < 50; n++) {
        const d = nextAttemptDelay(failed, WEBHOOK_RETRY_DELAYS_MS, { now: NOW })!;
        expect(d).toBeGreaterThanOrEqual(Math.round(base * 0.9));
        expect(d).toBeLessThanOrEqual(Math.round(base * 1.1));
      }
    }
    expect(nextAttemptDelay(WEBHOOK_MAX_ATTEMPTS, WEBHOOK_RETRY_DELAYS_MS, { now: NOW })).toBeNull();
    expect(nextAttemptDelay(3, [200, 400], { now: NOW })).toBeNull();
  });

  it('waits longer when Retry-After asks for it, in seconds or as an HTTP date, never shorter', () => {
    const after = (retryAfter: string) => nextAttemptDelay(1, WEBHOOK_RETRY_DELAYS_MS, { now: NOW, random: () => 0.5, retryAfter });
    expect(after('120')).toBe(120_000);
    expect(after('1')).toBe(5_000);
    expect(after(new Date(NOW.getTime() + 90_000).toUTCString())).toBe(90_000);
    expect(after(new Date(NOW.getTime() - 90_000).toUTCString())).toBe(5_000);
    expect(after('soon')).toBe(5_000);
  });

  it('reads Retry-After as seconds or an HTTP date, at most a day', () => {
    expect(retryAfterMs('30', NOW)).toBe(30_000);
    expect(retryAfterMs(' 0 ', NOW)).toBe(0);
    expect(retryAfterMs('Wed, 02 Dec 2026 10:05:00 GMT', NOW)).toBe(300_000);
    expect(retryAfterMs('9999999', NOW)).toBe(24 * 3600_000);
    expect(retryAfterMs(undefined, NOW)).toBeNull();
    expect(retryAfterMs('-5', NOW)).toBeNull();
    expect(retryAfterMs('', NOW)).toBeNull();
  });
});
