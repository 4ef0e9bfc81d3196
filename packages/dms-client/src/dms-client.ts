import { z } from 'zod';

/** The DMS refused the AccessKey (401): the key is wrong, revoked or changed. */
export class DmsAuthError extends Error {
  readonly kind = 'auth' as const;
}
/** 429: wait `retryAfterMs` before the next call. */
export class DmsRateLimitError extends Error {
  readonly kind = 'rate-limit' as const;
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}
/** Network failure, timeout or 5xx: worth retrying later. */
export class DmsUnavailableError extends Error {
  readonly kind = 'unavailable' as const;
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
/** The DMS answered something that does not follow the contract. */
export class DmsProtocolError extends Error {
  readonly kind = 'protocol' as const;
}
export type DmsError = DmsAuthError | DmsRateLimitError | DmsUnavailableError | DmsProtocolError;

const page = z.object({ data: z.array(z.unknown()), next_cursor: z.string().nullable() });
export type DmsPage = z.infer<typeof page>;

export interface DmsClientOptions {
  baseUrl: string;
  accessKey: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

/** Parses `Retry-After` (seconds or HTTP date); defaults to 1 s, capped at 10 minutes. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (!header) return 1000;
  const secs = Number(header);
  const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(header) - now;
  return Math.min(Math.max(Number.isFinite(ms) ? ms : 1000, 0), 600_000);
}

/**
 * HTTP client for the DMS contract (docs/product/dms-contract.md). It relies on nothing but that
 * contract, so any conforming DMS can replace the sample one.
 */
export class DmsClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly opts: DmsClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = opts.fetchImpl ?? fetch;
  }

  /** `GET /api/v1/meta/models`: also the "test connection" for an AccessKey. */
  async catalogue(): Promise<unknown> {
    return this.get('/api/v1/meta/models');
  }

  async page(model: string, q: { updatedSince?: string; cursor?: string; limit?: number }): Promise<DmsPage> {
    const params = new URLSearchParams();
    if (q.updatedSince) params.set('updated_since', q.updatedSince);
    if (q.cursor) params.set('cursor', q.cursor);
    if (q.limit) params.set('limit', String(q.limit));
    const body = await this.get(`/api/v1/${encodeURIComponent(model)}?${params.toString()}`);
    const parsed = page.safeParse(body);
    if (!parsed.success) throw new DmsProtocolError(`DMS page for ${model} does not follow the contract: ${parsed.error.message}`);
    return parsed.data;
  }

  private async get(path: string): Promise<unknown> {
    let res: Response;
    try {
      res = await this.fetchImpl(this.baseUrl + path, {
        headers: { 'X-Access-Key': this.opts.accessKey, accept: 'application/json' },
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
      });
    } catch (err) {
      const reason = err instanceof Error ? (err.name === 'TimeoutError' ? 'timed out' : err.message) : String(err);
      throw new DmsUnavailableError(`DMS at ${this.baseUrl} is unreachable (${reason})`);
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw new DmsAuthError('AccessKey rejected by the DMS');
    }
    if (res.status === 429) {
      await res.body?.cancel();
      throw new DmsRateLimitError('DMS rate limit (429)', retryAfterMs(res.headers.get('retry-after')));
    }
    if (res.status >= 500) {
      await res.body?.cancel();
      throw new DmsUnavailableError(`DMS answered ${res.status}`, res.status);
    }
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      throw new DmsProtocolError(`DMS answered ${res.status} for ${path.split('?')[0]}: ${text.slice(0, 200)}`);
    }
    try {
      return await res.json();
    } catch {
      throw new DmsProtocolError(`DMS answered invalid JSON for ${path.split('?')[0]}`);
    }
  }
}
