import { endpoints, type Integration, type SyncRun } from '@portal/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-client';
import { call, endpointUrl } from './endpoint-client';

const ID = '3f0c6a52-8a4f-4b7e-9f3e-2d1c0b9a8e7f';
const RUN = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

function answer(status: number, body?: unknown) {
  const fetchMock = vi.fn(
    async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
const sent = (fetchMock: ReturnType<typeof answer>) => fetchMock.mock.calls[0] as unknown as [string, RequestInit];

afterEach(() => vi.unstubAllGlobals());

describe('endpointUrl', () => {
  it('fills the path params from the table and leaves empty query values out', () => {
    expect(endpointUrl(endpoints.listQuarantine, { params: { id: ID, runId: RUN }, query: { limit: 100 } })).toBe(
      `/api/integrations/${ID}/sync-runs/${RUN}/quarantine?limit=100`,
    );
    expect(endpointUrl(endpoints.exportDocuments, { query: { type: 'SALES_ORDER', party: '', from: undefined, format: 'xlsx' } })).toBe(
      '/api/documents/export?type=SALES_ORDER&format=xlsx',
    );
    expect(endpointUrl(endpoints.listIntegrations)).toBe('/api/integrations');
  });

  it('encodes param values and refuses a missing one', () => {
    expect(endpointUrl(endpoints.previewInvite, { params: { token: 'a/b?c' } })).toBe('/api/invites/a%2Fb%3Fc');
    expect(() => endpointUrl(endpoints.getIntegration, { params: { id: '' } })).toThrow(/missing path param "id"/);
  });
});

describe('call', () => {
  it("sends the table's method with a JSON body and returns the answer", async () => {
    const fetchMock = answer(202, { queued: [], alreadyRunning: ['SALES_ORDER'], queuedMasterData: [] });
    const res = await call(endpoints.syncIntegration, { params: { id: ID }, body: { mode: 'full' } });
    expect(res.alreadyRunning).toEqual(['SALES_ORDER']);
    const [url, init] = sent(fetchMock);
    expect(url).toBe(`/api/integrations/${ID}/sync`);
    expect(init).toMatchObject({ method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: '{"mode":"full"}' });
  });

  it('sends a multipart form as is (fetch sets its boundary) and an empty answer as undefined', async () => {
    const form = new FormData();
    form.append('file', new Blob(['type,source_id\n']), 'docs.csv');
    const fetchMock = answer(200, { data: [] });
    await call(endpoints.importDocuments, { params: { id: ID }, form });
    const [, init] = sent(fetchMock);
    expect(init).toMatchObject({ method: 'POST', body: form });
    expect(init.headers).toEqual({});

    answer(204);
    await expect(call(endpoints.deleteIntegration, { params: { id: ID } })).resolves.toBeUndefined();
    answer(202);
    await expect(call(endpoints.requestPasswordReset, { body: { email: 'rina@example.com' } })).resolves.toBeUndefined();
  });

  it('turns the error envelope into an ApiError with its code', async () => {
    answer(409, { error: { code: 'DMS_INTEGRATION_EXISTS', message: 'exists' } });
    const err: unknown = await call(endpoints.createIntegration, { body: { kind: 'DMS' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'DMS_INTEGRATION_EXISTS' });
  });
});

// Compiled by the typecheck, never run: a call that no longer matches the contract must not compile.
export function typedFromTheContract() {
  const integration: Promise<Integration> = call(endpoints.getIntegration, { params: { id: ID } });
  const runs: Promise<{ data: SyncRun[]; nextCursor: string | null }> = call(endpoints.listSyncRuns, { params: { id: ID }, query: { limit: 20 } });
  // @ts-expect-error the path param is required
  void call(endpoints.getIntegration);
  // @ts-expect-error not a field of the body schema
  void call(endpoints.syncIntegration, { params: { id: ID }, body: { mode: 'incremental', force: true } });
  // @ts-expect-error not a mode the contract knows
  void call(endpoints.syncIntegration, { params: { id: ID }, body: { mode: 'everything' } });
  // @ts-expect-error the endpoint takes no query
  void call(endpoints.listIntegrations, { query: { limit: 5 } });
  // @ts-expect-error an upload sends a form, not JSON
  void call(endpoints.importDocuments, { params: { id: ID }, body: {} });
  // @ts-expect-error the answer is a list, not one integration
  const wrong: Promise<Integration> = call(endpoints.listIntegrations);
  return [integration, runs, wrong];
}
