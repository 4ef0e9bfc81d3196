import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { z } from 'zod';
import { catalogue, MODEL_TYPES, type ModelType } from './catalogue';
import { type SampleDmsConfig, parseTenants } from './config';
import { prng } from '@portal/seeded';
import { Dataset } from './dataset';

export interface Faults {
  latencyMs: number;
  rate429: number;
  retryAfterSeconds: number;
  rate5xx: number;
  changeBetweenPages: boolean;
  /** The next N data requests fail with this status (drills and tests). */
  failNext: { status: 429 | 500 | 502 | 503; count: number } | null;
}

export interface SampleDmsControl {
  faults: Faults;
  setFaults(f: Partial<Faults>): void;
  touch(tenantId: string, type: ModelType, id: string): { id: string; updated_at: string } | null;
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
  const inFlightKey = (tenantId: string, type?: ModelType) => (type ? `${tenantId}/${type}` : tenantId);
  const control: SampleDmsControl = {
    faults: {
      latencyMs: cfg.latencyMs,
      rate429: cfg.rate429,
      retryAfterSeconds: cfg.retryAfterSeconds,
      rate5xx: cfg.rate5xx,
      changeBetweenPages: cfg.changeBetweenPages,
      failNext: null,
    },
    setFaults(f) {
      Object.assign(this.faults, f);
    },
    touch: (tenantId, type, id) => data.touch(tenantId, type, id),
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

      const answer = async (tenantId: string, type: ModelType, query: unknown, reply: FastifyReply) => {
        const f = control.faults;
        if (f.latencyMs) await new Promise((r) => setTimeout(r, f.latencyMs));
        if (f.failNext && f.failNext.count > 0) {
          f.failNext.count--;
          const status = f.failNext.status;
          if (f.failNext.count === 0) f.failNext = null;
          if (status === 429) reply.header('retry-after', String(f.retryAfterSeconds));
          return reply.code(status).send(error('INJECTED_FAULT', `injected ${status}`));
        }
        if (f.rate429 && dice() < f.rate429) return reply.code(429).header('retry-after', String(f.retryAfterSeconds)).send(error('RATE_LIMITED', 'slow down'));
        if (f.rate5xx && dice() < f.rate5xx) return reply.code(503).send(error('UNAVAILABLE', 'temporarily unavailable'));

        const q = pageQuery.safeParse(query);
        if (!q.success) return reply.code(400).send(error('BAD_QUERY', q.error.message));
        const since = q.data.updated_since ? Date.parse(q.data.updated_since) : undefined;
        if (since !== undefined && Number.isNaN(since)) return reply.code(400).send(error('BAD_QUERY', 'updated_since must be ISO-8601'));
        const after = q.data.cursor ? decodeCursor(q.data.cursor) : undefined;
        if (q.data.cursor && !after) return reply.code(400).send(error('BAD_CURSOR', 'invalid cursor'));
        const page = data.page(tenantId, type, { updatedSince: since, after: after ?? undefined, limit: q.data.limit });
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
    app.get<{ Params: { tenantId: string } }>('/__control/tenants/:tenantId/stats', async (req) => data.stats(req.params.tenantId));
  }
  return { app, control };
}
