import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import { metricsAccess } from '@portal/config';
import { QUEUES } from '@portal/contracts';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { WorkerEnv } from './env';
import type { WorkerMetrics } from './infra/metrics';
import type { JobHandler, JobOutcome } from './jobs/job-handler';
import { buildRegistry } from './jobs/registry';

export interface RunningWorker {
  workers: Worker[];
  health: Server;
  close(): Promise<void>;
}

// BullMQ fails a job whose workers died (stalled) more often than maxStalledCount allows.
const isStalledLimit = (err: Error) => /stalled more than allowable limit/.test(err.message);

// Fan-outs are a few short statements each; a handful at once keeps events flowing during a burst.
const EVENTS_CONCURRENCY = 4;

function concurrencyOf(queue: string, env: WorkerEnv): number {
  if (queue === QUEUES.sync) return env.SYNC_CONCURRENCY;
  // Deliveries mostly wait on receivers: many at once, so one slow endpoint (capped by its slots) never delays the others.
  if (queue === QUEUES.webhooks) return env.WEBHOOK_CONCURRENCY;
  if (queue === QUEUES.events) return EVENTS_CONCURRENCY;
  // Housekeeping jobs are short periodic sweeps, mails a short SMTP exchange: one at a time is enough.
  return 1;
}

/** Starts the queue consumers and the health endpoint. */
export async function startWorker(opts: {
  env: WorkerEnv;
  logger: Logger;
  redis: Redis;
  handlers: JobHandler[];
  metrics: WorkerMetrics;
}): Promise<RunningWorker> {
  const { env, logger, redis, metrics } = opts;
  const registry = buildRegistry(opts.handlers);

  const handle = async (job: Job, token?: string): Promise<JobOutcome> => {
    const handler = registry.get(job.name);
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    const parsed = handler.job.payload.safeParse(job.data);
    // A payload that does not match its contract will never succeed: do not retry it.
    if (!parsed.success) throw new UnrecoverableError(`invalid payload for "${job.name}": ${parsed.error.message}`);
    const log = logger.child({ jobId: job.id, job: job.name, attempt: job.attemptsMade + 1 });
    log.debug('job started');
    const outcome = await handler.handle(parsed.data, job, token);
    log.info({ outcome }, 'job finished');
    return outcome;
  };
  const processor = async (job: Job, token?: string): Promise<JobOutcome> => {
    try {
      const outcome = await handle(job, token);
      metrics.jobProcessed(job.name, outcome.status);
      return outcome;
    } catch (err) {
      metrics.jobProcessed(job.name, err instanceof DelayedError ? 'delayed' : 'failed');
      throw err;
    }
  };

  // One consumer per queue; each job is dispatched to its handler by name.
  const workers = Object.values(QUEUES).map((queue) => {
    const worker = new Worker(queue, processor, {
      connection: redis,
      // Stored on each job it takes (`processedBy`): with several worker processes, which one runs what.
      name: `${hostname()}:${process.pid}`,
      prefix: env.QUEUE_PREFIX,
      concurrency: concurrencyOf(queue, env),
      // A killed worker stops renewing its locks; the stalled-job check hands
      // its jobs to another worker after about this long.
      lockDuration: env.SYNC_LOCK_MS,
      stalledInterval: env.SYNC_LOCK_MS,
      autorun: true,
    });
    worker.on('failed', (job, err) => {
      logger.warn({ jobId: job?.id, err: err.message }, 'job failed');
      const handler = job ? registry.get(job.name) : undefined;
      // Only when no attempt is left: earlier failures are retried and the handler saw them.
      const gaveUp = job ? job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === 'UnrecoverableError' || isStalledLimit(err) : false;
      if (!job || !handler?.onGaveUp || !gaveUp) return;
      const parsed = handler.job.payload.safeParse(job.data);
      if (!parsed.success) return;
      handler.onGaveUp(parsed.data, job, err).catch((e: unknown) => logger.error({ jobId: job.id, err: e }, 'could not record a job BullMQ gave up on'));
    });
    worker.on('error', (err) => logger.error({ err, queue }, 'worker error'));
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  const allRunning = () => workers.every((w) => w.isRunning());

  // Same rule as the API's /api/metrics: Bearer METRICS_TOKEN when configured, else loopback only.
  const serveMetrics = async (req: IncomingMessage, res: ServerResponse) => {
    const access = metricsAccess({
      token: env.METRICS_TOKEN,
      authorization: req.headers.authorization,
      peerAddress: req.socket.remoteAddress,
      clientAddress: req.socket.remoteAddress,
    });
    if (access !== 'allowed') {
      const error =
        access === 'unauthenticated'
          ? { code: 'UNAUTHENTICATED', message: 'A valid metrics token is required' }
          : { code: 'FORBIDDEN', message: 'Metrics are readable from loopback only unless METRICS_TOKEN is set' };
      res.writeHead(access === 'unauthenticated' ? 401 : 403, { 'content-type': 'application/json' }).end(JSON.stringify({ error }));
      return;
    }
    try {
      const body = await metrics.registry.metrics();
      res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body);
    } catch (err) {
      logger.error({ err }, 'could not render metrics');
      res.writeHead(500).end();
    }
  };

  const health = createServer((req, res) => {
    if (req.url === '/metrics') {
      void serveMetrics(req, res);
      return;
    }
    if (req.url !== '/health') {
      res.writeHead(404).end();
      return;
    }
    const up = redis.status === 'ready' && allRunning();
    res.writeHead(up ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: up ? 'ok' : 'degraded', redis: redis.status, running: allRunning(), queues: Object.values(QUEUES) }));
  });
  await new Promise<void>((resolve) => health.listen(env.WORKER_HEALTH_PORT, '127.0.0.1', resolve));

  const close = async () => {
    health.close();
    // Let running jobs finish; past the grace period force-close so they are
    // released back to the queue (BullMQ's stalled-job check re-runs them).
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), env.SHUTDOWN_GRACE_MS).unref());
    const result = await Promise.race([Promise.all(workers.map((w) => w.close())).then(() => 'closed' as const), timer]);
    if (result === 'timeout') {
      logger.warn('grace period over: releasing running jobs');
      await Promise.all(workers.map((w) => w.close(true)));
    }
  };
  return { workers, health, close };
}
