import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SampleSapConfig } from '../config';
import { type CommonFaults, commonFaultDefaults, delay, drawFailure } from '../faults';
import { prng } from '@portal/seeded';
import { b1Date, type B1Document, type B1EntitySet, b1Time, generateB1Documents } from './b1-data';
import { B1_MASTER_DATA_SETS, type B1MasterDataSet, type B1MasterRecord, generateB1MasterData, masterDataCollection, masterKeyOf } from './b1-master-data';
import { B1_METADATA, DOCUMENT_PROPERTY_NAMES } from './b1-metadata';
import { B1QueryError, parseCount, parseFilter, parseOrderBy, parseSelect } from './b1-query';

const B1_COMPANY_DB = 'SBODEMOID';
const B1_USER = 'manager';
const B1_PASSWORD = 'B1#Demo1';
const SESSION_TIMEOUT_MINUTES = 30;
const DEFAULT_PAGE_SIZE = 20;
const ROUTE_ID = '.node1';

/** The shared drills (../faults.ts), plus entity sets this company does not expose. */
export interface B1Faults extends CommonFaults {
  /** Entity sets this company does not expose (404), as on a release or licence without them. */
  missingEntitySets: B1EntitySet[];
}

const noFaults = (): B1Faults => ({ ...commonFaultDefaults(), missingEntitySets: [] });

export interface B1RequestLogEntry {
  method: string;
  /** Path under /b1s/v1, e.g. `/Orders`. */
  path: string;
  query: Record<string, string>;
  headers: { 'b1s-pagesize'?: string; prefer?: string; cookie: boolean };
  /** 0 when the connection was cut before an answer. */
  status: number;
}

/** Business One's Service Layer under /b1s/v1, and what tests steer it with. */
export interface B1Control {
  readonly faults: B1Faults;
  setFaults(faults: Partial<B1Faults>): void;
  /** Ends every session, as the Service Layer does after SessionTimeout minutes idle. */
  expireSessions(): void;
  /** Marks a document changed now (never earlier than the newest change already there); answers its new stamp. */
  touch(entitySet: B1EntitySet, docEntry: number): { UpdateDate: string; UpdateTime: string };
  /** Marks a business partner (CardCode) or item (ItemCode) changed now, as `touch` does a document; answers its new stamp. */
  touchMasterData(entitySet: B1MasterDataSet, code: string): { UpdateDate: string; UpdateTime: string };
  /** Every request under /b1s/v1, in order. */
  readonly requests: B1RequestLogEntry[];
  /** A copy of an entity set's documents, as stored. */
  documents(entitySet: B1EntitySet): B1Document[];
  /** Fresh data from the seed, no sessions, no faults, an empty log. */
  reset(): void;
}

const errorBody = (code: number, value: string) => ({ error: { code, message: { lang: 'en-us', value } } });

function cookiesOf(request: FastifyRequest): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

function pageSizeOf(request: FastifyRequest): number {
  const header = request.headers['b1s-pagesize'];
  if (typeof header === 'string' && /^\d+$/.test(header) && Number(header) > 0) return Number(header);
  const prefer = /odata\.maxpagesize=(\d+)/.exec(String(request.headers.prefer ?? ''));
  if (prefer && Number(prefer[1]) > 0) return Number(prefer[1]);
  return DEFAULT_PAGE_SIZE;
}

export function registerB1(app: FastifyInstance, cfg: SampleSapConfig): B1Control {
  let data = generateB1Documents(cfg.seed, cfg.docsPerType);
  let master = generateB1MasterData();
  // Session id → last use (ms); a session idle longer than the timeout is gone.
  const sessions = new Map<string, number>();
  const requests: B1RequestLogEntry[] = [];
  const faults: B1Faults = { ...noFaults(), masterData: cfg.masterData };
  let dice = prng(cfg.seed);

  const setOf = (name: string): B1Document[] | undefined => data.get(name as B1EntitySet);

  const control: B1Control = {
    faults,
    requests,
    setFaults(f) {
      Object.assign(faults, f);
    },
    expireSessions() {
      sessions.clear();
    },
    touch(entitySet, docEntry) {
      const doc = setOf(entitySet)?.find((d) => d.DocEntry === docEntry);
      if (!doc) throw new Error(`no ${entitySet}(${docEntry})`);
      // The server clock may be behind the demo's dates: a change is never stamped before the newest one.
      let newest = '';
      for (const docs of data.values()) for (const d of docs) if (`${d.UpdateDate}T${d.UpdateTime}` > newest) newest = `${d.UpdateDate}T${d.UpdateTime}`;
      const now = Math.floor(Date.now() / 1000) * 1000;
      const at = Math.max(now, Date.parse(`${newest}Z`));
      doc.UpdateDate = b1Date(at);
      doc.UpdateTime = b1Time(at);
      return { UpdateDate: doc.UpdateDate, UpdateTime: doc.UpdateTime };
    },
    touchMasterData(entitySet, code) {
      const record = master.get(entitySet)?.find((r) => masterKeyOf(entitySet, r) === code);
      if (!record) throw new Error(`no ${entitySet}('${code}')`);
      let newest = '';
      for (const rows of master.values()) for (const r of rows) if (`${r.UpdateDate}T${r.UpdateTime}` > newest) newest = `${r.UpdateDate}T${r.UpdateTime}`;
      const at = Math.max(Math.floor(Date.now() / 1000) * 1000, Date.parse(`${newest}Z`));
      // The edit a user would make: the name gains a mark, so the change shows.
      const nameField = entitySet === 'BusinessPartners' ? 'CardName' : 'ItemName';
      const [, name, rev] = /^(.*?)(?: \(rev (\d+)\))?$/.exec(String(record[nameField]))!;
      record[nameField] = `${name} (rev ${Number(rev ?? 0) + 1})`;
      record.UpdateDate = b1Date(at);
      record.UpdateTime = b1Time(at);
      return { UpdateDate: record.UpdateDate, UpdateTime: record.UpdateTime };
    },
    documents(entitySet) {
      return structuredClone(setOf(entitySet) ?? []);
    },
    reset() {
      data = generateB1Documents(cfg.seed, cfg.docsPerType);
      sessions.clear();
      requests.length = 0;
      Object.assign(faults, noFaults(), { masterData: cfg.masterData });
      master = generateB1MasterData();
      dice = prng(cfg.seed);
    },
  };

  const logged = new WeakMap<FastifyRequest, B1RequestLogEntry>();

  app.register(
    async (b1) => {
      b1.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => {
        // The Service Layer reads a Login body as JSON whatever its media type.
        try {
          done(null, JSON.parse(body as string));
        } catch {
          done(null, undefined);
        }
      });

      b1.addHook('onRequest', async (request, reply) => {
        const url = new URL(request.url, 'http://b1');
        const entry: B1RequestLogEntry = {
          method: request.method,
          path: decodeURIComponent(url.pathname.replace(/^\/b1s\/v1/, '')),
          query: Object.fromEntries(url.searchParams),
          headers: {
            ...(typeof request.headers['b1s-pagesize'] === 'string' ? { 'b1s-pagesize': request.headers['b1s-pagesize'] } : {}),
            ...(typeof request.headers.prefer === 'string' ? { prefer: request.headers.prefer } : {}),
            cookie: Boolean(request.headers.cookie),
          },
          status: 0,
        };
        requests.push(entry);
        logged.set(request, entry);
        return injectFault(reply);
      });
      b1.addHook('onResponse', async (request, reply) => {
        const entry = logged.get(request);
        if (entry) entry.status = reply.statusCode;
      });
      b1.setErrorHandler((err, _request, reply) => {
        if (err instanceof B1QueryError) return reply.code(400).send(errorBody(-1, err.message));
        const status = (err as { statusCode?: number }).statusCode ?? 500;
        return reply.code(status).send(errorBody(-1, err instanceof Error ? err.message : String(err)));
      });

      b1.post('/Login', async (request, reply) => {
        const body = (request.body ?? {}) as { CompanyDB?: unknown; UserName?: unknown; Password?: unknown };
        if (body.CompanyDB !== B1_COMPANY_DB || body.UserName !== B1_USER || body.Password !== B1_PASSWORD)
          return reply.code(401).send(errorBody(-304, 'Login failed'));
        const id = randomUUID();
        sessions.set(id, Date.now());
        reply.header('set-cookie', [`B1SESSION=${id}; path=/b1s/v1; HttpOnly`, `ROUTEID=${ROUTE_ID}; path=/`]);
        return {
          'odata.metadata': `${originOf(request)}/b1s/v1/$metadata#B1Sessions/@Element`,
          SessionId: id,
          Version: '1000190',
          SessionTimeout: SESSION_TIMEOUT_MINUTES,
        };
      });

      b1.post('/Logout', async (request, reply) => {
        const id = cookiesOf(request).get('B1SESSION');
        if (id) sessions.delete(id);
        return reply.code(204).send();
      });

      b1.get('/$metadata', async (request, reply) => {
        if (!liveSession(request)) return reply.code(401).send(errorBody(301, 'Invalid session or session already timeout.'));
        return reply.type('application/xml').send(B1_METADATA);
      });

      b1.get<{ Params: { segment: string } }>('/:segment', async (request, reply) => {
        if (!liveSession(request)) return reply.code(401).send(errorBody(301, 'Invalid session or session already timeout.'));
        if ((B1_MASTER_DATA_SETS as readonly string[]).includes(request.params.segment)) {
          const set = request.params.segment as B1MasterDataSet;
          if (!faults.masterData) return reply.code(404).send(errorBody(-1, `Resource not found for the segment '${set}'.`));
          return masterDataCollection(
            request.query as Record<string, string | undefined>,
            set,
            master.get(set) as B1MasterRecord[],
            pageSizeOf(request),
            originOf(request),
          );
        }
        const m = /^([A-Za-z]+)(?:\((\d+)\))?$/.exec(request.params.segment);
        const docs = m && !(faults.missingEntitySets as string[]).includes(m[1]!) ? setOf(m[1]!) : undefined;
        if (!m || !docs) return reply.code(404).send(errorBody(-1, `Resource not found for the segment '${request.params.segment}'.`));
        const set = m[1] as B1EntitySet;
        if (m[2] !== undefined) {
          const doc = docs.find((d) => d.DocEntry === Number(m[2]));
          if (!doc) return reply.code(404).send(errorBody(-2028, 'No matching records found (ODBC -2028)'));
          return { 'odata.metadata': `${originOf(request)}/b1s/v1/$metadata#${set}/@Element`, ...wire(doc) };
        }
        return collection(request, set, docs);
      });

      // The portal only reads: a write of any kind is refused (and stays in the log for tests to assert on).
      b1.route({
        method: ['POST', 'PUT', 'PATCH', 'DELETE'],
        url: '/:segment',
        handler: async (_request, reply) => reply.code(403).send(errorBody(-1, 'This Service Layer is read-only for the portal.')),
      });
    },
    { prefix: '/b1s/v1' },
  );

  function liveSession(request: FastifyRequest): boolean {
    const id = cookiesOf(request).get('B1SESSION');
    const last = id ? sessions.get(id) : undefined;
    if (!id || last === undefined) return false;
    if (Date.now() - last > SESSION_TIMEOUT_MINUTES * 60_000) {
      sessions.delete(id);
      return false;
    }
    sessions.set(id, Date.now());
    return true;
  }

  function collection(request: FastifyRequest, set: B1EntitySet, docs: B1Document[]) {
    const q = request.query as Record<string, string | undefined>;
    let rows = docs;
    if (q.$filter !== undefined) rows = rows.filter(parseFilter(q.$filter, DOCUMENT_PROPERTY_NAMES));
    rows = q.$orderby !== undefined ? [...rows].sort(parseOrderBy(q.$orderby, DOCUMENT_PROPERTY_NAMES)) : [...rows].sort((a, b) => a.DocEntry - b.DocEntry);
    const select = q.$select !== undefined ? parseSelect(q.$select, DOCUMENT_PROPERTY_NAMES) : null;
    const skip = parseCount(q.$skip, '$skip') ?? 0;
    const top = parseCount(q.$top, '$top');
    const wanted = rows.slice(skip, top === undefined ? undefined : skip + top);
    const page = wanted.slice(0, pageSizeOf(request)).map(wire);
    const body: Record<string, unknown> = {
      'odata.metadata': `${originOf(request)}/b1s/v1/$metadata#${set}`,
      value: select ? page.map((row) => Object.fromEntries(select.map((name) => [name, row[name]]))) : page,
    };
    if (page.length < wanted.length) {
      const next = new URLSearchParams();
      for (const [k, v] of Object.entries(q)) if (v !== undefined && k !== '$skip' && k !== '$top') next.set(k, v);
      if (top !== undefined) next.set('$top', String(top - page.length));
      next.set('$skip', String(skip + page.length));
      body['odata.nextLink'] = `${set}?${[...next].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
      if (faults.changeBetweenPages && page[0]) control.touch(set, page[0].DocEntry as number);
    }
    return body;
  }

  async function injectFault(reply: FastifyReply): Promise<FastifyReply | undefined> {
    await delay(faults);
    const status = drawFailure(faults, dice);
    if (status === 429) return reply.code(429).header('retry-after', String(faults.retryAfterSeconds)).send(errorBody(-1, 'Too many requests'));
    if (status === 503) return reply.code(503).send(errorBody(-1, 'Service Unavailable'));
    if (status !== null) return reply.code(status).send(errorBody(-1, `Injected failure ${status}`));
    if (faults.htmlLoginPage)
      return reply
        .code(200)
        .type('text/html; charset=utf-8')
        .send('<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action="/login"><input name="user"></form></body></html>');
    if (faults.malformedJson)
      return reply.code(200).type('application/json; charset=utf-8').send('{"odata.metadata":"$metadata#Orders","value":[{"DocEntry":1,');
    if (faults.cutConnection) {
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
      reply.raw.write('{"odata.metadata":"$metadata#Orders","value":[{"DocEntry":1,"DocNum"');
      reply.raw.destroy();
      return reply;
    }
    return undefined;
  }

  return control;
}

function wire(doc: B1Document): Record<string, unknown> {
  // A copy, so a change after this answer was built (changeBetweenPages) is not in it.
  return { 'odata.etag': `W/"${doc.UpdateDate}${doc.UpdateTime}${doc.DocEntry}"`, ...structuredClone(doc) };
}

function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? 'localhost'}`;
}
