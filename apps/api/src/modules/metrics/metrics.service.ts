import { Inject, Injectable, Logger } from '@nestjs/common';
import { metricsAccess } from '@portal/config';
import type { ReadReplica } from '@portal/db';
import type { Queue } from 'bullmq';
import type { FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AppError } from '../../common/app-error';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';
import { READ_REPLICA } from '../../infra/database.module';
import { SYNC_QUEUE } from '../../infra/redis.module';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;
// Requests that matched no route share one label, so scanners probing random URLs cannot blow up the series count.
const UNMATCHED_ROUTE = 'unmatched';

/**
 * The API's Prometheus registry: process metrics, HTTP requests by route
 * template, and the sync queue's depth read when Prometheus scrapes.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);
  private readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'portal_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'portal_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly reads = new Counter({
    name: 'portal_db_reads_total',
    help: 'Routed read transactions (TenantDb.readAsOrg) by the server that answered (replica, primary) and why',
    labelNames: ['server', 'reason'] as const,
    registers: [this.registry],
  });

  constructor(
    @Inject(API_ENV) private readonly env: ApiEnv,
    @Inject(SYNC_QUEUE) syncQueue: Queue,
    @Inject(READ_REPLICA) replica: ReadReplica | null,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'portal_api_' });
    // Only while DATABASE_READ_URL is set (otherwise every read is the primary's).
    replica?.onRead((server, reason) => this.reads.inc({ server, reason }));
    const logger = this.logger;
    new Gauge({
      name: 'portal_queue_jobs',
      help: 'Jobs in a BullMQ queue by state, read at scrape time (absent while Redis does not answer)',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        // Stale depths would read as a healthy queue: drop them when Redis cannot be read, keep the rest of the scrape.
        this.reset();
        try {
          const counts = await syncQueue.getJobCounts(...QUEUE_STATES);
          for (const state of QUEUE_STATES) this.set({ queue: syncQueue.name, state }, counts[state] ?? 0);
        } catch (err) {
          logger.warn({ err }, 'could not read the queue depths for metrics');
        }
      },
    });
  }

  /** `route` is Fastify's route template (`/api/documents/:id`), never the raw URL. */
  observeRequest(method: string, route: string | undefined, status: number, seconds: number): void {
    const labels = { method, route: route ?? UNMATCHED_ROUTE, status: String(status) };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }

  /** Throws unless the scraper may read metrics (METRICS_TOKEN, else loopback only). */
  authorize(req: FastifyRequest): void {
    const access = metricsAccess({
      token: this.env.METRICS_TOKEN,
      authorization: req.headers.authorization,
      peerAddress: req.socket.remoteAddress,
      clientAddress: req.ip,
    });
    if (access === 'unauthenticated') throw new AppError(401, 'UNAUTHENTICATED', 'A valid metrics token is required');
    if (access === 'forbidden') throw AppError.forbidden('Metrics are readable from loopback only unless METRICS_TOKEN is set');
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
