// Fault drills both products share: what SAP systems and the proxies in front
// of them do to clients. Each product answers them in its own error shape;
// which failure a request gets is decided here, once. Probabilities are drawn
// from a seeded sequence, so a drill replays the same way.

export interface CommonFaults {
  /** Share of requests answered 429 with Retry-After. */
  rate429: number;
  retryAfterSeconds: number;
  /** Share of requests answered 503. */
  rate503: number;
  /** Delay before every answer. */
  latencyMs: number;
  /** Data answers stop partway through the body and the connection is cut. */
  cutConnection: boolean;
  /** Data answers are 200 with JSON that does not parse. */
  malformedJson: boolean;
  /** Answers are an HTML logon page with 200 (a proxy or an expired SSO session). */
  htmlLoginPage: boolean;
  /** After each page that has a next link, its first document changes before the next page is read. */
  changeBetweenPages: boolean;
  /** The next `count` requests fail with `status`. */
  failNext: { status: number; count: number } | null;
  /** Whether the master-data sets answer (false: 404, as a system without them); starts as the config's `masterData`. */
  masterData: boolean;
}

export const commonFaultDefaults = (): CommonFaults => ({
  rate429: 0,
  retryAfterSeconds: 2,
  rate503: 0,
  latencyMs: 0,
  cutConnection: false,
  malformedJson: false,
  htmlLoginPage: false,
  changeBetweenPages: false,
  failNext: null,
  masterData: true,
});

/** Waits the drill's latency. */
export async function delay(faults: CommonFaults): Promise<void> {
  if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
}

/** The HTTP status this request fails with (`failNext` first, then the 429 and 503 rates), or null to serve it. */
export function drawFailure(faults: CommonFaults, dice: () => number): number | null {
  if (faults.failNext && faults.failNext.count > 0) {
    const { status } = faults.failNext;
    faults.failNext.count--;
    if (faults.failNext.count === 0) faults.failNext = null;
    return status;
  }
  if (faults.rate429 > 0 && dice() < faults.rate429) return 429;
  if (faults.rate503 > 0 && dice() < faults.rate503) return 503;
  return null;
}
