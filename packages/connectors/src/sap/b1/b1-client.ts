import type { B1Connection, SapErrorDetail } from '@portal/contracts';
import { ConnectorError } from '../../connector-error';
import { OutboundNetworkError, outboundRequest, type OutboundResponse } from '../../outbound/outbound-request';
import type { SapSettings } from '../sap-settings';

const SERVICE_ROOT = 'b1s/v1/';
// Without a Retry-After the Service Layer (or the proxy in front of it) gave no hint: wait a minute.
const DEFAULT_RETRY_AFTER_MS = 60_000;

/** One page of an entity set as the Service Layer sends it. */
export interface B1Page {
  value: Record<string, unknown>[];
  nextLink: string | null;
}

/**
 * A Service Layer session for one connection: logs in on first use, sends the
 * session cookies (B1SESSION, ROUTEID) with every read, and logs in again once
 * when a read answers 401 (the session timed out or was ended). Every failure
 * is a ConnectorError; the only writes are the Login and Logout POSTs.
 */
export class B1Client {
  private cookie: string | null = null;

  constructor(
    private readonly connection: B1Connection,
    private readonly settings: SapSettings,
  ) {}

  async login(): Promise<void> {
    const res = await this.send('Login', {
      method: 'POST',
      body: JSON.stringify({ CompanyDB: this.connection.companyDb, UserName: this.connection.username, Password: this.connection.password }),
    });
    if (res.status === 400 || res.status === 401 || res.status === 403)
      throw new ConnectorError('SAP', { kind: 'credentials-rejected' }, 'SAP credentials rejected', { sourceError: sourceErrorOf(res.body) });
    assertOk(res);
    jsonOf(res);
    const cookies = res.cookies.map((c) => c.split(';')[0]!.trim()).filter((c) => c.includes('='));
    if (!cookies.some((c) => c.startsWith('B1SESSION=')))
      throw new ConnectorError('SAP', { kind: 'malformed' }, 'The Service Layer answered the login without a B1SESSION cookie');
    this.cookie = cookies.join('; ');
  }

  /** Ends the session (it holds a licence seat until it times out); a failure here is nobody's concern. */
  async logout(): Promise<void> {
    if (!this.cookie) return;
    const cookie = this.cookie;
    this.cookie = null;
    await this.send('Logout', { method: 'POST', cookie }).catch(() => undefined);
  }

  /** `GET <relative>` parsed as JSON, with a page size when given. */
  private async getJson(relative: string, pageSize?: number): Promise<unknown> {
    return jsonOf(await this.get(relative, pageSize));
  }

  async getPage(relative: string, pageSize: number): Promise<B1Page> {
    const body = await this.getJson(relative, pageSize);
    const value = (body as { value?: unknown } | null)?.value;
    if (!Array.isArray(value) || value.some((v) => v === null || typeof v !== 'object' || Array.isArray(v)))
      throw new ConnectorError('SAP', { kind: 'malformed' }, `The Service Layer's answer to ${relative} has no list of documents (value)`);
    const next = (body as Record<string, unknown>)['odata.nextLink'] ?? (body as Record<string, unknown>)['@odata.nextLink'];
    return { value: value as Record<string, unknown>[], nextLink: typeof next === 'string' && next ? next : null };
  }

  async getText(relative: string): Promise<string> {
    return (await this.get(relative)).body;
  }

  private async get(relative: string, pageSize?: number): Promise<OutboundResponse> {
    const headers = pageSize ? { 'B1S-PageSize': String(pageSize) } : undefined;
    if (!this.cookie) await this.login();
    let res = await this.send(relative, { cookie: this.cookie!, headers });
    if (res.status === 401) {
      // Sessions time out (SessionTimeout minutes idle): one fresh login, then the same read again.
      await this.login();
      res = await this.send(relative, { cookie: this.cookie!, headers });
      if (res.status === 401)
        throw new ConnectorError('SAP', { kind: 'credentials-rejected' }, 'SAP credentials rejected', { sourceError: sourceErrorOf(res.body) });
    }
    assertOk(res);
    return res;
  }

  private async send(
    relative: string,
    opts: { method?: 'GET' | 'POST'; body?: string; cookie?: string; headers?: Record<string, string> | undefined },
  ): Promise<OutboundResponse> {
    const url = new URL(SERVICE_ROOT + relative, this.connection.baseUrl.endsWith('/') ? this.connection.baseUrl : `${this.connection.baseUrl}/`);
    try {
      return await outboundRequest(url, {
        method: opts.method ?? 'GET',
        headers: {
          accept: 'application/json',
          ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(opts.cookie ? { cookie: opts.cookie } : {}),
          ...opts.headers,
        },
        ...(opts.body !== undefined ? { body: opts.body } : {}),
        timeoutMs: this.settings.timeoutMs,
        policy: this.settings.outbound,
      });
    } catch (err) {
      // An outbound-address refusal passes through, as from S/4HANA: the API answers it as the user's URL, not as an outage.
      if (!(err instanceof OutboundNetworkError)) throw err;
      throw new ConnectorError('SAP', { kind: 'unavailable' }, `Business One unreachable: ${err.message}`, { cause: err });
    }
  }
}

function assertOk(res: OutboundResponse): void {
  if (res.status >= 200 && res.status < 300) return;
  const sourceError = sourceErrorOf(res.body);
  if (res.status === 429)
    throw new ConnectorError('SAP', { kind: 'rate-limited', retryAfterMs: retryAfterMs(res.headers['retry-after']) }, 'Business One asked to slow down (429)', {
      sourceError,
    });
  if (res.status === 403) throw new ConnectorError('SAP', { kind: 'credentials-rejected' }, 'SAP credentials rejected', { sourceError });
  throw new ConnectorError(
    'SAP',
    { kind: 'unavailable', status: res.status },
    `Business One answered ${res.status}${sourceError?.message ? `: ${sourceError.message}` : ''}`,
    {
      sourceError,
    },
  );
}

/** The JSON of a 2xx answer; an HTML page (a proxy's sign-in page) or cut JSON is malformed. */
function jsonOf(res: OutboundResponse): unknown {
  const type = String(res.headers['content-type'] ?? '');
  if (type && !type.includes('json'))
    throw new ConnectorError(
      'SAP',
      { kind: 'malformed' },
      `Business One answered ${type.split(';')[0]} instead of JSON (a sign-in page in front of the Service Layer?)`,
    );
  try {
    return JSON.parse(res.body);
  } catch (err) {
    throw new ConnectorError('SAP', { kind: 'malformed' }, 'Business One answered JSON that does not parse', { cause: err });
  }
}

/** `{"error":{"code":-1,"message":{"lang":"en-us","value":"…"}}}` (v1) or `{"error":{"code":"…","message":"…"}}` (v2). */
function sourceErrorOf(body: string): SapErrorDetail | undefined {
  try {
    const error = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    if (!error || typeof error !== 'object') return undefined;
    const message = typeof error.message === 'string' ? error.message : (error.message as { value?: unknown } | undefined)?.value;
    return {
      code: typeof error.code === 'number' || typeof error.code === 'string' ? String(error.code) : null,
      message: typeof message === 'string' ? message : null,
      transactionId: null,
    };
  } catch {
    return undefined;
  }
}

function retryAfterMs(header: string | string[] | undefined): number {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return DEFAULT_RETRY_AFTER_MS;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, at - Date.now());
}
