import { type EndpointDef, endpoints } from '@portal/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './app-error';
import { bearerToken } from './auth.decorators';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The media type each route's body must have, from the contracts' endpoint table; null: the route takes no body. */
const BODY_MEDIA_TYPE = new Map<string, string | null>(
  (Object.values(endpoints) as EndpointDef[]).map((e) => [`${e.method} ${e.path}`, e.bodyContentType ?? (e.body ? 'application/json' : null)]),
);

/**
 * Whether a state-changing request comes from the portal's own pages
 * (docs/product/http-api.md, "Cross-site requests"). Browsers set
 * Sec-Fetch-Site themselves and a page cannot forge it: only `same-origin`
 * (or `none`, a request the user made directly) passes; `same-site` is
 * refused too, since a sibling subdomain is not the portal. Browsers without
 * it still send Origin on every cross-origin POST, which must then be
 * PUBLIC_BASE_URL's origin. A request with neither header comes from no
 * browser (curl, scripts, the tests' inject): no page can have made it, so
 * whoever sent it holds the cookie already and there is nothing to forge.
 */
function fromOwnPages(req: FastifyRequest, ownOrigin: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = req.headers.origin;
  return origin === undefined || origin === ownOrigin;
}

/**
 * A route that takes JSON accepts only `application/json`, the multipart
 * import only `multipart/form-data`, and a route without a body either no
 * content type or JSON. HTML forms can only send text/plain, form-urlencoded
 * and multipart, so this shuts the form-based forgeries out even where the
 * origin check could not tell (and with an empty body, which Fastify's
 * parsers never see). Routes outside the table (bull-board) are left alone.
 */
function checkMediaType(req: FastifyRequest): void {
  const expected = BODY_MEDIA_TYPE.get(`${req.method} ${req.routeOptions.url}`);
  const header = req.headers['content-type'];
  if (expected === undefined || header === undefined) return;
  const given = header.split(';')[0]!.trim().toLowerCase();
  if (given === (expected ?? 'application/json')) return;
  throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the body as ${expected ?? 'application/json (or no body)'}, not ${given || 'an empty content type'}`);
}

/**
 * Refuses cross-site request forgery on every state-changing request
 * (403 CSRF_REJECTED) and bodies in a media type the route does not take
 * (415 UNSUPPORTED_MEDIA_TYPE), before any hook or handler runs. A bearer
 * request (API key or access token) is authenticated by that header alone,
 * never by a cookie that came along, and no page can add the header to a
 * cross-site request (the API answers no CORS preflight): like any request
 * with an `Authorization` header and no cookie it carries no ambient
 * credential a page could borrow, so only its media type is checked.
 */
export function registerCsrfProtection(fastify: FastifyInstance, publicBaseUrl: string): void {
  const ownOrigin = new URL(publicBaseUrl).origin;
  fastify.addHook('onRequest', async (req) => {
    if (SAFE_METHODS.has(req.method)) return;
    const noAmbientCredential = bearerToken(req) !== undefined || (req.headers.authorization !== undefined && req.headers.cookie === undefined);
    if (!noAmbientCredential && !fromOwnPages(req, ownOrigin)) {
      throw new AppError(403, 'CSRF_REJECTED', 'This request did not come from the portal’s own pages');
    }
    checkMediaType(req);
  });
}
