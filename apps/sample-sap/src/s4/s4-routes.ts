import { randomBytes } from 'node:crypto';
import { parse as parseForm } from 'node:querystring';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SampleSapConfig } from '../config';
import { parseBasic, S4Auth } from './auth';
import { S4Dataset } from './dataset';
import { SAP_ERRORS, sapError } from './errors';
import { answerFault, defaultFaults, type S4Faults } from './faults';
import { serveOData } from './odata';
import { prng } from '@portal/seeded';
import { locateSet, SERVICES } from './services';
import { DEFAULT_CLIENT, type S4Tenant, S4_TENANTS, SYSTEM_ID, tenantOf } from './tenants';

/** One request as the sample S/4HANA saw it (secrets never kept: only the Authorization scheme). */
export interface S4RequestLog {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: { 'sap-client'?: string; accept?: string; authorization?: string; 'x-csrf-token'?: string; 'content-type'?: string };
  client: string;
  /** The answer's status; 0 while unanswered or for a cut connection. */
  status: number;
}

/** The test control of the sample S/4HANA (also over HTTP under /__mock). */
export interface S4Control {
  readonly faults: S4Faults;
  setFaults(f: Partial<S4Faults>): S4Faults;
  /** Sets the document's LastChangeDateTime to now (and changes its values); returns the new time. */
  touch(client: string, entitySet: string, key: string | Record<string, string>): Date;
  setTokenLifetime(seconds: number): void;
  expireTokens(): void;
  /** Every request under /sap, oldest first (the last 10,000). */
  readonly requests: S4RequestLog[];
  /** Entities in the tenant's entity set. */
  count(client: string, entitySet: string): number;
  /** Faults, touched documents, tokens and the request log back to the start. */
  reset(): void;
}

const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'MERGE', 'DELETE'] as const;
const LOG_LIMIT = 10_000;

function clientOf(req: FastifyRequest): string {
  const q = (req.query as Record<string, unknown>)['sap-client'];
  const h = req.headers['sap-client'];
  return (typeof q === 'string' && q) || (typeof h === 'string' && h) || DEFAULT_CLIENT;
}

function refuse401(reply: FastifyReply, client: string, message: string) {
  return reply
    .code(401)
    .header('www-authenticate', `Basic realm="SAP NetWeaver Application Server [${SYSTEM_ID}/${client}]"`)
    .send(sapError(SAP_ERRORS.unauthorized, message));
}

export function registerS4(app: FastifyInstance, cfg: SampleSapConfig): S4Control {
  const data = new S4Dataset({ seed: cfg.seed, docsPerType: cfg.docsPerType });
  const auth = new S4Auth();
  const faults: S4Faults = { ...defaultFaults(), masterData: cfg.masterData };
  const dice = prng(cfg.seed ^ 0x5a4);
  const requests: S4RequestLog[] = [];
  const env = { data, faults, pageSize: { default: cfg.defaultPageSize, max: cfg.maxPageSize } };

  const control: S4Control = {
    faults,
    setFaults(f) {
      return Object.assign(faults, f);
    },
    touch(client, entitySet, key) {
      const service = SERVICES.find((s) => s.families.some((f) => f.header.set === entitySet));
      const loc = service ? locateSet(service, entitySet) : null;
      if (!loc?.family.changeTime) throw new Error(`${entitySet} is not a set of documents with LastChangeDateTime`);
      const keyName = loc.def.properties.find((p) => p.key)!.name;
      const i = loc.family.indexOf(data.ctx(client), typeof key === 'string' ? { [keyName]: key } : key);
      if (i === null) throw new Error(`no ${entitySet} ${JSON.stringify(key)} in client ${client}`);
      return new Date(data.touch(client, loc.family, i));
    },
    setTokenLifetime(seconds) {
      auth.tokenLifetimeSeconds = seconds;
    },
    expireTokens: () => auth.expireAll(),
    requests,
    count(client, entitySet) {
      for (const service of SERVICES) {
        const loc = locateSet(service, entitySet);
        if (!loc) continue;
        const ctx = data.ctx(client);
        if (loc.isHeader) return loc.family.count(ctx);
        let n = 0;
        for (let i = 0; i < loc.family.count(ctx); i++) n += loc.family.generate(ctx, i, null).children[entitySet]?.length ?? 0;
        return n;
      }
      throw new Error(`unknown entity set ${entitySet}`);
    },
    reset() {
      Object.assign(faults, defaultFaults(), { masterData: cfg.masterData });
      data.reset();
      auth.reset();
      requests.length = 0;
    },
  };

  app.addHttpMethod('MERGE', { hasBody: true });

  app.register(async (s4) => {
    // Writes are refused before their bodies matter, whatever their media type.
    s4.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    s4.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, parseForm(String(body))));

    const logged = new WeakMap<FastifyRequest, S4RequestLog>();
    s4.addHook('onRequest', async (req) => {
      if (!req.url.startsWith('/sap/')) return;
      const h = req.headers;
      const scheme = typeof h.authorization === 'string' ? h.authorization.split(' ')[0] : undefined;
      const entry: S4RequestLog = {
        method: req.method,
        path: req.url.split('?')[0]!,
        query: { ...(req.query as Record<string, unknown>) },
        headers: {
          ...(typeof h['sap-client'] === 'string' ? { 'sap-client': h['sap-client'] } : {}),
          ...(h.accept ? { accept: h.accept } : {}),
          ...(scheme ? { authorization: scheme } : {}),
          ...(typeof h['x-csrf-token'] === 'string' ? { 'x-csrf-token': h['x-csrf-token'] } : {}),
          ...(h['content-type'] ? { 'content-type': h['content-type'] } : {}),
        },
        client: clientOf(req),
        status: 0,
      };
      requests.push(entry);
      if (requests.length > LOG_LIMIT) requests.splice(0, requests.length - LOG_LIMIT);
      logged.set(req, entry);
    });
    s4.addHook('onResponse', async (req, reply) => {
      const entry = logged.get(req);
      if (entry) entry.status = reply.statusCode;
    });

    /** The tenant of the request and whether its credentials admit it; answers 401 itself otherwise. */
    const admitted = (req: FastifyRequest, reply: FastifyReply): S4Tenant | null => {
      const client = clientOf(req);
      const tenant = tenantOf(client);
      if (!tenant) {
        void refuse401(reply, client, `Logon failed: client ${client} does not exist in system ${SYSTEM_ID}`);
        return null;
      }
      if (!auth.admits(tenant, req.headers.authorization)) {
        void refuse401(reply, client, 'Logon failed: user name, password or access token is not valid');
        return null;
      }
      return tenant;
    };

    s4.post('/sap/bc/sec/oauth2/token', async (req, reply) => {
      const tenant = tenantOf(clientOf(req));
      const form = (req.body ?? {}) as Record<string, unknown>;
      const basic = parseBasic(req.headers.authorization);
      const clientId = basic?.user ?? (typeof form.client_id === 'string' ? form.client_id : '');
      const secret = basic?.password ?? (typeof form.client_secret === 'string' ? form.client_secret : '');
      reply.header('cache-control', 'no-store');
      if (!tenant || !auth.clientCredentialsMatch(tenant, clientId, secret)) {
        return reply
          .code(401)
          .header('www-authenticate', 'Basic realm="OAuth 2.0 Token Endpoint"')
          .send({ error: 'invalid_client', error_description: 'Client authentication failed' });
      }
      if (form.grant_type !== 'client_credentials') {
        return reply.code(400).send({ error: 'unsupported_grant_type', error_description: 'Only grant_type=client_credentials is supported' });
      }
      return auth.issue(tenant);
    });

    const odataGet = async (req: FastifyRequest, reply: FastifyReply) => {
      if (await answerFault(faults, dice, reply, (req.params as { service: string }).service)) return reply;
      const tenant = admitted(req, reply);
      if (!tenant) return reply;
      if (String(req.headers['x-csrf-token'] ?? '').toLowerCase() === 'fetch') reply.header('x-csrf-token', randomBytes(16).toString('base64'));
      return serveOData(req, reply, tenant, env);
    };
    s4.get('/sap/opu/odata/sap/:service/*', odataGet);
    // The service root without its trailing slash is the service document too.
    s4.get('/sap/opu/odata/sap/:service', odataGet);
    // The sample is read-only: every write is refused as Gateway refuses one without a CSRF token.
    s4.route({
      method: [...WRITE_METHODS],
      url: '/sap/opu/odata/sap/*',
      handler: async (req, reply) => {
        if (!admitted(req, reply)) return reply;
        return reply.code(403).header('x-csrf-token', 'Required').send(sapError(SAP_ERRORS.csrf, 'CSRF token validation failed'));
      },
    });

    if (cfg.control) {
      s4.post('/__mock/faults', async (req) => control.setFaults((req.body ?? {}) as Partial<S4Faults>));
      s4.post<{ Params: { client: string }; Body: { entitySet?: string; key?: string | Record<string, string> } }>(
        '/__mock/tenants/:client/touch',
        async (req, reply) => {
          try {
            const t = control.touch(req.params.client, req.body?.entitySet ?? '', req.body?.key ?? '');
            return { LastChangeDateTime: t.toISOString() };
          } catch (err) {
            return reply.code(404).send({ error: (err as Error).message });
          }
        },
      );
      s4.post<{ Body: { lifetimeSeconds?: number; expire?: boolean } }>('/__mock/tokens', async (req) => {
        if (typeof req.body?.lifetimeSeconds === 'number') control.setTokenLifetime(req.body.lifetimeSeconds);
        if (req.body?.expire) control.expireTokens();
        return { lifetimeSeconds: auth.tokenLifetimeSeconds };
      });
      s4.get('/__mock/requests', async () => requests);
      s4.post('/__mock/reset', async () => {
        control.reset();
        return { tenants: S4_TENANTS.map((t) => t.client) };
      });
    }
  });

  return control;
}
