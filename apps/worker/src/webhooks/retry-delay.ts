/**
 * When the next attempt of a failed delivery is due (docs/product/events.md):
 * the schedule's wait for this attempt with ±10 % jitter, so endpoints that
 * failed together are not all retried in the same instant; longer when the
 * receiver's `Retry-After` asks for it (never shorter: the schedule already
 * protects a struggling receiver). A Retry-After past a day is read as a day.
 */
const JITTER = 0.1;
const MAX_RETRY_AFTER_MS = 24 * 3600_000;

/** `Retry-After` as milliseconds from `now`: delay-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now: Date): number | null {
  const value = header?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Math.min(Number(value) * 1000, MAX_RETRY_AFTER_MS);
  // An HTTP date names its day and month; anything else (a negative number, a bare year) is unreadable.
  const at = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(at - now.getTime(), 0), MAX_RETRY_AFTER_MS);
}

/**
 * The wait before attempt `failedAttempt + 1`, or null when `failedAttempt`
 * was the last the schedule allows (`delays.length + 1` attempts in all).
 */
export function nextAttemptDelay(
  failedAttempt: number,
  delays: readonly number[],
  opts: { retryAfter?: string; now: Date; random?: () => number },
): number | null {
  const base = delays[failedAttempt - 1];
  if (base === undefined) return null;
  const jittered = Math.round(base * (1 + JITTER * (2 * (opts.random ?? Math.random)() - 1)));
  return Math.max(jittered, retryAfterMs(opts.retryAfter, opts.now) ?? 0);
}
