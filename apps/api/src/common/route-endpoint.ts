import { type EndpointDef, endpoints } from '@portal/contracts';
import type { FastifyRequest } from 'fastify';

// Fastify's matched route url uses the same `:param` syntax as the table, so
// the table's entry for a request is one map lookup.
const byRoute = new Map<string, EndpointDef>(Object.values(endpoints).map((def) => [`${def.method} ${def.path}`, def]));

/**
 * The contracts' entry for the route a request matched: what the guards read
 * (auth kind, and the permission and scopes an endpoint requires) so those
 * rules live once, in `packages/contracts/src/endpoints.ts`. Undefined for
 * routes outside the table (the SPA, Swagger UI's assets, bull-board).
 */
export function endpointFor(req: FastifyRequest): EndpointDef | undefined {
  // Fastify answers HEAD with the GET route (exposeHeadRoutes).
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  return byRoute.get(`${method} ${req.routeOptions.url ?? ''}`);
}
