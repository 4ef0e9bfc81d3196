import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { z } from 'zod';
import { catalogue, MODEL_TYPES, type ModelType } from './catalogue';
import { type SampleDmsConfig, parseTenants } from './config';
import { prng } from '@portal/seeded';
import { Dataset } from './dataset';
import { MASTER_DATA_PATHS, type MasterDataPath } from './master-data';

export interface Faults {
  latencyMs: number;
  rate429: number;
  retryAfterSeconds: number;
  rate5xx: number;
  changeBetweenPages: boolean;
  /** The next N document requests fail with this status (drills and tests). */
  failNext: { status: 429 | 500 | 502 | 503; count: number } | null;
  /** The same for the next N master-data requests (customers, products), so document drills stay exact. */
  failNextMasterData: { status: 429 | 500 | 502 | 503; count: number } | null;
  /** False: answer 404 on `/customers` and `/products`, as a DMS without the contract's optional master data. */
  masterData: boolean;
}

export interface SampleDmsControl {
  faults: Faults;
  setFaults(f: Partial<Faults>): void;
  touch(tenantId: string, type: ModelType, id: string): { id: string; updated_at: string } | null;
  /** A customer or product changes (a newer `updated_at`, new values), like `touch` for documents. */
  touchMasterData(tenantId: string, path: MasterDataPath, id: string): { id: string; updated_at: string } | null;
  /** The customers or products the DMS serves this tenant (those its documents name). */
  masterDataRecords(tenantId: string, path: MasterDataPath): { id: string; code: string; name: string }[];
  countDocuments(tenantId: string, type: ModelType): number;
  countLines(tenantId: string, type: ModelType): number;
  requests: number;
  /** Data requests being answered now, and the most at once since the last reset: per tenant, or per tenant and type. */
  inFlight(tenantId: string, type?: ModelType): number;
  peakInFlight(tenantId: string, type?: ModelType): number;
  resetPeaks(): void;
}

const pageQuery = z.object({
  updated_since: z.string().optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const encodeCursor = (c: { t: number; id: string }) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(s: string): { t: number; id: string } | null {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as { t?: unknown; id?: unknown };
    return typeof v.t === 'number' && typeof v.id === 'string' ? { t: v.t, id: v.id } : null;
  } catch {
    return null;
  }
}

function keyMatches(given: string, expected: string) {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function buildServer(cfg: SampleDmsConfig): { app: FastifyInstance; control: SampleDmsControl } {
  const tenants = parseTenants(cfg.tenants);
  const data = new Dataset({ seed: cfg.seed, docsPerType: cfg.docsPerType, avgLines: cfg.avgLinesPerDoc, malformedRate: cfg.malformedRate });
  const dice = prng(cfg.seed ^ 0x5eed);
  // Keys are the tenant alone and `tenant/type`, so tests can see overlapping pulls (one sync per type, fairness per tenant).
  const current = new Map<string, number>();
  const peaks = new Map<string, number>();
  const enter = (keys: string[]) => {
    for (const k of keys) {
      const n = (current.get(k) ?? 0) + 1;
      current.set(k, n);
      peaks.set(k, Math.max(peaks.get(k) ?? 0, n));
    }
  };
  const leave = (keys: string[]) => {
    for (const k of keys) current.set(k, (current.get(k) ?? 1) - 1);
  };
  const inFlightKey = (tenantId: string, type?: ModelType | MasterDataPath) => (type ? `${tenantId}/${type}` : tenantId);
  const control: SampleDmsControl = {
    faults: {
      latencyMs: cfg.latencyMs,
      rate429: cfg.rate429,
      retryAfterSeconds: cfg.retryAfterSeconds,
      rate5xx: cfg.rate5xx,
      changeBetweenPages: cfg.changeBetweenPages,
      failNext: null,
      failNextMasterData: null,
      masterData: cfg.masterData,
    },
    setFaults(f) {
      Object.assign(this.faults, f);
    },
    touch: (tenantId, type, id) => data.touch(tenantId, type, id),
    touchMasterData: (tenantId, path, id) => data.touchMasterData(tenantId, path, id),
    masterDataRecords: (tenantId, path) =>
      data.masterDataPage(tenantId, path, { limit: 1_000 }).records.map((r) => ({
        id: String(r.id),
        code: String(path === 'customers' ? r.kode_pelanggan : r.kode_barang),
        name: String(path === 'customers' ? r.nama_pelanggan : r.nama_barang),
      })),
    countDocuments: () => data.countDocuments(),
    countLines: (tenantId, type) => data.countLines(tenantId, type),
    requests: 0,
    inFlight: (tenantId, type) => current.get(inFlightKey(tenantId, type)) ?? 0,
    peakInFlight: (tenantId, type) => peaks.get(inFlightKey(tenantId, type)) ?? 0,
    resetPeaks: () => {
      peaks.clear();
      for (const [k, n] of current) peaks.set(k, n);
    },
  };

  const app = Fastify({ logger: { level: cfg.logLevel } });
  const error = (code: string, message: string) => ({ error: { code, message } });

  app.get('/health', async () => ({ status: 'ok' }));

  app.register(
    async (api) => {
      // AccessKey: "{TenantId}-{PRINCIPAL_ACCESS_KEY}"; the key part may itself contain '-'.
      api.addHook('onRequest', async (req, reply) => {
        const header = req.headers['x-access-key'];
        const value = typeof header === 'string' ? header : '';
        const dash = value.indexOf('-');
        const tenantId = dash > 0 ? value.slice(0, dash) : '';
        const expected = /^\d+$/.test(tenantId) ? tenants.get(tenantId) : undefined;
        if (!expected || !keyMatches(value.slice(dash + 1), expected)) {
          return reply.code(401).send(error('INVALID_ACCESS_KEY', 'AccessKey missing, or it does not match the tenant PRINCIPAL_ACCESS_KEY'));
        }
        (req as unknown as { tenantId: string }).tenantId = tenantId;
      });

      api.get('/meta/models', async () => catalogue());

      // The contract's optional master data; static routes win over `/:type`.
      for (const path of MASTER_DATA_PATHS) {
        api.get(`/${path}`, async (req, reply) => {
          if (!control.faults.masterData) return reply.code(404).send(error('UNKNOWN_MODEL', `this DMS offers no ${path}`));
          control.requests++;
          const tenantId = (req as unknown as { tenantId: string }).tenantId;
          const keys = [inFlightKey(tenantId), inFlightKey(tenantId, path)];
          enter(keys);
          try {
            return await answerMasterData(tenantId, path, req.query, reply);
          } finally {
            leave(keys);
          }
        });
      }

      api.get<{ Params: { type: string } }>('/:type', async (req, reply) => {
        const type = req.params.type as ModelType;
        if (!MODEL_TYPES.includes(type)) return reply.code(404).send(error('UNKNOWN_MODEL', `unknown document type ${req.params.type}`));
        control.requests++;
        const tenantId = (req as unknown as { tenantId: string }).tenantId;
        const keys = [inFlightKey(tenantId), inFlightKey(tenantId, type)];
        enter(keys);
        try {
          return await answer(tenantId, type, req.query, reply);
        } finally {
          leave(keys);
        }
      });

      /** Latency and injected faults; true when the reply was already sent. */
      const faulted = async (reply: FastifyReply, failNextKey: 'failNext' | 'failNextMasterData'): Promise<boolean> => {
        const f = control.faults;
        if (f.latencyMs) await new Promise((r) => setTimeout(r, f.latencyMs));
        const next = f[failNextKey];
        if (next && next.count > 0) {
          next.count--;
          const status = next.status;
          if (next.count === 0) f[failNextKey] = null;
          if (status === 429) reply.header('retry-after', String(f.retryAfterSeconds));
          await reply.code(status).send(error('INJECTED_FAULT', `injected ${status}`));
          return true;
        }
        if (f.rate429 && dice() < f.rate429) {
          await reply.code(429).header('retry-after', String(f.retryAfterSeconds)).send(error('RATE_LIMITED', 'slow down'));
          return true;
        }
        if (f.rate5xx && dice() < f.rate5xx) {
          await reply.code(503).send(error('UNAVAILABLE', 'temporarily unavailable'));
          return true;
        }
        return false;
      };

      /** The contract's paging parameters, or the 400 already sent. */
      const pageOf = (query: unknown, reply: FastifyReply) => {
        const q = pageQuery.safeParse(query);
        if (!q.success) return void reply.code(400).send(error('BAD_QUERY', q.error.message));
        const since = q.data.updated_since ? Date.parse(q.data.updated_since) : undefined;
        if (since !== undefined && Number.isNaN(since)) return void reply.code(400).send(error('BAD_QUERY', 'updated_since must be ISO-8601'));
        const after = q.data.cursor ? decodeCursor(q.data.cursor) : undefined;
        if (q.data.cursor && !after) return void reply.code(400).send(error('BAD_CURSOR', 'invalid cursor'));
        return { updatedSince: since, after: after ?? undefined, limit: q.data.limit };
      };

      const answerMasterData = async (tenantId: string, path: MasterDataPath, query: unknown, reply: FastifyReply) => {
        if (await faulted(reply, 'failNextMasterData')) return reply;
        const q = pageOf(query, reply);
        if (!q) return reply;
        const page = data.masterDataPage(tenantId, path, q);
        return { data: page.records, next_cursor: page.next ? encodeCursor(page.next) : null };
      };

      const answer = async (tenantId: string, type: ModelType, query: unknown, reply: FastifyReply) => {
        if (await faulted(reply, 'failNext')) return reply;
        const q = pageOf(query, reply);
        if (!q) return reply;
        const f = control.faults;
        const page = data.page(tenantId, type, q);
        if (f.changeBetweenPages && page.records.length && page.next) {
          // A record already served changes before the next page is asked for.
          data.touch(tenantId, type, String(page.records[0]!.id));
        }
        return { data: page.records, next_cursor: page.next ? encodeCursor(page.next) : null };
      };
    },
    { prefix: '/api/v1' },
  );

  if (cfg.control) {
    app.post('/__control/faults', async (req) => {
      control.setFaults((req.body ?? {}) as Partial<Faults>);
      return control.faults;
    });
    app.post<{ Params: { tenantId: string; type: string; id: string } }>('/__control/tenants/:tenantId/:type/:id/touch', async (req, reply) => {
      const type = req.params.type as ModelType;
      if (!MODEL_TYPES.includes(type)) return reply.code(404).send(error('UNKNOWN_MODEL', 'unknown type'));
      const touched = control.touch(req.params.tenantId, type, req.params.id);
      return touched ?? reply.code(404).send(error('NOT_FOUND', 'no such record'));
    });
    app.post<{ Params: { tenantId: string; path: string; id: string } }>('/__control/tenants/:tenantId/master-data/:path/:id/touch', async (req, reply) => {
      const path = req.params.path as MasterDataPath;
      if (!MASTER_DATA_PATHS.includes(path)) return reply.code(404).send(error('UNKNOWN_MODEL', 'unknown master data'));
      const touched = control.touchMasterData(req.params.tenantId, path, req.params.id);
      return touched ?? reply.code(404).send(error('NOT_FOUND', 'no such record'));
    });
    app.get<{ Params: { tenantId: string } }>('/__control/tenants/:tenantId/stats', async (req) => data.stats(req.params.tenantId));
  }
  return { app, control };
}
