import { constants, PerformanceObserver } from 'node:perf_hooks';
import { type SyncJobV1, syncJobV1 } from '@portal/contracts';
import { SecretBox } from '@portal/crypto';
import { createPrismaClient, TenantDb } from '@portal/db';
import pino from 'pino';
import { z } from 'zod';
import { ConsolidationService } from '../src/sync/consolidation.service';
import { WorkerEventOutbox } from '../src/events/event-outbox';
import { benchSettings } from './bench-fixtures';

/**
 * "Ours", in a process of its own like the worker, so its peak RSS is the
 * consolidation's alone (the sample DMS runs in the parent). Runs the
 * production ConsolidationService over every queued job, `concurrency` at a
 * time as the worker's per-organisation limit allows, then reports on IPC.
 */
export const oursInput = z.strictObject({
  appUrl: z.string(),
  /** The sample DMS (a DMS integration's source); an SAP integration's URL is in its sealed connection. */
  dmsUrl: z.string(),
  encryptionKeys: z.string(),
  pageSize: z.number().int().min(1),
  /**
   * The path before issue 14: fetch, template and write strictly in turn, the
   * writer's statements through Prisma. Otherwise the worker's own: the next
   * page prepared while this one is written, the writer on the raw connection.
   */
  previous: z.boolean(),
  concurrency: z.number().int().min(1),
  jobs: z.array(syncJobV1).min(1),
});
export type OursInput = z.infer<typeof oursInput>;

export interface OursResult {
  elapsedMs: number;
  documentsUpserted: number;
  records: number;
  pages: number;
  /** Peak resident set size of this process, bytes. */
  maxRssBytes: number;
  /**
   * Largest heap still in use right after a full garbage collection: what the
   * process really holds. RSS alone mostly shows how far V8 lets garbage pile
   * up before it collects, which depends on allocation rate, not data size.
   */
  maxLiveHeapBytes: number;
}

async function main(input: OursInput): Promise<OursResult> {
  const prisma = createPrismaClient(input.appUrl, { poolMax: input.concurrency + 1, rawConnections: !input.previous });
  await prisma.$connect();
  const logger = pino({ level: 'warn' });
  const db = new TenantDb(prisma);
  const service = new ConsolidationService(
    db,
    SecretBox.fromConfig(input.encryptionKeys),
    // The events a run announces are written as in production; no fan-out runs in the benchmark.
    new WorkerEventOutbox(db, { addBulk: () => Promise.resolve([]) }, logger),
    { connectors: benchSettings(input.dmsUrl), pageSize: input.pageSize, pipeline: !input.previous },
    logger,
  );
  let maxLiveHeapBytes = 0;
  const gcWatch = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as typeof e & { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) maxLiveHeapBytes = Math.max(maxLiveHeapBytes, process.memoryUsage().heapUsed);
    }
  });
  gcWatch.observe({ entryTypes: ['gc'] });
  const queue: SyncJobV1[] = [...input.jobs];
  let documentsUpserted = 0;
  let records = 0;
  let pages = 0;
  const started = process.hrtime.bigint();
  const lane = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const outcome = await service.run(job, 1, async () => {});
      if (outcome.status === 'skipped') throw new Error(`sync of ${job.documentType} skipped: ${outcome.reason}`);
      documentsUpserted += outcome.progress.upserted;
      records += outcome.progress.read;
      pages += outcome.progress.pages;
    }
  };
  await Promise.all(Array.from({ length: input.concurrency }, lane));
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  // A short run may end before V8 ever needed a full collection: one more at
  // the end (the parent starts this process with --expose-gc) counts too.
  globalThis.gc?.();
  maxLiveHeapBytes = Math.max(maxLiveHeapBytes, process.memoryUsage().heapUsed);
  gcWatch.disconnect();
  await prisma.$disconnect();
  // resourceUsage().maxRSS is in kilobytes.
  return { elapsedMs, documentsUpserted, records, pages, maxRssBytes: process.resourceUsage().maxRSS * 1024, maxLiveHeapBytes };
}

if (require.main === module) {
  process.once('message', (msg: unknown) => {
    main(oursInput.parse(msg)).then(
      (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
      (err: unknown) => process.send?.({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }, () => process.exit(1)),
    );
  });
}
