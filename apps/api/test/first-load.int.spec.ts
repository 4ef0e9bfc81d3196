import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { register } from '@portal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app';

// A built SPA as apps/web's build leaves it: hashed files under assets/ with
// their .br/.gz beside them, index.html and the favicon at the top.
const webDist = mkdtempSync(path.join(tmpdir(), 'portal-web-dist-'));
const bundle = `export const screens = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `screen ${i}`))};\n`;
const BUNDLE = '/assets/index-Ab12Cd34.js';

let t: TestApp;
beforeAll(async () => {
  mkdirSync(path.join(webDist, 'assets'));
  writeFileSync(
    path.join(webDist, 'index.html'),
    `<!doctype html><html lang="id"><head><script type="module" src="${BUNDLE}"></script></head><body><div id="root"></div></body></html>`,
  );
  writeFileSync(path.join(webDist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(webDist, BUNDLE), bundle);
  writeFileSync(path.join(webDist, `${BUNDLE}.br`), brotliCompressSync(bundle));
  writeFileSync(path.join(webDist, `${BUNDLE}.gz`), gzipSync(bundle));
  t = await startTestApp('api_first_load', { WEB_DIST_DIR: webDist });
});
afterAll(async () => {
  await t?.close();
  rmSync(webDist, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

describe('compressed API answers', () => {
  it('compresses a JSON answer above 1 kB by the Accept-Encoding, brotli first, and leaves it alone for a client that asks for none', async () => {
    const plain = await get('/api/docs-json');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    const document = plain.json();

    const br = await get('/api/docs-json', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString('utf8'))).toEqual(document);

    const gz = await get('/api/docs-json', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString('utf8'))).toEqual(document);
  });

  it('sends a small answer as it is', async () => {
    const res = await get('/api/health', { 'accept-encoding': 'br, gzip' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.json().database.status).toBe('up');
  });

  it('still streams a CSV export as a download, compressed', async () => {
    const { agent } = await register(t.app, 'DISTRIBUTOR');
    const url = '/api/documents/export?format=csv';
    const plain = await get(url, { cookie: agent.cookie });
    expect(plain.statusCode).toBe(200);
    const res = await get(url, { cookie: agent.cookie, 'accept-encoding': 'gzip' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="documents-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(gunzipSync(res.rawPayload).toString('utf8')).toBe(plain.body);
  });
});

describe('the SPA files', () => {
  it('sends a hashed asset precompressed, cached for a year as immutable', async () => {
    const br = await get(BUNDLE, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(bundle);

    const gz = await get(BUNDLE, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(bundle);

    const plain = await get(BUNDLE);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(bundle);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('has index.html revalidated on every load, also where it answers for a screen of the SPA', async () => {
    for (const url of ['/', '/login', '/invites/some-token', '/documents?type=SALES_INVOICE']) {
      const res = await get(url, { accept: 'text/html', 'accept-encoding': 'br, gzip' });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      const html = res.headers['content-encoding'] === 'br' ? brotliDecompressSync(res.rawPayload).toString('utf8') : res.body;
      expect(html, url).toContain(`src="${BUNDLE}"`);
    }
    const icon = await get('/favicon.svg');
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it("answers a built file that is not there (an earlier release's chunk) with 404, not index.html", async () => {
    const res = await get('/assets/documents-page-Old12345.js', { accept: '*/*' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).not.toMatch(/text\/html/);
  });

  it('answers an unknown API path with the error envelope, not the SPA', async () => {
    const res = await get('/api/nothing-here', { accept: 'text/html' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });
});
