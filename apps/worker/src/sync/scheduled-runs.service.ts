import { type DocumentType, JOBS, syncJobOptions, type SyncJobV1, type SyncTickJobV1 } from '@portal/contracts';
import type { TenantDb } from '@portal/db';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { syncRunsRepository as repo } from './sync-runs.repository';

export type TickOutcome =
  | { kind: 'queued'; queued: { syncRunId: string; documentType: DocumentType }[]; alreadyRunning: DocumentType[] }
  | { kind: 'not-active'; reason: string };

/**
 * What a schedule tick does: one incremental SCHEDULE run per document type
 * that has a template and no run under way, each with its outbox event in
 * the same transaction, then the `sync.pull` jobs (job id = run id). A tick
 * redelivered after a crash finds the runs already QUEUED and adds nothing;
 * a crash between commit and enqueue is covered by the outbox relay.
 */
export class ScheduledRunsService {
  constructor(
    private readonly db: TenantDb,
    private readonly queue: Queue,
    private readonly logger: Logger,
    private readonly opts: { backoffMs: number },
  ) {}

  async queueScheduledRuns(tick: SyncTickJobV1): Promise<TickOutcome> {
    const org = tick.organizationId;
    const planned = await this.db.runAsOrg(org, async (tx) => {
      const integration = await repo.findIntegration(tx, tick.integrationId);
      if (!integration) return { kind: 'not-active' as const, reason: 'integration deleted' };
      if (integration.kind !== 'DMS' || integration.state !== 'ACTIVE') return { kind: 'not-active' as const, reason: `integration is ${integration.state}` };
      const jobs: SyncJobV1[] = [];
      const outboxIds: string[] = [];
      const alreadyRunning: DocumentType[] = [];
      for (const documentType of await repo.templatedTypes(tx, tick.integrationId)) {
        const syncRunId = await repo.insertRunIfIdle(tx, { organizationId: org, integrationId: tick.integrationId, documentType, trigger: 'SCHEDULE' });
        if (!syncRunId) {
          alreadyRunning.push(documentType);
          continue;
        }
        const job: SyncJobV1 = { v: 1, organizationId: org, integrationId: tick.integrationId, documentType, syncRunId, mode: 'incremental' };
        jobs.push(job);
        outboxIds.push((await repo.insertOutbox(tx, org, JOBS.sync.name, job)).id);
      }
      return { kind: 'planned' as const, jobs, outboxIds, alreadyRunning };
    });
    if (planned.kind === 'not-active') return planned;
    if (planned.jobs.length) {
      await this.queue.addBulk(planned.jobs.map((data) => ({ name: JOBS.sync.name, data, opts: syncJobOptions(data.syncRunId, this.opts.backoffMs) })));
      await this.db.runAsOrg(org, (tx) => repo.markDispatched(tx, planned.outboxIds));
    }
    this.logger.info({ integrationId: tick.integrationId, queued: planned.jobs.length, alreadyRunning: planned.alreadyRunning }, 'scheduled sync runs queued');
    return {
      kind: 'queued',
      queued: planned.jobs.map((j) => ({ syncRunId: j.syncRunId, documentType: j.documentType })),
      alreadyRunning: planned.alreadyRunning,
    };
  }
}
