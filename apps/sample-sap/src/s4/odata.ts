import type { FastifyReply, FastifyRequest } from 'fastify';
import type { S4Dataset } from './dataset';
import { type EntitySetDef, forRelease, keysOf } from './edm';
import { SAP_ERRORS, sapError } from './errors';
import type { ServiceDef } from './family';
import { sendJsonText, type S4Faults } from './faults';
import { ODataQueryError } from './filter';
import { metadataXml } from './metadata';
import { countRows, encodeSkipToken, parseOptions, type QueryOptions, readPage, SetReader } from './query';
import { entityJson, odataJson, type RenderContext, type Selection } from './render';
import { entitySetsOf, locateSet, MASTER_DATA_SERVICE, MASTER_DATA_SETS, SERVICES } from './services';
import type { S4Tenant } from './tenants';

// GET under /sap/opu/odata/sap/<SERVICE>/: the service document, $metadata,
// collections (with paging), single entities, their navigations and $count.

export interface ODataEnv {
  data: S4Dataset;
  faults: S4Faults;
  pageSize: { default: number; max: number };
}

const SYSTEM_OPTIONS = new Set(['$filter', '$select', '$expand', '$orderby', '$top', '$skip', '$skiptoken', '$inlinecount', '$format']);
const PATH = /^([A-Za-z_][A-Za-z0-9_]*)(?:\((.*)\))?(?:\/(.+))?$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function queryOf(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.query as Record<string, string | string[]>)) {
    if (Array.isArray(v)) throw new HttpError(400, SAP_ERRORS.badRequest, `System query option '${k}' is given more than once`);
    if (k.startsWith('$') && !SYSTEM_OPTIONS.has(k)) throw new HttpError(400, SAP_ERRORS.badRequest, `System query option '${k}' is not supported`);
    out[k] = v;
  }
  return out;
}

/** `('5000000001')` or `(SupplierInvoice='5105600001',FiscalYear='2026')` → key values by name. */
function parseKey(def: EntitySetDef, text: string): Record<string, string> {
  const keys = keysOf(def);
  const unquote = (v: string) => {
    const m = /^'((?:[^']|'')*)'$/.exec(v.trim());
    if (!m) throw new HttpError(400, SAP_ERRORS.badRequest, `Invalid key predicate (${text})`);
    return m[1]!.replace(/''/g, "'");
  };
  const parts = text.match(/(?:[^,']|'(?:[^']|'')*')+/g) ?? [];
  if (parts.length === 1 && keys.length === 1 && !/^\s*\w+\s*=/.test(parts[0]!)) return { [keys[0]!.name]: unquote(parts[0]!) };
  const out: Record<string, string> = {};
  for (const part of parts) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    if (eq < 0 || !keys.some((k) => k.name === name)) throw new HttpError(400, SAP_ERRORS.badRequest, `Invalid key predicate (${text})`);
    out[name] = unquote(part.slice(eq + 1));
  }
  if (keys.some((k) => out[k.name] === undefined)) throw new HttpError(400, SAP_ERRORS.badRequest, `Invalid key predicate (${text})`);
  return out;
}

function wantsJson(req: FastifyRequest, query: Record<string, string>): boolean {
  if (query.$format !== undefined) return query.$format === 'json';
  return (req.headers.accept ?? '').includes('application/json');
}

/** The request's own query without paging state, plus the new $skiptoken. */
function nextUrl(req: FastifyRequest, origin: string, token: string): string {
  const [path, raw = ''] = req.url.split('?');
  const kept = raw.split('&').filter((pair) => {
    const name = decodeURIComponent(pair.split('=')[0]!.replace(/\+/g, ' '));
    return pair && name !== '$skiptoken' && name !== '$skip';
  });
  return `${origin}${path}?${[...kept, `$skiptoken=${token}`].join('&')}`;
}

export async function serveOData(req: FastifyRequest, reply: FastifyReply, tenant: S4Tenant, env: ODataEnv): Promise<unknown> {
  const { service: serviceName, '*': rest = '' } = req.params as { service: string; '*': string };
  const service = SERVICES.find((s) => s.name === serviceName && (env.faults.masterData || s.name !== MASTER_DATA_SERVICE));
  if (!service) {
    return reply.code(404).send(sapError(SAP_ERRORS.serviceNotFound, `No service found for namespace '/SAP/', name '${serviceName}', version '0001'`));
  }
  try {
    return await serve(req, reply, tenant, env, service, rest);
  } catch (err) {
    if (err instanceof ODataQueryError) return reply.code(400).send(sapError(SAP_ERRORS.badRequest, err.message, service.name));
    if (err instanceof HttpError) return reply.code(err.status).send(sapError(err.code, err.message, service.name));
    throw err;
  }
}

async function serve(req: FastifyRequest, reply: FastifyReply, tenant: S4Tenant, env: ODataEnv, service: ServiceDef, rest: string): Promise<unknown> {
  const origin = `${req.protocol}://${req.headers.host ?? req.host}`;
  const serviceUrl = `${origin}/sap/opu/odata/sap/${service.name}`;
  const defOf = (set: string) => forRelease(locateSet(service, set)!.def, tenant.release);
  const rc: RenderContext = { serviceUrl, namespace: service.name, dateTimeOffsetWithOffset: tenant.dateTimeOffsetWithOffset };

  if (rest === '$metadata') {
    return reply
      .code(200)
      .type('application/xml')
      .header('dataserviceversion', '2.0')
      .send(metadataXml(service, tenant.release, origin));
  }
  const query = queryOf(req);
  if (env.faults.strictFormat && !wantsJson(req, query)) {
    throw new HttpError(406, SAP_ERRORS.notAcceptable, 'The requested format is not supported: send $format=json or Accept: application/json');
  }
  if (rest === '') {
    await sendJsonText(env.faults, reply, odataJson({ d: { EntitySets: entitySetsOf(service).map((d) => d.set) } }));
    return reply;
  }
  const m = PATH.exec(rest);
  const loc = m && (env.faults.masterData || !MASTER_DATA_SETS.has(m[1]!)) ? locateSet(service, m[1]!) : null;
  if (!m || !loc) throw new HttpError(404, SAP_ERRORS.notFound, `Resource not found for segment '${rest.split(/[(/]/)[0]}'`);
  const [, , keyText, tail] = m;
  const def = forRelease(loc.def, tenant.release);
  const reader = new SetReader(env.data, tenant.client, loc.family, def, loc.isHeader);
  const o = parseOptions(query, def, defOf);

  const selection = (d: EntitySetDef, opts: Pick<QueryOptions, 'select' | 'expand'>, i: number): Selection => {
    const all = !opts.select || opts.select.includes('*');
    const props = all ? null : new Set(opts.select!.filter((s) => !s.includes('/')));
    const navigations: Selection['navigations'] = new Map();
    for (const nav of d.navigations) {
      const mentioned = opts.select?.some((s) => s === nav.name || s.startsWith(`${nav.name}/`));
      const expanded = opts.expand.some((e) => e.name === nav.name);
      if (!expanded && !all && !mentioned) continue;
      if (!expanded) {
        navigations.set(nav.name, { expanded: null });
        continue;
      }
      const sub = (opts.select ?? []).filter((s) => s.startsWith(`${nav.name}/`)).map((s) => s.slice(nav.name.length + 1));
      const target = defOf(nav.target);
      const rows = env.data.doc(tenant.client, loc.family, i).children[nav.target] ?? [];
      navigations.set(nav.name, {
        expanded: {
          def: target,
          rows,
          selection: { properties: sub.length && !sub.includes('*') ? new Set(sub) : null, navigations: new Map() },
        },
      });
    }
    return { properties: props, navigations };
  };

  if (keyText === undefined) {
    if (tail === '$count') {
      return reply
        .code(200)
        .type('text/plain; charset=utf-8')
        .send(String(countRows(reader, o.filter)));
    }
    if (tail !== undefined) throw new HttpError(404, SAP_ERRORS.notFound, `Resource not found for segment '${tail}'`);
    if (o.inlinecount && def.set === 'A_SalesOrder') {
      // SAP KBA 3616518: the Public Edition answers $inlinecount=allpages on sales orders with a 500.
      throw new HttpError(500, SAP_ERRORS.internal, 'In the context of Data Services an unknown internal server error occurred');
    }
    const page = readPage(reader, o, env.pageSize);
    const results = page.refs.map((ref) => entityJson(def, reader.row(ref), rc, selection(def, o, ref.i)));
    const d: Record<string, unknown> = {};
    if (o.inlinecount) d.__count = String(countRows(reader, o.filter));
    d.results = results;
    if (page.next) d.__next = nextUrl(req, origin, encodeSkipToken(page.next));
    const text = odataJson({ d });
    if (env.faults.changeBetweenPages && page.next && page.refs.length && loc.family.changeTime) {
      // A document already served changes before the client asks for the next page.
      env.data.touch(tenant.client, loc.family, page.refs[0]!.i);
    }
    await sendJsonText(env.faults, reply, text);
    return reply;
  }

  const key = parseKey(def, keyText);
  const ctx = env.data.ctx(tenant.client);
  const i = loc.family.indexOf(ctx, key);
  const doc = i === null ? null : env.data.doc(tenant.client, loc.family, i);
  const row = !doc
    ? null
    : loc.isHeader
      ? doc.header
      : ((doc.children[def.set] ?? []).find((r) => keysOf(def).every((k) => String(r[k.name]) === key[k.name])) ?? null);
  if (!row || i === null) throw new HttpError(404, SAP_ERRORS.notFound, `Resource not found for segment '${def.typeName}'`);
  if (tail === undefined) {
    await sendJsonText(env.faults, reply, odataJson({ d: entityJson(def, row, rc, selection(def, o, i)) }));
    return reply;
  }
  const nav = def.navigations.find((n) => n.name === tail);
  if (!nav) throw new HttpError(404, SAP_ERRORS.notFound, `Resource not found for segment '${tail}'`);
  const target = defOf(nav.target);
  const children = doc!.children[nav.target] ?? [];
  const results = children.map((r) => entityJson(target, r, rc, { properties: null, navigations: new Map() }));
  await sendJsonText(env.faults, reply, odataJson({ d: { results } }));
  return reply;
}
