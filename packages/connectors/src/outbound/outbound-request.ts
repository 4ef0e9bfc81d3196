import http from 'node:http';
import https from 'node:https';
import { assertOutboundUrl, guardedLookup, OutboundAddressRefused, type OutboundPolicy } from './outbound-guard';

export interface OutboundRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** The whole exchange, connect to last byte. */
  timeoutMs: number;
  policy: OutboundPolicy;
  /** Answers larger than this are cut off as a network failure (a runaway server cannot fill memory). */
  maxBytes?: number;
  /**
   * Keep only this many bytes of the answer's body and stop reading there: the
   * answer counts as complete (status and headers are what matters, e.g. a
   * webhook receiver's), and a huge or endless body costs nothing.
   */
  keepBytes?: number;
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Set-Cookie values, as sent. */
  cookies: string[];
  body: string;
}

/** The request never got a complete answer: refused, reset, cut mid-body, timed out. Worth retrying. */
export class OutboundNetworkError extends Error {
  override readonly name = 'OutboundNetworkError';
  /** The answer did not come within the request's `timeoutMs` (rather than being refused or cut). */
  readonly timedOut: boolean;

  constructor(message: string, opts: { cause?: unknown; timedOut?: boolean } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.timedOut = opts.timedOut ?? false;
  }
}

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * One HTTP(S) request to a user-given address through the outbound guard.
 * Redirects are answered as they come (3xx), never followed: a redirect to
 * an internal address would otherwise bypass the guard.
 */
export async function outboundRequest(url: URL, req: OutboundRequest): Promise<OutboundResponse> {
  assertOutboundUrl(url, req.policy);
  const transport = url.protocol === 'https:' ? https : http;
  const maxBytes = req.maxBytes ?? DEFAULT_MAX_BYTES;
  return new Promise<OutboundResponse>((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: req.method ?? 'GET',
        headers: { ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}), ...req.headers },
        lookup: guardedLookup(req.policy) as unknown as http.RequestOptions['lookup'],
        timeout: req.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = (body: Buffer) => {
          const setCookie = res.headers['set-cookie'];
          resolve({ status: res.statusCode ?? 0, headers: res.headers, cookies: setCookie ?? [], body: body.toString('utf8') });
        };
        res.on('data', (c: Buffer) => {
          if (req.keepBytes !== undefined && size + c.length >= req.keepBytes) {
            chunks.push(c.subarray(0, req.keepBytes - size));
            done(Buffer.concat(chunks));
            request.destroy();
            return;
          }
          size += c.length;
          if (size > maxBytes) {
            request.destroy(new OutboundNetworkError(`answer larger than ${maxBytes} bytes`));
            return;
          }
          chunks.push(c);
        });
        res.on('aborted', () => reject(new OutboundNetworkError('connection closed before the answer was complete')));
        res.on('error', (err) => reject(networkError(err)));
        res.on('end', () => {
          if (!res.complete) return reject(new OutboundNetworkError('connection closed before the answer was complete'));
          done(Buffer.concat(chunks));
        });
      },
    );
    const deadline = setTimeout(
      () => request.destroy(new OutboundNetworkError(`no complete answer within ${req.timeoutMs} ms`, { timedOut: true })),
      req.timeoutMs,
    );
    request.on('close', () => clearTimeout(deadline));
    request.on('timeout', () => request.destroy(new OutboundNetworkError(`no answer within ${req.timeoutMs} ms`, { timedOut: true })));
    request.on('error', (err) => reject(networkError(err)));
    if (req.body !== undefined) request.write(req.body);
    request.end();
  });
}

function networkError(err: unknown): Error {
  if (err instanceof OutboundAddressRefused || err instanceof OutboundNetworkError) return err;
  return new OutboundNetworkError(err instanceof Error ? err.message : String(err), { cause: err });
}
