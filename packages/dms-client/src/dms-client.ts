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
/** A master-data page, or the DMS's answer that it does not offer that master data (404 on the path). */
export type DmsMasterDataPage = ({ offered: true } & DmsPage) | { offered: false };
/** The optional master-data paths of the contract. */
export type DmsMasterDataPath = 'customers' | 'products';
type PageQuery = { updatedSince?: string; cursor?: string; limit?: number };
const NOT_FOUND = Symbol('not found');

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

  async page(model: string, q: PageQuery): Promise<DmsPage> {
    return parsePage(model, await this.get(`/api/v1/${encodeURIComponent(model)}?${pageParams(q)}`));
  }

  /**
   * `GET /api/v1/customers` or `/api/v1/products`, which the contract makes
   * optional: a DMS that answers 404 there does not offer that master data,
   * an outcome rather than an error (any other failure throws as `page` does).
   */
  async masterDataPage(path: DmsMasterDataPath, q: PageQuery): Promise<DmsMasterDataPage> {
    const body = await this.get(`/api/v1/${path}?${pageParams(q)}`, { notFoundIsAnswer: true });
    if (body === NOT_FOUND) return { offered: false };
    return { offered: true, ...parsePage(path, body) };
  }

  private async get(path: string, opts: { notFoundIsAnswer?: boolean } = {}): Promise<unknown> {
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
    if (res.status === 404 && opts.notFoundIsAnswer) {
      await res.body?.cancel();
      return NOT_FOUND;
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

function pageParams(q: PageQuery): string {
  const params = new URLSearchParams();
  if (q.updatedSince) params.set('updated_since', q.updatedSince);
  if (q.cursor) params.set('cursor', q.cursor);
  if (q.limit) params.set('limit', String(q.limit));
  return params.toString();
}

function parsePage(model: string, body: unknown): DmsPage {
  const parsed = page.safeParse(body);
  if (!parsed.success) throw new DmsProtocolError(`DMS page for ${model} does not follow the contract: ${parsed.error.message}`);
  return parsed.data;
}
