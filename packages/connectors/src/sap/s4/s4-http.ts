import type { S4Connection, SapErrorDetail } from '@portal/contracts';
import { ConnectorError, type ConnectorFault } from '../../connector-error';
import { OutboundNetworkError, outboundRequest, type OutboundResponse } from '../../outbound/outbound-request';
import { readV2Collection, sapErrorOf, type V2Collection, V2FormatError } from '../odata/v2-values';
import type { SapSettings } from '../sap-settings';

export const CREDENTIALS_REJECTED = 'SAP credentials rejected';
const DEFAULT_RETRY_AFTER_MS = 30_000;
// A cached token is replaced this long before SAP would expire it (at most a tenth of its lifetime, for short-lived ones).
const TOKEN_MARGIN_MS = 30_000;

/** The OAuth token endpoint refused the client (or answered nothing usable): every service is unreachable with it. */
export class TokenRefused extends Error {
  override readonly name = 'TokenRefused';
  constructor(
    readonly fault: ConnectorFault,
    message: string,
    readonly httpStatus: number | null,
    readonly sourceError: SapErrorDetail | null,
  ) {
    super(message);
  }
  toConnectorError(): ConnectorError {
    return new ConnectorError('SAP', this.fault, this.message, { cause: this, ...(this.sourceError ? { sourceError: this.sourceError } : {}) });
  }
}

/**
 * HTTP to one S/4HANA system: GET only (plus the OAuth token POST), always
 * JSON, `sap-client` on every call, every failure as a ConnectorError with
 * SAP's own error detail. Holds the OAuth token for the connector's lifetime
 * (one run), refreshing it once when SAP answers 401.
 */
export class S4Http {
  private token: { value: string; expiresAt: number } | null = null;

  constructor(
    private readonly connection: S4Connection,
    private readonly settings: SapSettings,
  ) {}

  /** `{baseUrl}/sap/opu/odata/sap/<SERVICE>/` */
  serviceRoot(service: string): URL {
    const base = this.connection.baseUrl.endsWith('/') ? this.connection.baseUrl : `${this.connection.baseUrl}/`;
    return new URL(`sap/opu/odata/sap/${service}/`, base);
  }

  /** A URL under the service root with its query options, `$format=json` and the `sap-client`. */
  url(service: string, path: string, query: Record<string, string> = {}): URL {
    const url = new URL(path, this.serviceRoot(service));
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    if (path !== '$metadata') url.searchParams.set('$format', 'json');
    if (this.connection.sapClient) url.searchParams.set('sap-client', this.connection.sapClient);
    return url;
  }

  /** `__next` as SAP sent it, absolute or relative to the service root; never rebuilt (its `$skiptoken` is opaque). */
  nextUrl(service: string, next: string): URL {
    return new URL(next, this.serviceRoot(service));
  }

  /** One GET with the credentials; a 401 on a cached OAuth token fetches a new one and asks once more. Throws only for network failures and TokenRefused. */
  async get(url: URL, accept = 'application/json'): Promise<OutboundResponse> {
    const cachedToken = this.token !== null;
    const res = await this.send(url, accept);
    if (res.status === 401 && this.connection.auth.type === 'OAUTH2_CLIENT_CREDENTIALS' && cachedToken) {
      this.token = null;
      return this.send(url, accept);
    }
    return res;
  }

  /** A collection page, or the ConnectorError it stands for. `where` names the service and set in the message (never a URL or credential). */
  async collection(url: URL, where: string): Promise<V2Collection> {
    return collectionOf(await this.mapped(() => this.get(url), where), where);
  }

  /** Runs a call, turning network failures and a refused token into ConnectorErrors (an outbound-address refusal passes through). */
  async mapped<T>(call: () => Promise<T>, where: string): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof OutboundNetworkError)
        throw new ConnectorError('SAP', { kind: 'unavailable' }, `SAP ${where} could not be reached: ${err.message}`, { cause: err });
      if (err instanceof TokenRefused) throw err.toConnectorError();
      throw err;
    }
  }

  private async send(url: URL, accept: string): Promise<OutboundResponse> {
    return outboundRequest(url, {
      method: 'GET',
      headers: {
        accept,
        authorization: await this.authorization(),
        // Also as a header: a `__next` that dropped the query parameter still reaches the same client.
        ...(this.connection.sapClient ? { 'sap-client': this.connection.sapClient } : {}),
      },
      timeoutMs: this.settings.timeoutMs,
      policy: this.settings.outbound,
    });
  }

  private async authorization(): Promise<string> {
    const auth = this.connection.auth;
    if (auth.type === 'BASIC') return basic(auth.username, auth.password);
    const now = this.now();
    if (this.token && this.token.expiresAt > now) return `Bearer ${this.token.value}`;
    const res = await outboundRequest(new URL(auth.tokenUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: basic(auth.clientId, auth.clientSecret) },
      body: 'grant_type=client_credentials',
      timeoutMs: this.settings.timeoutMs,
      policy: this.settings.outbound,
    });
    if (res.status !== 200) {
      const fault = faultOfStatus(res);
      // The token endpoint answers 400 invalid_client / 401 for a wrong client id or secret.
      const refused = res.status === 400 || fault.kind === 'credentials-rejected';
      throw new TokenRefused(
        refused ? { kind: 'credentials-rejected' } : fault,
        refused ? CREDENTIALS_REJECTED : `the SAP OAuth token endpoint answered HTTP ${res.status}`,
        res.status,
        sapErrorOf(res.body),
      );
    }
    let token: { access_token?: unknown; expires_in?: unknown };
    try {
      token = JSON.parse(res.body) as typeof token;
    } catch {
      throw new TokenRefused({ kind: 'malformed' }, 'the SAP OAuth token endpoint did not answer JSON', res.status, null);
    }
    if (typeof token.access_token !== 'string' || token.access_token === '')
      throw new TokenRefused({ kind: 'malformed' }, 'the SAP OAuth token endpoint answered no access_token', res.status, null);
    const lifetimeMs = Number(token.expires_in) > 0 ? Number(token.expires_in) * 1000 : 0;
    this.token = { value: token.access_token, expiresAt: now + lifetimeMs - Math.min(TOKEN_MARGIN_MS, lifetimeMs / 10) };
    return `Bearer ${this.token.value}`;
  }

  private now(): number {
    return (this.settings.now ?? (() => new Date()))().getTime();
  }
}

function basic(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`, 'utf8').toString('base64')}`;
}

/** A collection answer read, or the ConnectorError it stands for. */
export function collectionOf(res: OutboundResponse, where: string): V2Collection {
  if (res.status !== 200) throw errorOfAnswer(res, where);
  try {
    return readV2Collection(res.body);
  } catch (err) {
    if (err instanceof V2FormatError) throw new ConnectorError('SAP', { kind: 'malformed' }, `SAP ${where}: ${err.message}`, { cause: err });
    throw err;
  }
}

/** What an HTTP status stands for, before SAP's words are added. */
export function faultOfStatus(res: OutboundResponse): ConnectorFault {
  if (res.status === 401 || res.status === 403) return { kind: 'credentials-rejected' };
  if (res.status === 429) return { kind: 'rate-limited', retryAfterMs: retryAfterMs(res.headers['retry-after']) };
  if (res.status >= 500) return { kind: 'unavailable', status: res.status };
  // A redirect (to a login page), 400, 404: SAP answered outside its contract for this call; retrying will not help.
  return { kind: 'malformed' };
}

/** The ConnectorError a non-200 answer stands for, with SAP's code, message and transaction id kept. */
export function errorOfAnswer(res: OutboundResponse, where: string): ConnectorError {
  const fault = faultOfStatus(res);
  const sourceError = sapErrorOf(res.body);
  const said = sourceError?.message ? `: ${sourceError.message}` : '';
  const message = fault.kind === 'credentials-rejected' ? CREDENTIALS_REJECTED : `SAP ${where} answered HTTP ${res.status}${said}`;
  return new ConnectorError('SAP', fault, message, sourceError ? { sourceError } : {});
}

function retryAfterMs(header: string | string[] | undefined): number {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(v);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, at - Date.now());
}
