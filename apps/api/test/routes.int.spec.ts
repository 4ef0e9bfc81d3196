import { endpoints } from '@portal/contracts';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app';

// The OpenAPI document and the SPA's types come from the contracts' endpoint
// table; this keeps the table and the routes Nest really registers in step.
// The hook below runs from app.init(), when Nest mounts its controllers, so it
// sees Nest's routes only: the Fastify plugins createApp mounts before that
// (bull-board under /api/admin/queues, Swagger UI's static files under
// /api/docs/assets/, the SPA) are not API contracts and not listed here.
// Nest routes under /api that are not API contracts, each with why:
const NOT_CONTRACTS: { pattern: RegExp; why: string }[] = [
  { pattern: /^\/api\/docs(-json|\/init\.js)?$/, why: 'the OpenAPI document and its Swagger UI page, generated from the table itself' },
];

let t: TestApp;
const registered: { method: string; url: string }[] = [];

beforeAll(async () => {
  t = await startTestApp('api_routes', {}, (app) => {
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRoute', (route: RouteOptions) => {
        for (const method of [route.method].flat()) registered.push({ method, url: route.url });
      });
  });
});

afterAll(async () => {
  await t?.close();
});

const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

describe('NestJS routes and the contracts endpoint table', () => {
  // Fastify adds a HEAD route for every GET (exposeHeadRoutes); the table names the GET.
  const apiRoutes = () =>
    registered
      .filter((r) => r.method !== 'HEAD' && (r.url === '/api' || r.url.startsWith('/api/')))
      .filter((r) => !NOT_CONTRACTS.some((x) => x.pattern.test(r.url)))
      .map((r) => key({ method: r.method, path: r.url }));
  const table = Object.values(endpoints).map(key);

  it('saw the routes being registered, and each exclusion still names a route', () => {
    expect(apiRoutes()).toContain('POST /api/auth/login');
    for (const x of NOT_CONTRACTS)
      expect(
        registered.some((r) => x.pattern.test(r.url)),
        x.why,
      ).toBe(true);
  });

  it('every route the API serves has exactly one entry with its method and path', () => {
    const routes = apiRoutes();
    expect(
      routes.filter((r) => !table.includes(r)),
      'routes missing from packages/contracts/src/endpoints.ts',
    ).toEqual([]);
    expect(
      routes.filter((r, i) => routes.indexOf(r) !== i),
      'routes registered twice',
    ).toEqual([]);
    expect(
      table.filter((r, i) => table.indexOf(r) !== i),
      'endpoints listed twice in the table',
    ).toEqual([]);
  });

  it('every endpoint in the table is a route the API serves', () => {
    const routes = apiRoutes();
    expect(
      table.filter((e) => !routes.includes(e)),
      'table entries the API does not serve',
    ).toEqual([]);
  });
});
