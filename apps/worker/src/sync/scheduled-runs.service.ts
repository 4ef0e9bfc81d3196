import { type DocumentType, pullRefusal, type SyncTickJobV1 } from '@portal/contracts';
import type { TenantDb } from '@portal/db';
import { describePullRefusal, dispatchSyncRuns, planSyncRuns } from '@portal/domain';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { syncRunsRepository as repo } from './sync-runs.repository';

export type TickOutcome =
  { kind: 'queued'; queued: { syncRunId: string; documentType: DocumentType }[]; alreadyRunning: DocumentType[] } | { kind: 'not-active'; reason: string };

/**
 * What a schedule tick does: one incremental SCHEDULE run per document type
 * that has a template and no run under way (and one per master-data kind), each with its outbox event in
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
      const refusal = pullRefusal(integration);
      if (refusal) return { kind: 'not-active' as const, reason: describePullRefusal(refusal) };
      const types = await repo.templatedTypes(tx, tick.integrationId);
      return {
        kind: 'planned' as const,
        ...(await planSyncRuns(tx, { organizationId: org, integrationId: tick.integrationId, trigger: 'SCHEDULE', types, masterData: 'all' })),
      };
    });
    if (planned.kind === 'not-active') return planned;
    const outcome = await dispatchSyncRuns({ db: this.db, queue: this.queue, backoffMs: this.opts.backoffMs }, planned);
    if (!outcome.dispatched)
      this.logger.warn({ err: outcome.error, outboxIds: planned.outboxIds }, 'could not enqueue scheduled sync jobs now; the outbox relay will');
    this.logger.info({ integrationId: tick.integrationId, queued: planned.jobs.length, alreadyRunning: planned.alreadyRunning }, 'scheduled sync runs queued');
    return {
      kind: 'queued',
      queued: planned.jobs.map((j) => ({ syncRunId: j.syncRunId, documentType: j.documentType })),
      alreadyRunning: planned.alreadyRunning,
    };
  }
}
