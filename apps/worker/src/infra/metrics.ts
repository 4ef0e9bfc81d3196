import type { DocumentType, MasterDataKind } from '@portal/contracts';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What a processed job came to: a handler's outcome, or how BullMQ will treat the throw. */
export type JobMetricOutcome = 'succeeded' | 'partial' | 'skipped' | 'delayed' | 'failed';

/**
 * The worker's Prometheus registry, served at /metrics on its health port.
 * Counters are per process; Prometheus sums them across workers.
 */
export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly jobs = new Counter({
    name: 'portal_worker_jobs_processed_total',
    help: 'Jobs this worker processed, by job name and outcome (delayed: put back without spending an attempt)',
    labelNames: ['job', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly syncDuration = new Histogram({
    name: 'portal_sync_run_duration_seconds',
    help: 'Time one attempt of a sync run took from taking its organisation slot, by document type and outcome',
    labelNames: ['document_type', 'outcome'] as const,
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
    registers: [this.registry],
  });
  private readonly read = this.recordCounter('portal_sync_records_read_total', 'Source records read by sync runs');
  private readonly upserted = this.recordCounter('portal_sync_records_upserted_total', 'Documents inserted or updated by sync runs');
  private readonly quarantined = this.recordCounter(
    'portal_sync_records_quarantined_total',
    'Source records quarantined by sync runs (template could not map them)',
  );

  constructor(orgSlotsInUse: () => number) {
    collectDefaultMetrics({ register: this.registry, prefix: 'portal_worker_' });
    new Gauge({
      name: 'portal_sync_org_slots_in_use',
      help: 'Organisation concurrency slots this worker holds (one per running sync job)',
      registers: [this.registry],
      collect() {
        this.set(orgSlotsInUse());
      },
    });
  }

  private recordCounter(name: string, help: string) {
    return new Counter({ name, help: `${help}, by document type`, labelNames: ['document_type'] as const, registers: [this.registry] });
  }

  jobProcessed(job: string, outcome: JobMetricOutcome): void {
    this.jobs.inc({ job, outcome });
  }

  /** `stream`: the run's document type, or its master-data kind (CUSTOMER, PRODUCT) under the same label. */
  syncRunAttempt(documentType: DocumentType | MasterDataKind, outcome: JobMetricOutcome, seconds: number): void {
    this.syncDuration.observe({ document_type: documentType, outcome }, seconds);
  }

  /** Called once per committed page, so a run cut short still counts what it wrote. */
  syncPage(documentType: DocumentType | MasterDataKind, counts: { read: number; upserted: number; quarantined: number }): void {
    this.read.inc({ document_type: documentType }, counts.read);
    this.upserted.inc({ document_type: documentType }, counts.upserted);
    this.quarantined.inc({ document_type: documentType }, counts.quarantined);
  }
}
