import { randomBytes } from 'node:crypto';

/** What Agent needs of an app: Fastify's inject() (NestFastifyApplication has it). */
export interface InjectTarget {
  inject(opts: { method: HttpMethod; url: string; remoteAddress?: string; headers?: Record<string, string>; payload?: string }): Promise<{
    statusCode: number;
    body: string;
    headers: Record<string, string | string[] | number | undefined>;
  }>;
}

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** A cookie jar for inject(): keeps the session cookie between calls. */
export class Agent {
  cookie = '';

  /** `ip`: the client address the API sees (rate limits count per address). */
  constructor(
    private readonly app: InjectTarget,
    readonly ip = '127.0.0.1',
  ) {}

  async request(method: HttpMethod, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: { ...headers, ...(this.cookie ? { cookie: this.cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers['set-cookie'];
    const first = Array.isArray(set) ? set[0] : set;
    if (typeof first === 'string') this.cookie = first.split(';')[0] ?? '';
    return { status: res.statusCode, body: res.body ? safeJson(res.body) : undefined, headers: res.headers };
  }
}

// Tests read response bodies loosely; each assertion names the fields it checks.
function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

let counter = 0;
export const uniqueEmail = (label: string) => `${label}.${Date.now().toString(36)}.${(counter++).toString(36)}@test.local`;

// Rate limits count per client address and their counters live in Redis,
// which outlives a run: an agent that may be throttled gets an address of its own.
const octet = () => (randomBytes(1)[0]! % 250) + 1;
export const randomIp = () => `10.${octet()}.${octet()}.${octet()}`;
