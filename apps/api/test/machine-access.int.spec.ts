import { randomBytes } from 'node:crypto';
import { createPrismaClient, type PrismaClient } from '@portal/db';
import { type Party, register } from '@portal/testing';
import { createLocalJWKSet, type CryptoKey, decodeProtectedHeader, exportJWK, generateKeyPair, type JWK, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app';

// Machine access (docs/product/api-keys-and-audit.md): API keys with scopes, OAuth client
// credentials, bearer callers on scoped endpoints, and the per-caller rate limits.

let t: TestApp;
let owner: PrismaClient;
let distA: Party;
let distB: Party;
let extA: { id: string; apiKey: string };
// The test holds the signing keys: the app signs with `current`, and still accepts `previous` (rotation).
let current: JWK;
let previous: JWK;
let previousKey: CryptoKey;

const ISSUER = 'http://localhost:3000';
const CROSS_SITE = { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' };

async function signingKey(kid: string) {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { jwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' } as JWK, privateKey };
}

type Answer = { status: number; body: any; headers: Record<string, unknown> };

/** A request as a script makes it: no cookie, only the bearer token. */
async function bearer(
  token: string,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  extra: { headers?: Record<string, string>; payload?: string | Buffer } = {},
): Promise<Answer> {
  const res = await t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...extra.headers }, payload: extra.payload });
  return { status: res.statusCode, body: res.body ? safeJson(res.body) : null, headers: res.headers };
}

const safeJson = (text: string) => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

async function createKey(party: Party, body: Record<string, unknown>) {
  const res = await party.agent.request('POST', '/api/api-keys', body);
  expect(res.status).toBe(201);
  return res.body as { apiKey: string; key: { id: string; prefix: string; scopes: string[] } };
}

async function createClient(party: Party, scopes: string[]) {
  const res = await party.agent.request('POST', '/api/oauth/clients', { name: 'BI warehouse', scopes });
  expect(res.status).toBe(201);
  return { id: res.body.client.id as string, clientId: res.body.client.clientId as string, secret: res.body.clientSecret as string };
}

async function tokenRequest(form: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(form).toString(),
  });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

const basic = (id: string, secret: string) => ({
  authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`,
});

const doc = (sourceId: string) => ({
  sourceId,
  number: `FJ/${sourceId}`,
  date: '2026-11-20',
  partyCode: 'C001',
  partyName: 'Toko Sinar Jaya',
  total: '1000',
  lines: [{ productCode: 'P001', productName: 'Mie Goreng', quantity: '1', unit: 'PCS', unitPrice: '1000', amount: '1000' }],
});

async function ingest(apiKey: string, sourceId: string) {
  return bearer(apiKey, 'POST', '/api/ingest/sales-invoices', {
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ documents: [doc(sourceId)] }),
  });
}

async function connectExternal(party: Party, name: string) {
  const res = await party.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL', name });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, apiKey: res.body.apiKey as string };
}

const numbers = (answer: Answer) => (answer.body.data as { number: string }[]).map((d) => d.number).sort();

beforeAll(async () => {
  const signer = await signingKey('k-current');
  const old = await signingKey('k-previous');
  [current, previous, previousKey] = [signer.jwk, old.jwk, old.privateKey];
  t = await startTestApp('api_machine_access', { OAUTH_SIGNING_KEYS: JSON.stringify({ keys: [current, previous] }) });
  owner = createPrismaClient(t.ownerUrl, { poolMax: 2 });
  [distA, distB] = [await register(t.app, 'DISTRIBUTOR'), await register(t.app, 'DISTRIBUTOR')];
  extA = await connectExternal(distA, 'ERP A');
  const extB = await connectExternal(distB, 'ERP B');
  expect((await ingest(extA.apiKey, 'A-1')).status).toBe(200);
  expect((await ingest(extB.apiKey, 'B-1')).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await owner?.$disconnect();
  await t?.close();
});

describe('API keys', () => {
  it('reads documents with a documents:read key and no cookie: only its own organisation, and no cookie is set', async () => {
    const { apiKey, key } = await createKey(distA, { name: 'BI', scopes: ['documents:read'] });
    expect(apiKey.startsWith(`${key.prefix}.`)).toBe(true);
    const list = await bearer(apiKey, 'GET', '/api/documents');
    expect(list.status).toBe(200);
    expect(numbers(list)).toEqual(['FJ/A-1']);
    expect(list.headers['set-cookie']).toBeUndefined();
    const one = await bearer(apiKey, 'GET', `/api/documents/${list.body.data[0].id}`);
    expect(one.status).toBe(200);
    expect((await bearer(apiKey, 'GET', '/api/documents/series')).status).toBe(200);
    expect((await bearer(apiKey, 'GET', '/api/documents/export?format=csv')).status).toBe(200);

    // B's document is not there to read by id either.
    const bDoc = await owner.document.findFirstOrThrow({ where: { sourceId: 'B-1' } });
    expect((await bearer(apiKey, 'GET', `/api/documents/${bDoc.id}`)).status).toBe(404);

    // A session cookie that comes along is neither used nor renewed.
    const withCookie = await bearer(apiKey, 'GET', '/api/documents', { headers: { cookie: distB.agent.cookie } });
    expect(numbers(withCookie)).toEqual(['FJ/A-1']);
    expect(withCookie.headers['set-cookie']).toBeUndefined();

    // The list shows it with its scopes and, once used, its last use; never the secret.
    const listed = await distA.agent.request('GET', '/api/api-keys');
    const row = listed.body.data.find((k: { id: string }) => k.id === key.id);
    expect(row).toMatchObject({ name: 'BI', prefix: key.prefix, scopes: ['documents:read'], integrationId: null, expiresAt: null });
    expect(row.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(apiKey.split('.')[1]);
    expect((await distB.agent.request('GET', '/api/api-keys')).body.data.map((k: { id: string }) => k.id)).not.toContain(key.id);
  });

  it('answers 401 invalid_token for a wrong secret, an unknown key or garbage, even with a valid session cookie', async () => {
    const { apiKey } = await createKey(distA, { name: 'wrong', scopes: ['documents:read'] });
    const [prefix] = apiKey.split('.');
    for (const token of [`${prefix}.not-the-secret`, 'pk_unknown.secret', 'garbage']) {
      const res = await bearer(token, 'GET', '/api/documents', { headers: { cookie: distA.agent.cookie } });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
      expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    }
  });

  it('stops a revoked key and an expired key (401)', async () => {
    const revoked = await createKey(distA, { name: 'to revoke', scopes: ['documents:read'] });
    expect((await bearer(revoked.apiKey, 'GET', '/api/documents')).status).toBe(200);
    // Another organisation cannot revoke it.
    expect((await distB.agent.request('DELETE', `/api/api-keys/${revoked.key.id}`)).status).toBe(404);
    expect((await distA.agent.request('DELETE', `/api/api-keys/${revoked.key.id}`)).status).toBe(204);
    expect((await bearer(revoked.apiKey, 'GET', '/api/documents')).status).toBe(401);
    expect((await distA.agent.request('GET', '/api/api-keys')).body.data.map((k: { id: string }) => k.id)).not.toContain(revoked.key.id);
    const audit = await owner.auditEvent.findMany({ where: { targetId: revoked.key.id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['api_key.created', 'api_key.revoked']);
    expect(JSON.stringify(audit)).not.toContain(revoked.apiKey.split('.')[1]);

    const expiring = await createKey(distA, { name: 'short-lived', scopes: ['documents:read'], expiresAt: new Date(Date.now() + 3600_000).toISOString() });
    expect((await bearer(expiring.apiKey, 'GET', '/api/documents')).status).toBe(200);
    await owner.apiKey.update({ where: { id: expiring.key.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await bearer(expiring.apiKey, 'GET', '/api/documents')).status).toBe(401);

    const past = await distA.agent.request('POST', '/api/api-keys', { name: 'past', scopes: ['documents:read'], expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.error.code).toBe('EXPIRY_IN_PAST');
  });

  it('lets an ingest:write key import files but not read documents, nor use session-only endpoints (403 INSUFFICIENT_SCOPE)', async () => {
    const { apiKey } = await createKey(distA, { name: 'loader', scopes: ['ingest:write'] });
    const read = await bearer(apiKey, 'GET', '/api/documents');
    expect(read.status).toBe(403);
    expect(read.body.error.code).toBe('INSUFFICIENT_SCOPE');
    expect((await bearer(apiKey, 'GET', '/api/integrations')).body.error.code).toBe('INSUFFICIENT_SCOPE');
    expect((await bearer(apiKey, 'POST', '/api/api-keys', { headers: { 'content-type': 'application/json' }, payload: '{}' })).status).toBe(403);

    // The import template's example row, sent as a cross-site POST without any CSRF header: a bearer caller is not checked.
    const template = await distA.agent.request('GET', '/api/integrations/import-template?format=csv');
    const csv = template.body as string;
    const boundary = `----keys${randomBytes(6).toString('hex')}`;
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="rows.csv"\r\nContent-Type: text/csv\r\n\r\n`),
      Buffer.from(csv),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const imported = await bearer(apiKey, 'POST', `/api/integrations/${extA.id}/import`, {
      headers: { ...CROSS_SITE, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(imported.status).toBe(200);
    expect(imported.body.documents).toBeGreaterThan(0);
    const audit = await owner.auditEvent.findFirstOrThrow({ where: { action: 'integration.imported', targetId: extA.id }, orderBy: { createdAt: 'desc' } });
    expect(audit.actorUserId).toBeNull();
    expect(audit.metadata).toMatchObject({ apiKeyId: expect.any(String) });
    // The audit log names the key as the actor, by the name it had when it acted.
    expect([audit.actorType, audit.actorId, audit.actorLabel]).toEqual(['API_KEY', (audit.metadata as { apiKeyId: string }).apiKeyId, 'loader']);

    // Not into another organisation's integration.
    const bIntegration = await owner.integration.findFirstOrThrow({ where: { organizationId: distB.orgId } });
    const foreign = await bearer(apiKey, 'POST', `/api/integrations/${bIntegration.id}/import`, {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(foreign.status).toBe(404);
  });

  it('keeps the External ingestion key working as an ingest:write key bound to its integration', async () => {
    const res = await ingest(extA.apiKey, 'A-2');
    expect(res.status).toBe(200);
    expect(res.body.written).toBe(1);
    const listed = (await distA.agent.request('GET', '/api/api-keys')).body.data as { prefix: string; scopes: string[]; integrationId: string }[];
    expect(listed.find((k) => k.prefix === extA.apiKey.split('.')[0])).toMatchObject({
      scopes: ['ingest:write'],
      integrationId: extA.id,
      name: 'ERP A ingestion',
    });
    // It reads nothing.
    expect((await bearer(extA.apiKey, 'GET', '/api/documents')).status).toBe(403);
    // An organisation key with ingest:write is not an integration's key: it imports files instead.
    const orgKey = await createKey(distA, { name: 'org loader', scopes: ['ingest:write'] });
    expect((await ingest(orgKey.apiKey, 'A-3')).status).toBe(403);
    // A key without ingest:write cannot push, even when bound (the scopes decide, not the binding).
    const reader = await createKey(distA, { name: 'reader', scopes: ['documents:read'] });
    const refused = await ingest(reader.apiKey, 'A-4');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('INSUFFICIENT_SCOPE');
  });
});

describe('OAuth 2.0 client credentials', () => {
  it('issues a 15-minute JWT by HTTP Basic and by form fields, verifiable against the published JWKS', async () => {
    const client = await createClient(distA, ['documents:read', 'ingest:write']);
    const byBasic = await tokenRequest({ grant_type: 'client_credentials' }, basic(client.clientId, client.secret));
    expect(byBasic.status).toBe(200);
    expect(byBasic.headers['cache-control']).toBe('no-store');
    expect(byBasic.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'documents:read ingest:write' });

    const byForm = await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret, scope: 'documents:read' });
    expect(byForm.status).toBe(200);
    expect(byForm.body.scope).toBe('documents:read');

    const jwks = await t.app.inject({ method: 'GET', url: '/api/oauth/jwks' });
    const published = jwks.json() as { keys: JWK[] };
    expect(published.keys.map((k) => k.kid)).toEqual(['k-current', 'k-previous']);
    expect(published.keys.every((k) => k.d === undefined)).toBe(true);
    const { payload, protectedHeader } = await jwtVerify(byForm.body.access_token, createLocalJWKSet(published), { issuer: ISSUER });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: 'k-current' });
    expect(payload).toMatchObject({ sub: client.clientId, org: distA.orgId, scope: 'documents:read', jti: expect.any(String) });
    expect(payload.exp! - payload.iat!).toBe(900);

    const docs = await bearer(byForm.body.access_token, 'GET', '/api/documents');
    expect(docs.status).toBe(200);
    expect(numbers(docs)).toContain('FJ/A-1');
    expect(docs.headers['set-cookie']).toBeUndefined();
    // Its scope is what was granted, not all the client's.
    const importAttempt = await bearer(byForm.body.access_token, 'GET', '/api/integrations');
    expect(importAttempt.status).toBe(403);
  });

  it('answers the RFC 6749 §5.2 errors', async () => {
    const client = await createClient(distA, ['documents:read']);
    const wrongBasic = await tokenRequest({ grant_type: 'client_credentials' }, basic(client.clientId, 'wrong'));
    expect(wrongBasic.status).toBe(401);
    expect(wrongBasic.body.error).toBe('invalid_client');
    expect(wrongBasic.headers['www-authenticate']).toMatch(/^Basic /);
    const wrongForm = await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: 'wrong' });
    expect([wrongForm.status, wrongForm.body.error]).toEqual([401, 'invalid_client']);
    expect(wrongForm.headers['www-authenticate']).toBeUndefined();
    const noClient = await tokenRequest({ grant_type: 'client_credentials' });
    expect([noClient.status, noClient.body.error]).toEqual([401, 'invalid_client']);

    const grant = await tokenRequest({ grant_type: 'password' }, basic(client.clientId, client.secret));
    expect([grant.status, grant.body.error]).toEqual([400, 'unsupported_grant_type']);
    const beyond = await tokenRequest({ grant_type: 'client_credentials', scope: 'documents:read ingest:write' }, basic(client.clientId, client.secret));
    expect([beyond.status, beyond.body.error]).toEqual([400, 'invalid_scope']);
    const unknown = await tokenRequest({ grant_type: 'client_credentials', scope: 'admin' }, basic(client.clientId, client.secret));
    expect(unknown.body.error).toBe('invalid_scope');
    const missing = await tokenRequest({}, basic(client.clientId, client.secret));
    expect([missing.status, missing.body.error]).toEqual([400, 'invalid_request']);
    const both = await tokenRequest(
      { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret },
      basic(client.clientId, client.secret),
    );
    expect(both.body.error).toBe('invalid_request');
    const twice = await t.app.inject({
      method: 'POST',
      url: '/api/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...basic(client.clientId, client.secret) },
      payload: 'grant_type=client_credentials&grant_type=client_credentials',
    });
    expect(twice.json().error).toBe('invalid_request');
    // Not the portal's error envelope.
    expect(wrongBasic.body.error_description).toEqual(expect.any(String));
  });

  it('refuses an expired token, a tampered one and one signed by an unknown key (401); accepts the previous signing key', async () => {
    const client = await createClient(distA, ['documents:read']);
    const sign = (key: CryptoKey, kid: string, claims: Record<string, unknown>, exp: number) =>
      new SignJWT({ org: distA.orgId, scope: 'documents:read', ...claims })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
        .setIssuer(ISSUER)
        .setSubject(client.clientId)
        .setIssuedAt(exp - 900)
        .setExpirationTime(exp)
        .setJti(randomBytes(8).toString('hex'))
        .sign(key);
    const now = Math.floor(Date.now() / 1000);

    const byPrevious = await sign(previousKey, 'k-previous', {}, now + 600);
    expect((await bearer(byPrevious, 'GET', '/api/documents')).status).toBe(200);

    const expired = await sign(previousKey, 'k-previous', {}, now - 60);
    const res = await bearer(expired, 'GET', '/api/documents');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');

    const stranger = await signingKey('k-previous');
    expect((await bearer(await sign(stranger.privateKey, 'k-previous', {}, now + 600), 'GET', '/api/documents')).status).toBe(401);

    const issued = (await tokenRequest({ grant_type: 'client_credentials' }, basic(client.clientId, client.secret))).body.access_token as string;
    const [header, body, signature] = issued.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const widened = Buffer.from(JSON.stringify({ ...claims, org: distB.orgId })).toString('base64url');
    expect((await bearer(`${header}.${widened}.${signature}`, 'GET', '/api/documents')).status).toBe(401);
    expect(decodeProtectedHeader(issued).kid).toBe('k-current');
  });

  it('ends a revoked client’s tokens at once, and gives it no new ones', async () => {
    const client = await createClient(distA, ['documents:read']);
    const token = (await tokenRequest({ grant_type: 'client_credentials' }, basic(client.clientId, client.secret))).body.access_token as string;
    expect((await bearer(token, 'GET', '/api/documents')).status).toBe(200);
    const listed = (await distA.agent.request('GET', '/api/oauth/clients')).body.data.find((c: { id: string }) => c.id === client.id);
    expect(listed).toMatchObject({ clientId: client.clientId, scopes: ['documents:read'], lastUsedAt: expect.any(String) });
    expect((await distB.agent.request('DELETE', `/api/oauth/clients/${client.id}`)).status).toBe(404);
    expect((await distA.agent.request('DELETE', `/api/oauth/clients/${client.id}`)).status).toBe(204);
    expect((await bearer(token, 'GET', '/api/documents')).status).toBe(401);
    const again = await tokenRequest({ grant_type: 'client_credentials' }, basic(client.clientId, client.secret));
    expect([again.status, again.body.error]).toEqual([401, 'invalid_client']);
    const audit = await owner.auditEvent.findMany({ where: { targetId: client.id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['oauth_client.created', 'oauth_client.revoked']);
  });
});

describe('rate limits', () => {
  let limited: TestApp;
  let party: Party;

  beforeAll(async () => {
    limited = await startTestApp('api_machine_limits', {
      RATE_LIMIT_API_KEY_MAX: '3',
      RATE_LIMIT_SESSION_MAX: '50',
      RATE_LIMIT_SCOPES: 'ingest:write=2',
      OAUTH_AUTH_FAILURE_MAX: '2',
    });
    party = await register(limited.app, 'DISTRIBUTOR');
  }, 60_000);

  afterAll(async () => {
    await limited?.close();
  });

  const call = async (token: string, url = '/api/documents') => {
    const res = await limited.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    return { status: res.statusCode, headers: res.headers, body: res.json() };
  };

  it('counts each key apart, announces RateLimit-* and answers 429 with Retry-After past the limit', async () => {
    const key = (await party.agent.request('POST', '/api/api-keys', { name: 'BI', scopes: ['documents:read', 'ingest:write'] })).body.apiKey as string;
    const first = await call(key);
    expect(first.status).toBe(200);
    expect(first.headers).toMatchObject({ 'ratelimit-limit': '3', 'ratelimit-remaining': '2' });
    expect(Number(first.headers['ratelimit-reset'])).toBeGreaterThan(0);
    expect(Number(first.headers['ratelimit-reset'])).toBeLessThanOrEqual(60);
    await call(key);
    expect((await call(key)).headers['ratelimit-remaining']).toBe('0');
    const refused = await call(key);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['ratelimit-remaining']).toBe('0');

    // Another key of the same organisation has its own allowance.
    const other = (await party.agent.request('POST', '/api/api-keys', { name: 'other', scopes: ['documents:read'] })).body.apiKey as string;
    expect((await call(other)).status).toBe(200);
  });

  it('applies a scope’s own allowance (RATE_LIMIT_SCOPES) and limits sessions too', async () => {
    const integration = (await party.agent.request('POST', '/api/integrations', { kind: 'EXTERNAL', name: 'ERP' })).body.id as string;
    const key = (await party.agent.request('POST', '/api/api-keys', { name: 'loader', scopes: ['ingest:write'] })).body.apiKey as string;
    const importOnce = () =>
      limited.app.inject({
        method: 'POST',
        url: `/api/integrations/${integration}/import`,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'multipart/form-data; boundary=x' },
        payload: '--x--\r\n',
      });
    const first = await importOnce();
    expect(first.headers['ratelimit-limit']).toBe('2');
    await importOnce();
    expect((await importOnce()).statusCode).toBe(429);

    const session = await party.agent.request('GET', '/api/integrations');
    expect(session.status).toBe(200);
    expect(session.headers['ratelimit-limit']).toBe('50');
  });

  it('refuses an address at the token endpoint once its client authentications failed OAUTH_AUTH_FAILURE_MAX times, even with the right secret', async () => {
    const created = (await party.agent.request('POST', '/api/oauth/clients', { name: 'BI', scopes: ['documents:read'] })).body;
    const { clientId } = created.client as { clientId: string };
    const secret = created.clientSecret as string;
    const token = (clientSecret: string, ip: string) =>
      limited.app.inject({
        method: 'POST',
        url: '/api/oauth/token',
        remoteAddress: ip,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString(),
      });
    expect((await token(secret, '203.0.113.7')).statusCode).toBe(200);
    for (let i = 0; i < 2; i++) expect((await token('wrong', '203.0.113.7')).json().error).toBe('invalid_client');
    const refused = await token(secret, '203.0.113.7');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await token(secret, '203.0.113.8')).statusCode).toBe(200);
  });
});
