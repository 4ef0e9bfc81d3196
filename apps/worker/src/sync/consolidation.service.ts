import { type ConnectorSettings, connectorFor } from '@portal/connectors';
import { isActiveSyncRun, modelTemplateRules, type SyncJobV1, type CanonicalDocument } from '@portal/contracts';
import { compileTemplate } from '@portal/consolidation';
import type { SecretBox } from '@portal/crypto';
import { newestPerSource, type Prisma, type TenantDb, writeDocuments } from '@portal/db';
import { integrationState, integrationStateChanged, openIntegrationSecret } from '@portal/domain';
import type { Logger } from 'pino';
import type { WorkerEventOutbox } from '../events/event-outbox';
import type { WorkerMetrics } from '../infra/metrics';
import { runDocumentsEvents, runOutcomeEvent } from './run-events';
import { runErrorColumns, type SyncFailure, wrapFailure } from './sync-failure';
import { syncRunsRepository as repo } from './sync-runs.repository';

export interface SyncProgress {
  pages: number;
  read: number;
  upserted: number;
  quarantined: number;
}

export type ConsolidationOutcome = { status: 'succeeded' | 'partial'; progress: SyncProgress } | { status: 'skipped'; reason: string };

/** The ids a run's ending needs, the same for document and master-data runs. */
export type RunRef = Pick<SyncJobV1, 'organizationId' | 'integrationId' | 'syncRunId'>;

/**
 * Pulls one integration's changed documents of one type, page by page, and
 * consolidates them. Each page (documents, lines, quarantine, counters and
 * the cursor) commits in one transaction under the distributor's
 * organisation, so a crash at any point resumes from the last committed page
 * and re-running a page writes exactly the same rows.
 */
export class ConsolidationService {
  constructor(
    private readonly db: TenantDb,
    private readonly secrets: SecretBox,
    private readonly events: WorkerEventOutbox,
    private readonly opts: { connectors: ConnectorSettings; pageSize: number; pipeline: boolean },
    private readonly logger: Logger,
    private readonly metrics?: WorkerMetrics,
  ) {}

  async run(job: SyncJobV1, attempt: number, onProgress: (p: SyncProgress) => Promise<void>): Promise<ConsolidationOutcome> {
    const org = job.organizationId;
    const loaded = await this.db.runAsOrg(org, async (tx) => {
      const run = await repo.findRun(tx, job.syncRunId);
      const integration = await repo.findIntegration(tx, job.integrationId);
      const template = await repo.currentTemplate(tx, job.integrationId, job.documentType);
      return { run, integration, template };
    });
    const { run, integration, template } = loaded;
    if (!run) return { status: 'skipped', reason: 'sync run not found' };
    // A redelivered job for a run that already ended must not run it again.
    if (!isActiveSyncRun(run.status)) return { status: 'skipped', reason: `run already ${run.status}` };
    const refuse: SyncFailure | null = !integration
      ? { code: 'UNKNOWN', detail: 'integration not found' }
      : integration.state !== 'ACTIVE'
        ? { code: 'INTEGRATION_NOT_ACTIVE', params: { state: integration.state }, detail: `integration is ${integration.state}` }
        : !integration.secretCipher
          ? { code: 'NO_ACCESS_KEY', detail: 'integration has no AccessKey' }
          : !template
            ? { code: 'NO_TEMPLATE', params: { documentType: job.documentType }, detail: `no model template for ${job.documentType}` }
            : null;
    if (refuse || !integration?.secretCipher || !template) {
      const failure = refuse ?? { code: 'UNKNOWN', detail: 'not runnable' };
      await this.finish(job, 'FAILED', failure);
      return { status: 'skipped', reason: failure.detail };
    }

    const rules = modelTemplateRules.parse(template.rules);
    const apply = compileTemplate(rules);
    const secret = openIntegrationSecret(this.secrets, integration.secretCipher, integration.id);
    const source = connectorFor(integration.kind, secret, this.opts.connectors);
    const key = { organizationId: org, integrationId: job.integrationId, documentType: job.documentType };

    const progress: SyncProgress = { pages: run.pages, read: run.recordsRead, upserted: run.recordsUpserted, quarantined: run.recordsQuarantined };
    const started = await this.db.runAsOrg(org, async (tx) => {
      // A full backfill restarts from the beginning only if nothing of this run was committed yet.
      if (job.mode === 'full' && run.pages === 0) await repo.saveCursor(tx, key, { updatedSince: null, cursor: null });
      await repo.updateRun(tx, run.id, { status: 'RUNNING', startedAt: run.startedAt ?? new Date(), attempt });
      return repo.cursor(tx, job.integrationId, job.documentType);
    });

    const from = { updatedSince: started?.updatedSince ?? null, cursor: started?.cursor ?? null };
    const pages = source.pull(job.documentType, from, { pageSize: this.opts.pageSize });
    // Fetching and templating a page is the worker's CPU and the source's
    // time; writing it is the database's. With `pipeline` the next page is
    // fetched and templated while this one is written, so neither waits for
    // the other. Pages are still written and committed strictly in order, and
    // a page's cursor is stored only in its own transaction: after a crash the
    // prefetched page is simply fetched again. At most two pages are in memory.
    const prepare = async () => {
      const r = await pages.next();
      return r.done ? null : { page: r.value, ...this.templated(r.value.records, apply, source.sourceIdOf.bind(source), job, run.id) };
    };
    try {
      let next = prepare();
      for (let current = await next; current; current = await next) {
        if (this.opts.pipeline) {
          next = prepare();
          // A failed prefetch is seen when awaited; until then it must not count as unhandled.
          next.catch(() => undefined);
        }
        const { page, unique, quarantine } = current;
        const upserted = await this.db.runAsOrg(
          org,
          async (tx) => {
            const n = await writeDocuments(tx, { ...key, type: job.documentType, templateVersion: template.version }, unique);
            await repo.insertQuarantine(tx, quarantine);
            // The cursor moves in the same transaction as the page's documents.
            await repo.saveCursor(tx, key, page.next);
            await repo.updateRun(tx, run.id, {
              pages: { increment: 1 },
              recordsRead: { increment: page.records.length },
              recordsUpserted: { increment: n },
              recordsQuarantined: { increment: quarantine.length },
            });
            return n;
          },
          { timeoutMs: 60_000 },
        );
        progress.pages += 1;
        progress.read += page.records.length;
        progress.upserted += upserted;
        progress.quarantined += quarantine.length;
        this.metrics?.syncPage(job.documentType, { read: page.records.length, upserted, quarantined: quarantine.length });
        await onProgress(progress);
        if (!this.opts.pipeline) next = prepare();
      }
    } finally {
      // Stops the source's generator (and any request it still has open) when the loop ends early.
      await pages.return(undefined);
    }

    const status = progress.quarantined > 0 ? 'PARTIAL' : 'SUCCEEDED';
    await this.finish(
      job,
      status,
      progress.quarantined > 0
        ? { code: 'RECORDS_QUARANTINED', params: { count: progress.quarantined }, detail: `${progress.quarantined} record(s) quarantined` }
        : null,
    );
    this.logger.info({ syncRunId: run.id, ...progress, status }, 'sync run finished');
    return { status: status === 'PARTIAL' ? 'partial' : 'succeeded', progress };
  }

  /** One page through the template: the documents to write (newest per source id) and the records to quarantine. */
  private templated(
    records: unknown[],
    apply: ReturnType<typeof compileTemplate>,
    sourceIdOf: (record: unknown) => string | null,
    job: SyncJobV1,
    syncRunId: string,
  ): { unique: CanonicalDocument[]; quarantine: Prisma.QuarantinedRecordCreateManyInput[] } {
    const docs: CanonicalDocument[] = [];
    const quarantine: Prisma.QuarantinedRecordCreateManyInput[] = [];
    for (const record of records) {
      const result = apply(record);
      if (result.ok) docs.push(result.document);
      else
        quarantine.push({
          organizationId: job.organizationId,
          syncRunId,
          integrationId: job.integrationId,
          documentType: job.documentType,
          sourceId: sourceIdOf(record),
          reason: result.reason,
          reasonCode: result.code,
          reasonParams: result.params,
          payload: (record ?? null) as Prisma.InputJsonValue,
        });
    }
    return { unique: newestPerSource(docs), quarantine };
  }

  /**
   * Ends the run and records it on the integration, announcing in the same
   * transaction what happened: the outcome (a failure here is final: no
   * retry follows), the documents the run wrote, and the integration's move
   * to ERROR when `integrationError` parks it.
   */
  async finish(job: RunRef, status: 'SUCCEEDED' | 'PARTIAL' | 'FAILED', error: SyncFailure | null, integrationError?: SyncFailure) {
    const org = job.organizationId;
    const queued = await this.db.runAsOrg(org, async (tx) => {
      const at = new Date();
      const run = await repo.updateRun(tx, job.syncRunId, { status, ...runErrorColumns(error), finishedAt: at });
      await repo.lockIntegration(tx, job.integrationId);
      const integration = await repo.findIntegration(tx, job.integrationId);
      if (!integration) return [];
      const parked = integrationError ? integrationState.park(integrationError) : null;
      await repo.updateIntegration(tx, job.integrationId, { lastSyncAt: at, lastSyncStatus: status, ...parked });
      const moved = parked ? integrationStateChanged(integration, parked, 'system', at) : null;
      return this.events.queueAll(tx, org, [
        runOutcomeEvent(run, integration, status === 'FAILED' ? { final: true } : null, at),
        ...(moved ? [moved] : []),
        ...(await runDocumentsEvents(tx, run, at)),
      ]);
    });
    await this.events.dispatch(org, queued);
  }

  /**
   * BullMQ gave up on the job without the handler seeing it (its workers died
   * too often): the run must not stay RUNNING, which would also block every
   * later sync of this type. Its committed pages and cursor stay, so the next
   * run resumes from there. Announced like any run that failed for good.
   */
  async failIfUnfinished(job: RunRef, error: SyncFailure) {
    const org = job.organizationId;
    const queued = await this.db.runAsOrg(org, async (tx) => {
      if (!(await repo.failRunIfUnfinished(tx, job.syncRunId, runErrorColumns(error)))) return [];
      const integration = await repo.findIntegration(tx, job.integrationId);
      const run = await repo.findRun(tx, job.syncRunId);
      if (!integration || !run) return [];
      const at = new Date();
      await repo.updateIntegration(tx, job.integrationId, { lastSyncAt: at, lastSyncStatus: 'FAILED' });
      return this.events.queueAll(tx, org, [runOutcomeEvent(run, integration, { final: true }, at), ...(await runDocumentsEvents(tx, run, at))]);
    });
    await this.events.dispatch(org, queued);
  }

  /**
   * Between attempts: the run stays RUNNING and shows why it is retrying; the
   * distributor hears of the failed attempt (not final: BullMQ retries it,
   * at a time its jitter decides, so not named).
   */
  async noteRetry(job: RunRef, attempt: number, failure: SyncFailure) {
    const retrying = wrapFailure('RETRYING', failure, { attempt }, `attempt ${attempt} failed: ${failure.detail}; retrying`);
    const org = job.organizationId;
    const queued = await this.db.runAsOrg(org, async (tx) => {
      const run = await repo.updateRun(tx, job.syncRunId, { ...runErrorColumns(retrying), attempt });
      const integration = await repo.findIntegration(tx, job.integrationId);
      if (!integration) return [];
      return this.events.queueAll(tx, org, [
        runOutcomeEvent(run, integration, { final: false, nextAttemptAt: null, cause: { code: failure.code, message: failure.detail } }, new Date()),
      ]);
    });
    await this.events.dispatch(org, queued);
  }
}
