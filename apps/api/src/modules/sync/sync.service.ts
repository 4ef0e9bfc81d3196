import { Inject, Injectable, Logger } from '@nestjs/common';
import { type DocumentType, JOBS, type SyncJobV1, syncJobOptions } from '@portal/contracts';
import { type OrgTx, TenantDb } from '@portal/db';
import type { Queue } from 'bullmq';
import { SYNC_QUEUE } from '../../infra/redis.module';
import { SyncRepository } from './sync.repository';

export interface PendingDispatch {
  organizationId: string;
  outboxIds: string[];
  jobs: SyncJobV1[];
}

@Injectable()
export class SyncService {
  private readonly logger = new Logger(SyncService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly repo: SyncRepository,
    @Inject(SYNC_QUEUE) private readonly queue: Queue,
  ) {}

  /**
   * Records QUEUED runs and their outbox events inside the caller's
   * transaction, so the runs exist if and only if the state change that
   * asked for them commits. Types that already have a run under way are
   * skipped (one sync per integration and type at a time).
   */
  async queueSync(
    tx: OrgTx,
    input: { organizationId: string; integrationId: string; trigger: 'INITIAL' | 'MANUAL' | 'BACKFILL' | 'RETRY' | 'SCHEDULE' | 'RECONSOLIDATE'; mode: 'incremental' | 'full'; types: DocumentType[] },
  ): Promise<PendingDispatch & { alreadyRunning: DocumentType[] }> {
    const jobs: SyncJobV1[] = [];
    const outboxIds: string[] = [];
    const alreadyRunning: DocumentType[] = [];
    for (const documentType of input.types) {
      const runId = await this.repo.insertRunIfIdle(tx, { ...input, documentType });
      if (!runId) {
        alreadyRunning.push(documentType);
        continue;
      }
      const job: SyncJobV1 = { v: 1, organizationId: input.organizationId, integrationId: input.integrationId, documentType, syncRunId: runId, mode: input.mode };
      jobs.push(job);
      outboxIds.push((await this.repo.insertOutbox(tx, input.organizationId, JOBS.sync.name, job)).id);
    }
    return { organizationId: input.organizationId, outboxIds, jobs, alreadyRunning };
  }

  /**
   * After commit: hand the jobs to BullMQ. Job ids are the run ids, so the
   * worker's outbox relay re-adding them after a crash here is harmless.
   */
  async dispatch(pending: PendingDispatch): Promise<void> {
    if (pending.jobs.length === 0) return;
    try {
      await this.queue.addBulk(pending.jobs.map((data) => ({ name: JOBS.sync.name, data, opts: syncJobOptions(data.syncRunId) })));
      await this.db.runAsOrg(pending.organizationId, (tx) => this.repo.markDispatched(tx, pending.outboxIds));
    } catch (err) {
      // The outbox rows stay undispatched; the worker's relay enqueues them.
      this.logger.warn({ err, outboxIds: pending.outboxIds }, 'could not enqueue sync jobs now; the outbox relay will');
    }
  }

  listRuns(tx: OrgTx, integrationId: string, take: number, before?: { queuedAt: Date; id: string }) {
    return this.repo.listRuns(tx, integrationId, take, before);
  }

  findRun(tx: OrgTx, id: string) {
    return this.repo.findRun(tx, id);
  }

  listQuarantine(tx: OrgTx, syncRunId: string, take = 100) {
    return this.repo.listQuarantine(tx, syncRunId, take);
  }
}
