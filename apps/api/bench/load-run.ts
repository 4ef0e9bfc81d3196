import autocannon from 'autocannon';
import type { BenchEndpoint, SessionKind } from './bench-endpoints';
import type { BenchSession } from './bench-sessions';

export type LoadMode = 'sessions' | 'saturated';

export interface Sample {
  ms: number;
  /** Unanswered: the request took at least `ms`. */
  cut: boolean;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  /** Answered requests per second (any status). */
  rps: number;
  /**
   * Each 2xx answer's milliseconds, in all and per kind of session. A
   * request still unanswered when the run ended, or timed out, counts with
   * the time it had waited as a lower bound (`cut`): dropping it would hide
   * exactly the slowest requests.
   */
  latencies: Record<'all' | SessionKind, Sample[]>;
  non2xx: number;
  /** Connection errors and timeouts (autocannon's `errors`, which include `timeouts`). */
  errors: number;
  timeouts: number;
  /** Sent, unanswered when the run ended, and waiting longer than every answer (counted as lower bounds). */
  unfinished: number;
  statusCodes: Record<string, number>;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  /** sessions: each connection at most this many requests per second, like a user clicking through; saturated: none. */
  perSessionRate: number;
  timeoutSeconds: number;
}

/**
 * One endpoint under load. Connection i is session i of the pool for its
 * whole run (principal-only endpoints use the principal sessions, each on
 * two connections), and each request takes the next value from that
 * session's own sample; every answer is attributed to its session's kind.
 */
export async function runLoad(endpoint: BenchEndpoint, all: BenchSession[], mode: LoadMode, o: LoadOptions): Promise<LoadResult> {
  const pool = endpoint.who === 'principal' ? all.filter((s) => s.sample.kind === 'principal') : all;
  const sessionOf = (conn: number) => pool[conn % pool.length]!;
  const connOf = new WeakMap<object, number>();
  const built = new Array<number>(o.connections).fill(0);
  /** When the connection's outstanding request was written (one at a time: no pipelining), or null. */
  const sentAt = new Array<number | null>(o.connections).fill(null);
  let nextConn = 0;
  const latencies: LoadResult['latencies'] = { all: [], distributor: [], principal: [] };
  const statusCodes: Record<string, number> = {};
  let non2xx = 0;
  const record = (conn: number, sample: Sample) => {
    latencies.all.push(sample);
    latencies[sessionOf(conn).sample.kind].push(sample);
  };

  let done!: (r: autocannon.Result) => void;
  let failed!: (err: unknown) => void;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  const options: autocannon.Options = {
    url: o.url,
    connections: o.connections,
    duration: o.durationSeconds,
    timeout: o.timeoutSeconds,
    ...(mode === 'sessions' ? { connectionRate: o.perSessionRate } : {}),
    setupClient: (client) => {
      const conn = nextConn++;
      connOf.set(client, conn);
      // Events the typings leave out: a request written, a request given up.
      const events: NodeJS.EventEmitter = client;
      events.on('request', () => (sentAt[conn] = performance.now()));
      events.on('timeout', () => {
        record(conn, { ms: o.timeoutSeconds * 1000, cut: true });
        sentAt[conn] = null;
      });
      client.setHeaders({ cookie: sessionOf(conn).cookie, accept: 'application/json', 'x-bench-connection': String(conn) });
    },
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          // The connection's header says whose request this is (autocannon builds one before setupClient: connection 0's).
          const conn = Number(req.headers?.['x-bench-connection'] ?? 0);
          const i = built[conn]!++;
          return { ...req, path: endpoint.path(sessionOf(conn).sample, i) };
        },
      },
    ],
  };
  const instance = autocannon(options, (err: unknown, r: autocannon.Result) => (err ? failed(err) : done(r)));
  instance.on('response', (client, statusCode, _bytes, ms) => {
    const conn = connOf.get(client) ?? 0;
    sentAt[conn] = null;
    if (statusCode >= 200 && statusCode < 300) {
      record(conn, { ms, cut: false });
    } else {
      non2xx += 1;
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    }
  });
  const result = await finished;
  const ended = performance.now();
  // An open request that has waited longer than every answer is surely among the slowest: it counts, as a
  // lower bound. One written just before the end (the next of a connection, a rate tick) tells nothing.
  const slowest = Math.max(0, ...latencies.all.map((l) => l.ms));
  let unfinished = 0;
  sentAt.forEach((at, conn) => {
    if (at === null || ended - at <= slowest) return;
    unfinished += 1;
    record(conn, { ms: ended - at, cut: true });
  });
  const count = latencies.all.filter((l) => !l.cut).length + non2xx;
  const seconds = result.duration;
  return { requests: count, seconds, rps: count / seconds, latencies, non2xx, errors: result.errors, timeouts: result.timeouts, unfinished, statusCodes };
}
