import { createServer } from 'node:net';
import { type RunningSampleDms, startSampleDms } from '@portal/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../connector-error';
import { FROM_START, type PullCursor, type PulledPage, sampleRecords } from '../source-connector';
import { DmsConnector } from './dms-connector';

const KEY = '446-bebaspakaivalueapapun';
const DOCS = 23;
let dms: RunningSampleDms;
const connector = (key = KEY) => new DmsConnector(key, { baseUrl: dms.url });

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

async function pullAll(from: PullCursor, pageSize = 10): Promise<PulledPage[]> {
  const pages: PulledPage[] = [];
  for await (const page of connector().pull('SALES_INVOICE', from, { pageSize })) pages.push(page);
  return pages;
}

const ids = (pages: PulledPage[]) => pages.flatMap((p) => p.records.map((r) => connector().sourceIdOf(r)));

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  dms = await startSampleDms({ docsPerType: DOCS, seed: 11, retryAfterSeconds: 3 });
});
afterAll(async () => dms?.close());
beforeEach(() => dms.control.setFaults({ failNext: null }));

describe('DmsConnector: describe', () => {
  it('generates one template per document type from the catalogue of a DMS that accepts the key', async () => {
    const templates = await connector().describe();
    expect(templates.map((t) => t.documentType).sort()).toEqual(['PURCHASE_INVOICE', 'PURCHASE_ORDER', 'SALES_INVOICE', 'SALES_ORDER', 'SALES_RETURN']);
    expect(templates.every((t) => t.missing.length === 0)).toBe(true);
  });

  it('reports a refused AccessKey as credentials-rejected, whatever part of the key is wrong', async () => {
    for (const key of ['446-wrong', '999-bebaspakaivalueapapun']) {
      const err = await failure(connector(key).describe());
      expect({ kind: err.kind, source: err.source, message: err.message }).toEqual({
        kind: 'credentials-rejected',
        source: 'DMS',
        message: 'AccessKey rejected',
      });
    }
  });
});

describe('DmsConnector: pull', () => {
  it('pages through every record of a type, the last page carrying the newest change as the next watermark', async () => {
    const pages = await pullAll(FROM_START);
    expect(pages).toHaveLength(3);
    expect(new Set(ids(pages)).size).toBe(DOCS);
    for (const page of pages.slice(0, -1)) expect(page.next).toEqual({ updatedSince: null, cursor: expect.any(String) });
    const newest = Math.max(...pages.flatMap((p) => p.records.map((r) => Date.parse((r as { updated_at: string }).updated_at))));
    expect(pages.at(-1)!.next).toEqual({ updatedSince: new Date(newest), cursor: null });
  });

  it('resumes from a stored mid-pass cursor with exactly the records not yet read', async () => {
    const [first, ...rest] = await pullAll(FROM_START);
    const resumed = await pullAll(first!.next);
    expect(ids(resumed)).toEqual(ids(rest));
  });

  it('from the last watermark, answers only what changed since (and the newest record, as updated_since is inclusive)', async () => {
    const pages = await pullAll(FROM_START);
    const watermark = pages.at(-1)!.next;
    const someId = connector().sourceIdOf(pages[1]!.records[0]);
    dms.control.touch('446', 'sales-invoices', someId!);
    const again = await pullAll(watermark);
    expect(ids(again)).toContain(someId);
    const others = again.flatMap((p) => p.records).filter((r) => connector().sourceIdOf(r) !== someId);
    expect(others.map((r) => Date.parse((r as { updated_at: string }).updated_at))).toEqual(others.map(() => watermark.updatedSince!.getTime()));
  });

  it('does not fetch the next page before the caller asks for it', async () => {
    const before = dms.control.requests;
    const pulling = connector().pull('SALES_INVOICE', FROM_START, { pageSize: 5 });
    await pulling.next();
    await new Promise((r) => setTimeout(r, 50));
    expect(dms.control.requests - before).toBe(1);
    await pulling.return();
  });

  it('reports 429 as rate-limited with the Retry-After wait', async () => {
    dms.control.setFaults({ failNext: { status: 429, count: 1 } });
    const err = await failure(pullAll(FROM_START));
    expect(err.fault).toEqual({ kind: 'rate-limited', retryAfterMs: 3000 });
  });

  it('reports a 5xx as unavailable with its status, and a DMS nobody answers at as unavailable without one', async () => {
    dms.control.setFaults({ failNext: { status: 503, count: 1 } });
    expect((await failure(pullAll(FROM_START))).fault).toEqual({ kind: 'unavailable', status: 503 });
    const down = new DmsConnector(KEY, { baseUrl: `http://127.0.0.1:${await closedPort()}` });
    const err = await failure(down.describe());
    expect(err.fault).toEqual({ kind: 'unavailable' });
    expect(err.message).toMatch(/unreachable/);
  });

  it('reports an answer outside the contract as malformed', async () => {
    // The DMS refuses a cursor it never issued with a 400.
    expect((await failure(pullAll({ updatedSince: null, cursor: 'not-a-cursor' }))).kind).toBe('malformed');
    const garbled = new DmsConnector(KEY, { baseUrl: dms.url, fetchImpl: (async () => new Response(JSON.stringify({ models: 'none' }))) as typeof fetch });
    expect((await failure(garbled.describe())).kind).toBe('malformed');
  });

  it('samples the first records of a type for a preview', async () => {
    const sample = await sampleRecords(connector(), 'SALES_INVOICE', 4);
    expect(sample).toHaveLength(4);
    expect(ids([{ records: sample, next: FROM_START }])).toEqual(ids(await pullAll(FROM_START, 4)).slice(0, 4));
  });
});
