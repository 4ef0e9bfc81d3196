import { EVENT_TYPES } from '@portal/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, randomIp, uniqueEmail } from '@portal/testing';
import { startTestApp, type TestApp } from './test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('api_auth', { LOGIN_RATE_LIMIT_MAX: '5', LOGIN_ADDRESS_RATE_LIMIT_MAX: '10', LOGIN_ACCOUNT_RATE_LIMIT_MAX: '8' });
});
afterAll(async () => {
  await t?.close();
});

const registration = (kind: 'DISTRIBUTOR' | 'PRINCIPAL', email = uniqueEmail(kind.toLowerCase())) => ({
  email,
  password: 'correct-horse-battery',
  name: 'Budi Santoso',
  organizationName: `PT ${kind} ${email}`,
  organizationKind: kind,
});

describe('auth', () => {
  it('registers an organisation with its owner and signs in with an httpOnly SameSite cookie', async () => {
    const agent = new Agent(t.app);
    const res = await agent.request('POST', '/api/auth/register', registration('DISTRIBUTOR'));
    expect(res.status).toBe(201);
    expect(res.body.organization.kind).toBe('DISTRIBUTOR');
    expect(res.body.user.role).toBe('OWNER');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/portal\.sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await agent.request('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.organization.id).toBe(res.body.organization.id);
  });

  it('refuses a second account with the same email (any case) with 409 EMAIL_TAKEN', async () => {
    const body = registration('PRINCIPAL');
    expect((await new Agent(t.app).request('POST', '/api/auth/register', body)).status).toBe(201);
    const again = await new Agent(t.app).request('POST', '/api/auth/register', { ...body, email: body.email.toUpperCase() });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('EMAIL_TAKEN');
  });

  it('answers bad input with 400 VALIDATION_FAILED and field details, never 500', async () => {
    const agent = new Agent(t.app);
    const bad = await agent.request('POST', '/api/auth/register', { email: 'not-an-email', password: 'x', organizationKind: 'PLATFORM' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const paths = bad.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.email', 'body.password', 'body.name', 'body.organizationKind']));
    const extra = await agent.request('POST', '/api/auth/register', { ...registration('DISTRIBUTOR'), isAdmin: true });
    expect(extra.status).toBe(400);
    const malformed = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('logs in with a fresh session id, and rejects wrong credentials with 401', async () => {
    const body = registration('DISTRIBUTOR');
    const first = new Agent(t.app);
    await first.request('POST', '/api/auth/register', body);
    const registeredCookie = first.cookie;

    const agent = new Agent(t.app, randomIp());
    agent.cookie = registeredCookie; // a session id planted before login must not survive it
    const ok = await agent.request('POST', '/api/auth/login', { email: body.email.toUpperCase(), password: body.password });
    expect(ok.status).toBe(200);
    expect(agent.cookie).not.toBe(registeredCookie);
    expect(ok.body.user.email).toBe(body.email);

    const wrong = await new Agent(t.app, randomIp()).request('POST', '/api/auth/login', { email: body.email, password: 'wrong-password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    const unknown = await new Agent(t.app, randomIp()).request('POST', '/api/auth/login', { email: uniqueEmail('nobody'), password: 'whatever1' });
    expect(unknown.status).toBe(401);
  });

  it('logout ends the session server-side and clears the cookie', async () => {
    const agent = new Agent(t.app);
    await agent.request('POST', '/api/auth/register', registration('PRINCIPAL'));
    const stolen = agent.cookie;
    const out = await agent.request('POST', '/api/auth/logout');
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^portal\.sid=;.*Expires=Thu, 01 Jan 1970/i);
    const replay = new Agent(t.app);
    replay.cookie = stolen;
    const me = await replay.request('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toBeNull();
    const data = await replay.request('GET', '/api/integrations');
    expect(data.status).toBe(401);
    expect(data.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('rate-limits repeated login attempts for one email with 429 RATE_LIMITED', async () => {
    const email = uniqueEmail('brute');
    const ip = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await new Agent(t.app, ip).request('POST', '/api/auth/login', { email, password: `guess-${i}-xx` })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    const last = await new Agent(t.app, ip).request('POST', '/api/auth/login', { email, password: 'guess-last' });
    expect(last.body.error.code).toBe('RATE_LIMITED');
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    // Another account from the same address is not locked out.
    expect((await new Agent(t.app, ip).request('POST', '/api/auth/login', { email: uniqueEmail('other'), password: 'whatever1' })).status).toBe(401);
  });

  it('rate-limits password spraying: many emails from one address get 429 past LOGIN_ADDRESS_RATE_LIMIT_MAX, however X-Forwarded-For is set', async () => {
    const ip = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      // No TRUST_PROXY: a forwarded address from the client itself is not believed.
      const res = await new Agent(t.app, ip).request(
        'POST',
        '/api/auth/login',
        { email: uniqueEmail(`spray${i}`), password: 'Password123' },
        { 'x-forwarded-for': randomIp() },
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429, 429, 429, 429]);
    expect((await new Agent(t.app, randomIp()).request('POST', '/api/auth/login', { email: uniqueEmail('spray'), password: 'Password123' })).status).toBe(401);
  });

  it('rate-limits guessing one account from many addresses, but not its owner at an address they signed in from', async () => {
    const body = registration('DISTRIBUTOR');
    await new Agent(t.app).request('POST', '/api/auth/register', body);
    const home = randomIp();
    expect((await new Agent(t.app, home).request('POST', '/api/auth/login', { email: body.email, password: body.password })).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      statuses.push((await new Agent(t.app, randomIp()).request('POST', '/api/auth/login', { email: body.email, password: `guess-${i}-xx` })).status);
    }
    expect(statuses).toEqual(Array<number>(8).fill(401));
    const elsewhere = await new Agent(t.app, randomIp()).request('POST', '/api/auth/login', { email: body.email, password: body.password });
    expect(elsewhere.status).toBe(429);
    expect(elsewhere.body.error.code).toBe('RATE_LIMITED');
    expect((await new Agent(t.app, home).request('POST', '/api/auth/login', { email: body.email, password: body.password })).status).toBe(200);
  });

  it('lets the owner in from anywhere again once LOGIN_RATE_LIMIT_WINDOW has passed', async () => {
    const short = await startTestApp('api_auth_window', { LOGIN_ACCOUNT_RATE_LIMIT_MAX: '1', LOGIN_RATE_LIMIT_WINDOW: '3 seconds' });
    try {
      const body = registration('PRINCIPAL');
      await new Agent(short.app).request('POST', '/api/auth/register', body);
      let refused: { status: number; headers: Record<string, unknown> } | undefined;
      for (let i = 0; i < 10 && refused?.status !== 429; i++) {
        refused = await new Agent(short.app, randomIp()).request('POST', '/api/auth/login', { email: body.email, password: `guess-${i}-xx` });
      }
      expect(refused?.status).toBe(429);
      const retryAfter = Number(refused?.headers['retry-after']);
      expect(retryAfter).toBeLessThanOrEqual(3);
      // Waiting out the window the answer named (not a timing assertion: the counter's expiry is Redis's).
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 200));
      expect((await new Agent(short.app, randomIp()).request('POST', '/api/auth/login', { email: body.email, password: body.password })).status).toBe(200);
    } finally {
      await short.close();
    }
  });
});

describe('session cookie behind a proxy', () => {
  const PROXY = '10.250.0.1';

  it("is Secure when a TRUST_PROXY hop forwarded an HTTPS request, and not on a client's own X-Forwarded-Proto", async () => {
    const app = await startTestApp('api_auth_proxy', { TRUST_PROXY: PROXY });
    try {
      const viaProxy = await new Agent(app.app, PROXY).request('POST', '/api/auth/register', registration('DISTRIBUTOR'), {
        'x-forwarded-proto': 'https',
        'x-forwarded-for': randomIp(),
      });
      expect(String(viaProxy.headers['set-cookie'])).toMatch(/^portal\.sid=[^;]+;.*; Secure/i);
      const direct = await new Agent(app.app, '203.0.113.7').request('POST', '/api/auth/register', registration('DISTRIBUTOR'), {
        'x-forwarded-proto': 'https',
      });
      expect(String(direct.headers['set-cookie'])).toMatch(/^portal\.sid=/);
      expect(String(direct.headers['set-cookie'])).not.toMatch(/Secure/i);
    } finally {
      await app.close();
    }
  });

  it('is __Host-portal.sid, Secure and host-only when PUBLIC_BASE_URL is https; logout clears it', async () => {
    const app = await startTestApp('api_auth_https', { TRUST_PROXY: PROXY, PUBLIC_BASE_URL: 'https://portal.example' });
    try {
      const https = { 'x-forwarded-proto': 'https', 'x-forwarded-for': randomIp() };
      const agent = new Agent(app.app, PROXY);
      const res = await agent.request('POST', '/api/auth/register', registration('PRINCIPAL'), https);
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/^__Host-portal\.sid=[^;]+;/);
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).not.toMatch(/Domain=/i);
      expect((await agent.request('GET', '/api/auth/me', undefined, https)).body?.organization.id).toBe(res.body.organization.id);
      const out = await agent.request('POST', '/api/auth/logout', undefined, https);
      expect(String(out.headers['set-cookie'])).toMatch(/^__Host-portal\.sid=;.*Expires=Thu, 01 Jan 1970.*; Secure/i);
      // Plain HTTP (a client's own claim of HTTPS is not believed): the cookie is never sent in clear.
      const plain = await new Agent(app.app, '203.0.113.7').request('POST', '/api/auth/register', registration('PRINCIPAL'), { 'x-forwarded-proto': 'https' });
      expect(plain.status).toBe(201);
      expect(plain.headers['set-cookie']).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});

describe('tenant isolation over HTTP', () => {
  it("answers another organisation's id with 404, never data", async () => {
    const a = new Agent(t.app);
    const b = new Agent(t.app);
    const orgA = (await a.request('POST', '/api/auth/register', registration('DISTRIBUTOR'))).body.organization.id;
    const orgB = (await b.request('POST', '/api/auth/register', registration('DISTRIBUTOR'))).body.organization.id;
    expect((await a.request('GET', `/api/organizations/${orgA}`)).status).toBe(200);
    const foreign = await a.request('GET', `/api/organizations/${orgB}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');
    expect(JSON.stringify(foreign.body)).not.toContain(orgB.slice(0, 8) + 'x');
    expect((await a.request('GET', '/api/organizations/not-a-uuid')).status).toBe(400);
  });
});

describe('conventions', () => {
  it('requires a session everywhere except public routes', async () => {
    const res = await new Agent(t.app).request('GET', '/api/integrations');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('answers "who am I" for a signed-out visitor with 200 and null, so the sign-in pages log no HTTP error', async () => {
    const res = await new Agent(t.app).request('GET', '/api/auth/me');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toBeNull();
  });

  it('answers unknown API routes with the error envelope', async () => {
    const res = await new Agent(t.app).request('GET', '/api/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('reports database and Redis health and tags responses with a request id', async () => {
    const res = await new Agent(t.app).request('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body.database.status).toBe('up');
    expect(res.body.redis.status).toBe('up');
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('serves an OpenAPI document generated from the contracts', async () => {
    const res = await new Agent(t.app).request('GET', '/api/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.0.3');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/auth/register', '/api/auth/login', '/api/health', '/api/organizations/{id}']));
    expect(res.body.paths['/api/auth/register'].post.requestBody.content['application/json'].schema.properties.organizationKind.enum).toEqual([
      'DISTRIBUTOR',
      'PRINCIPAL',
    ]);
    // Issue 12: the webhook routes, and what the portal POSTs to an endpoint, one entry per event type.
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/webhooks/endpoints',
        '/api/webhooks/endpoints/{id}',
        '/api/webhooks/endpoints/{id}/rotate-secret',
        '/api/webhooks/endpoints/{id}/test',
        '/api/webhooks/endpoints/{id}/messages',
        '/api/webhooks/endpoints/{id}/messages/{messageId}',
        '/api/webhooks/endpoints/{id}/messages/{messageId}/retry',
        '/api/webhooks/endpoints/{id}/replay',
      ]),
    );
    expect(Object.keys(res.body['x-webhooks']).sort()).toEqual([...EVENT_TYPES].sort());
    expect(res.body['x-webhooks']['sync_run.failed'].post.requestBody.content['application/json'].schema.properties.type.enum).toEqual(['sync_run.failed']);
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger-ui');
  });

  it('answers every API request with Cache-Control: no-store', async () => {
    const agent = new Agent(t.app);
    const registered = await agent.request('POST', '/api/auth/register', registration('DISTRIBUTOR'));
    expect(registered.headers['cache-control']).toBe('no-store');
    expect((await agent.request('GET', '/api/auth/me')).headers['cache-control']).toBe('no-store');
    expect((await agent.request('GET', '/api/integrations')).headers['cache-control']).toBe('no-store');
    expect((await new Agent(t.app).request('GET', '/api/auth/me')).headers['cache-control']).toBe('no-store');
  });

  it('sends security headers', async () => {
    const res = await new Agent(t.app).request('GET', '/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});
