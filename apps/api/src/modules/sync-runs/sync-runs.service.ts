import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  CREDENTIAL_TEXTS,
  type DocumentType,
  documentType as documentTypeEnum,
  type MasterDataKind,
  PULLED_KINDS,
  type PulledKind,
  type PullRefusal,
  pullRefusal,
  type QuarantinedRecord,
  recordFailureCodeOf,
  recordFailureParamsOf,
  type SyncRun,
  type SyncSchedule,
  syncSchedulerId,
  syncErrorCodeOf,
  syncErrorParamsOf,
} from '@portal/contracts';
import { type OrgTx, TenantDb } from '@portal/db';
import { dispatchSyncRuns, integrationState, type PlannedSyncRuns, planSyncRuns, type SyncRunsRequest } from '@portal/domain';
import type { Queue } from 'bullmq';
import { AppError } from '../../common/app-error';
import type { Caller } from '../../common/auth.decorators';
import { decodeCursor, encodeCursor } from '../../common/keyset-cursor';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';
import { SYNC_QUEUE } from '../../infra/redis.module';
import { AuditService } from '../audit/audit.service';
import { EventOutbox } from '../events/event-outbox';
import { IntegrationsService } from '../integrations/integrations.service';
import { ModelTemplatesService } from '../model-templates/model-templates.service';
import { SyncRunsRepository } from './sync-runs.repository';

const ALL_TYPES = documentTypeEnum.options;
type SyncRunsPageQuery = { limit: number; cursor?: string | undefined };
type Actor = { userId: string; organizationId: string };
/** What every route that queues runs answers (202). */
export interface QueuedRuns {
  queued: { syncRunId: string; documentType: DocumentType }[];
  alreadyRunning: DocumentType[];
  queuedMasterData: { syncRunId: string; masterDataKind: MasterDataKind }[];
}

/**
 * Sync runs: recording them (`planSyncRuns`, in the caller's transaction)
 * and adding their jobs after commit (`dispatchSyncRuns`, with
 * SYNC_BACKOFF_MS), both shared with the worker; every route that starts,
 * lists or retries runs.
 */
@Injectable()
export class SyncRunsService {
  private readonly logger = new Logger(SyncRunsService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly repo: SyncRunsRepository,
    private readonly integrations: IntegrationsService,
    private readonly templates: ModelTemplatesService,
    private readonly auditLog: AuditService,
    private readonly events: EventOutbox,
    @Inject(SYNC_QUEUE) private readonly queue: Queue,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  /** Records QUEUED runs (one per type not already under way) inside the caller's transaction; dispatch after commit. */
  plan(tx: OrgTx, request: SyncRunsRequest): Promise<PlannedSyncRuns> {
    return planSyncRuns(tx, request);
  }

  /** After commit: adds the jobs; when that fails the worker's outbox relay adds them, so it is only logged. */
  async dispatch(planned: PlannedSyncRuns): Promise<void> {
    const outcome = await dispatchSyncRuns({ db: this.db, queue: this.queue, backoffMs: this.env.SYNC_BACKOFF_MS }, planned);
    if (!outcome.dispatched) this.logger.warn({ err: outcome.error, outboxIds: planned.outboxIds }, 'could not enqueue sync jobs now; the outbox relay will');
  }

  async syncNow(caller: Caller, id: string, mode: 'incremental' | 'full'): Promise<QueuedRuns> {
    const planned = await this.db.runAsOrg(caller.organization.id, async (tx) => {
      const row = await this.integrations.findOwn(tx, id);
      const refusal = pullRefusal(row);
      if (refusal) throw pullRefused(refusal, 'sync');
      // Only the types it has templates for, as the schedule does: an SAP integration may pull only some.
      const types = await this.templates.templatedTypes(tx, id);
      return this.plan(tx, {
        organizationId: row.organizationId,
        integrationId: id,
        trigger: mode === 'full' ? 'BACKFILL' : 'MANUAL',
        types,
        masterData: 'all',
      });
    });
    await this.dispatch(planned);
    return answer(planned);
  }

  /** Queues a full re-sync of a template's document type, so its documents get the current version. */
  async reconsolidate(caller: Caller, templateId: string): Promise<QueuedRuns> {
    const planned = await this.db.runAsOrg(caller.organization.id, async (tx) => {
      const template = await this.templates.findOwn(tx, templateId);
      const row = await this.integrations.findOwn(tx, template.integrationId);
      const refusal = pullRefusal(row);
      if (refusal) throw pullRefused(refusal, 're-consolidate');
      const queued = await this.plan(tx, {
        organizationId: row.organizationId,
        integrationId: row.id,
        trigger: 'RECONSOLIDATE',
        types: [template.documentType],
      });
      await this.auditLog.recordBy(tx, caller, {
        action: 'model_template.reconsolidate',
        targetType: 'model_template',
        targetId: template.id,
        metadata: { integrationId: template.integrationId, documentType: template.documentType, queued: queued.jobs.length },
      });
      return queued;
    });
    await this.dispatch(planned);
    return answer(planned);
  }

  /** The worker's job scheduler knows when it fires next; an integration that may not be pulled has none to ask. */
  async schedule(caller: Caller, id: string): Promise<SyncSchedule> {
    const row = await this.db.runAsOrg(caller.organization.id, (tx) => this.integrations.findOwn(tx, id));
    if (pullRefusal(row)) return { nextSyncAt: null };
    const next = (await this.queue.getJobScheduler(syncSchedulerId(id)))?.next;
    return { nextSyncAt: next ? new Date(next).toISOString() : null };
  }

  /** The screens poll this while a run is under way: a replica answers when configured (the worker's progress shows once replayed). */
  list(caller: Caller, id: string, q: SyncRunsPageQuery): Promise<{ data: SyncRun[]; nextCursor: string | null }> {
    return this.db.readAsOrg(caller.organization.id, (tx) => this.page(tx, id, q));
  }

  /** Any distributor's runs, for the platform admin. */
  adminList(caller: Caller, id: string, q: SyncRunsPageQuery): Promise<{ data: SyncRun[]; nextCursor: string | null }> {
    return this.db.runAsPlatformAdmin(actorOf(caller), 'list sync runs', (tx) => this.page(tx, id, q));
  }

  async listQuarantine(caller: Caller, id: string, runId: string, limit: number): Promise<{ data: QuarantinedRecord[]; nextCursor: null; total: number }> {
    return this.db.readAsOrg(caller.organization.id, async (tx) => {
      await this.integrations.findOwn(tx, id);
      const run = await this.findRunOf(tx, id, runId);
      const rows = await this.repo.listQuarantine(tx, runId, limit);
      return {
        data: rows.map(({ createdAt, reasonCode, reasonParams, ...record }) => ({
          ...record,
          reasonCode: recordFailureCodeOf(reasonCode),
          reasonParams: recordFailureParamsOf(reasonParams),
          createdAt: createdAt.toISOString(),
        })),
        nextCursor: null,
        total: run.recordsQuarantined,
      };
    });
  }

  /** The distributor retries one of its FAILED runs. */
  retry(caller: Caller, id: string, runId: string): Promise<QueuedRuns> {
    return this.retryAs(caller, (work) => this.db.runAsOrg(caller.organization.id, work), id, runId);
  }

  /** A platform admin retries any distributor's FAILED run; recorded in that distributor's history with the admin as actor. */
  adminRetry(caller: Caller, id: string, runId: string): Promise<QueuedRuns> {
    return this.retryAs(caller, (work) => this.db.runAsPlatformAdmin(actorOf(caller), 'retry failed sync run', work), id, runId);
  }

  /**
   * A new RETRY run of the failed run's document type, in incremental mode,
   * so it resumes from the last page the failed run committed. The
   * integration's state moves as `resumeForRetry` says: out of ERROR after
   * exhausted retries, never past rejected credentials.
   */
  private async retryAs(caller: Caller, inTx: <T>(work: (tx: OrgTx) => Promise<T>) => Promise<T>, id: string, runId: string): Promise<QueuedRuns> {
    const { planned, queued } = await inTx(async (tx) => {
      const row = await this.integrations.findOwn(tx, id);
      const run = await this.findRunOf(tx, id, runId);
      if (run.status !== 'FAILED') throw new AppError(409, 'INVALID_STATE', `Only a FAILED run can be retried; this one is ${run.status}`);
      const refusal = pullRefusal(row);
      if (refusal?.reason === 'NOT_PULLED') throw pullRefused(refusal, 'sync');
      const resumed = integrationState.resumeForRetry(row);
      if ('refused' in resumed) {
        if (resumed.refused.reason === 'CREDENTIALS_REJECTED') {
          // A pulled kind: the NOT_PULLED refusal above ended the others.
          const texts = CREDENTIAL_TEXTS[row.kind as PulledKind];
          throw new AppError(
            409,
            'ACCESS_KEY_REJECTED',
            `The ${row.kind} rejected the credentials (${texts.rejected}); ${texts.remedy} before syncs can run again`,
          );
        }
        throw new AppError(409, 'INVALID_STATE', `The integration is ${resumed.refused.state}; it must be ACTIVE to sync`);
      }
      const queued = resumed.update ? await this.integrations.applyState(tx, row, resumed.update, caller.user.id) : [];
      // A master-data run retries its own kind; a document run its type (all types for a run from before types).
      const planned = await this.plan(tx, {
        organizationId: row.organizationId,
        integrationId: id,
        trigger: 'RETRY',
        types: run.masterDataKind ? [] : run.documentType ? [run.documentType] : ALL_TYPES,
        masterData: run.masterDataKind ? [run.masterDataKind] : [],
      });
      await this.auditLog.recordBy(tx, caller, {
        organizationId: row.organizationId,
        action: 'sync_run.retried',
        targetType: 'integration',
        targetId: id,
        metadata: { syncRunId: runId },
      });
      return { planned, queued };
    });
    await this.dispatch(planned);
    await this.events.dispatch(planned.organizationId, queued);
    return answer(planned);
  }

  private async findRunOf(tx: OrgTx, integrationId: string, runId: string) {
    const run = await this.repo.findRun(tx, runId);
    if (!run || run.integrationId !== integrationId) throw AppError.notFound('Sync run');
    return run;
  }

  private async page(tx: OrgTx, id: string, q: SyncRunsPageQuery): Promise<{ data: SyncRun[]; nextCursor: string | null }> {
    let before: { queuedAt: Date; id: string } | undefined;
    if (q.cursor) {
      const { value, id: runId } = decodeCursor(q.cursor, 'instant');
      before = { queuedAt: value, id: runId };
    }
    await this.integrations.findOwn(tx, id);
    const rows = await this.repo.listRuns(tx, id, q.limit + 1, before);
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      data: page.map((r) => ({
        id: r.id,
        integrationId: r.integrationId,
        documentType: r.documentType,
        masterDataKind: r.masterDataKind,
        trigger: r.trigger,
        status: r.status,
        attempt: r.attempt,
        pages: r.pages,
        recordsRead: r.recordsRead,
        recordsUpserted: r.recordsUpserted,
        recordsQuarantined: r.recordsQuarantined,
        error: r.error,
        errorCode: syncErrorCodeOf(r.errorCode),
        errorParams: syncErrorParamsOf(r.errorParams),
        queuedAt: r.queuedAt.toISOString(),
        startedAt: r.startedAt?.toISOString() ?? null,
        finishedAt: r.finishedAt?.toISOString() ?? null,
      })),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.queuedAt.toISOString(), last.id) : null,
    };
  }
}

/** The shared pull rule (`pullRefusal`: a pulled kind, and ACTIVE) as the API answers it: 409 naming what was asked. */
function pullRefused(refusal: PullRefusal, action: 'sync' | 're-consolidate'): AppError {
  return refusal.reason === 'NOT_PULLED'
    ? new AppError(
        409,
        'INVALID_STATE',
        `Only ${PULLED_KINDS.join(', ')} integrations are pulled; External integrations receive data through the ingestion API`,
      )
    : new AppError(409, 'INVALID_STATE', `The integration is ${refusal.state}; it must be ACTIVE to ${action}`);
}

function answer(planned: PlannedSyncRuns): QueuedRuns {
  return {
    queued: planned.jobs.map((j) => ({ syncRunId: j.syncRunId, documentType: j.documentType })),
    alreadyRunning: planned.alreadyRunning,
    queuedMasterData: planned.masterDataJobs.map((j) => ({ syncRunId: j.syncRunId, masterDataKind: j.kind })),
  };
}

function actorOf(caller: Caller): Actor {
  return { userId: caller.user.id, organizationId: caller.organization.id };
}
