import { describe, expect, it } from 'vitest';
import { DmsAuthError, DmsClient, DmsProtocolError, DmsRateLimitError, DmsUnavailableError, retryAfterMs } from './dms-client';

const respond = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers })) as typeof fetch;

const client = (fetchImpl: typeof fetch) => new DmsClient({ baseUrl: 'http://dms.test/', accessKey: '446-x', fetchImpl });

describe('DmsClient', () => {
  it('sends the AccessKey header and parses a page', async () => {
    let seen: Request | undefined;
    const c = client((async (url: string, init: RequestInit) => {
      seen = new Request(url, init);
      return new Response(JSON.stringify({ data: [{ id: '1' }], next_cursor: null }));
    }) as typeof fetch);
    const page = await c.page('sales-orders', { updatedSince: '2024-01-01T00:00:00+07:00', limit: 50 });
    expect(page.data).toHaveLength(1);
    expect(seen?.headers.get('x-access-key')).toBe('446-x');
    expect(seen?.url).toBe('http://dms.test/api/v1/sales-orders?updated_since=2024-01-01T00%3A00%3A00%2B07%3A00&limit=50');
  });

  it('maps 401 to DmsAuthError, 429 to DmsRateLimitError with Retry-After, 5xx to DmsUnavailableError', async () => {
    await expect(client(respond(401, { error: {} })).catalogue()).rejects.toBeInstanceOf(DmsAuthError);
    const rl = await client(respond(429, {}, { 'retry-after': '3' }))
      .catalogue()
      .catch((e: unknown) => e);
    expect(rl).toBeInstanceOf(DmsRateLimitError);
    expect((rl as DmsRateLimitError).retryAfterMs).toBe(3000);
    await expect(client(respond(503, 'down')).catalogue()).rejects.toBeInstanceOf(DmsUnavailableError);
  });

  it('reports an unreachable DMS and a contract violation distinctly', async () => {
    const refused = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    await expect(client(refused).catalogue()).rejects.toBeInstanceOf(DmsUnavailableError);
    await expect(client(respond(200, { rows: [] })).page('sales-orders', {})).rejects.toBeInstanceOf(DmsProtocolError);
    await expect(client(respond(200, 'not json')).catalogue()).rejects.toBeInstanceOf(DmsProtocolError);
  });

  it('parses Retry-After in seconds or as a date, bounded', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(null)).toBe(1000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 5_000)).toBe(5000);
    expect(retryAfterMs('99999')).toBe(600_000);
  });

  it('pages master data, and takes a 404 there as "not offered" rather than an error', async () => {
    let url = '';
    const c = client((async (u: string) => {
      url = u;
      return new Response(JSON.stringify({ data: [{ id: 'C1' }], next_cursor: 'n2' }));
    }) as typeof fetch);
    expect(await c.masterDataPage('customers', { cursor: 'n1', limit: 10 })).toEqual({ offered: true, data: [{ id: 'C1' }], next_cursor: 'n2' });
    expect(url).toBe('http://dms.test/api/v1/customers?cursor=n1&limit=10');
    expect(await client(respond(404, { error: { code: 'UNKNOWN_MODEL' } })).masterDataPage('products', {})).toEqual({ offered: false });
    // A 404 on a document type is still a contract violation, and other failures stay errors on master data.
    await expect(client(respond(404, {})).page('sales-orders', {})).rejects.toBeInstanceOf(DmsProtocolError);
    await expect(client(respond(401, {})).masterDataPage('products', {})).rejects.toBeInstanceOf(DmsAuthError);
    await expect(client(respond(503, 'down')).masterDataPage('customers', {})).rejects.toBeInstanceOf(DmsUnavailableError);
  });
});
