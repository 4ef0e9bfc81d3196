import { z } from 'zod';
import { type EndpointDef, endpoints } from './endpoints';
import { EVENT_TYPES, portalEventOf } from './events';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema =>
  z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as JsonSchema;

/** `/api/x/:id` → `/api/x/{id}` */
const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function parameters(def: EndpointDef) {
  const out: unknown[] = [];
  for (const [where, schema] of [
    ['path', def.params],
    ['query', def.query],
  ] as const) {
    if (!schema) continue;
    const json = toSchema(schema, 'input');
    const props = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required as string[] | undefined) ?? []);
    for (const [name, prop] of Object.entries(props)) {
      out.push({ name, in: where, required: where === 'path' || required.has(name), schema: prop });
    }
  }
  return out;
}

/**
 * The OpenAPI 3 document, generated from the endpoint table. Never edited by
 * hand: change a contract and the document follows.
 */
export function buildOpenApiDocument(info: { title: string; version: string; serverUrl?: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, def] of Object.entries(endpoints) as [string, EndpointDef][]) {
    const responses: Record<string, unknown> = {};
    for (const [status, schema] of Object.entries(def.responses)) {
      responses[status] = schema
        ? { description: `HTTP ${status}`, content: { 'application/json': { schema: toSchema(schema, 'output') } } }
        : { description: `HTTP ${status}` };
    }
    const op: Record<string, unknown> = {
      operationId,
      summary: def.summary,
      tags: [def.tag],
      parameters: parameters(def),
      responses,
      security: def.auth === 'session' ? [{ session: [] }, ...(def.scopes ? [{ bearer: [] }] : [])] : def.auth === 'apiKey' ? [{ apiKey: [] }] : [],
    };
    // OpenAPI 3.0 names scopes only for oauth2 schemes: the bearer scopes go in an extension.
    if (def.scopes) op['x-scopes'] = [...def.scopes];
    if (def.body) op.requestBody = { required: true, content: { [def.bodyContentType ?? 'application/json']: { schema: toSchema(def.body, 'input') } } };
    if (def.bodyContentType === 'multipart/form-data') {
      op.requestBody = {
        required: true,
        content: { 'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } } },
      };
    }
    const path = openApiPath(def.path);
    paths[path] = { ...(paths[path] ?? {}), [def.method.toLowerCase()]: op };
  }
  return {
    openapi: '3.0.3',
    info: { title: info.title, version: info.version },
    servers: info.serverUrl ? [{ url: info.serverUrl }] : [],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'portal.sid', description: '__Host-portal.sid when the portal is served over HTTPS' },
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key bound to an External integration (prefix.secret) with the ingest:write scope' },
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key (pk_prefix.secret) or an OAuth access token (JWT from POST /api/oauth/token) holding one of the named scopes',
        },
      },
    },
    paths,
    // OpenAPI 3.1's `webhooks`, under an extension in 3.0: what the portal POSTs to a registered endpoint, one operation per event type.
    'x-webhooks': Object.fromEntries(
      EVENT_TYPES.map((type) => [
        type,
        {
          post: {
            summary: `${type} (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature headers)`,
            requestBody: { required: true, content: { 'application/json': { schema: toSchema(portalEventOf(type), 'output') } } },
            responses: { '2XX': { description: 'Received; any other answer (or none within 15 s) is retried' } },
          },
        },
      ]),
    ),
  };
}
