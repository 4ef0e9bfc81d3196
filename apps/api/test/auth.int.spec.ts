import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, uniqueEmail } from '@portal/testing';
import { startTestApp, type TestApp } from './test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('api_auth', { LOGIN_RATE_LIMIT_MAX: '5' });
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

    const agent = new Agent(t.app);
    agent.cookie = registeredCookie; // a session id planted before login must not survive it
    const ok = await agent.request('POST', '/api/auth/login', { email: body.email.toUpperCase(), password: body.password });
    expect(ok.status).toBe(200);
    expect(agent.cookie).not.toBe(registeredCookie);
    expect(ok.body.user.email).toBe(body.email);

    const wrong = await new Agent(t.app).request('POST', '/api/auth/login', { email: body.email, password: 'wrong-password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    const unknown = await new Agent(t.app).request('POST', '/api/auth/login', { email: uniqueEmail('nobody'), password: 'whatever1' });
    expect(unknown.status).toBe(401);
  });

  it('logout ends the session server-side', async () => {
    const agent = new Agent(t.app);
    await agent.request('POST', '/api/auth/register', registration('PRINCIPAL'));
    const stolen = agent.cookie;
    expect((await agent.request('POST', '/api/auth/logout')).status).toBe(204);
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
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await new Agent(t.app).request('POST', '/api/auth/login', { email, password: `guess-${i}-xx` })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    const last = await new Agent(t.app).request('POST', '/api/auth/login', { email, password: 'guess-last' });
    expect(last.body.error.code).toBe('RATE_LIMITED');
    // Another account from the same address is not locked out.
    expect((await new Agent(t.app).request('POST', '/api/auth/login', { email: uniqueEmail('other'), password: 'whatever1' })).status).toBe(401);
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
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger-ui');
  });

  it('sends security headers', async () => {
    const res = await new Agent(t.app).request('GET', '/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});
