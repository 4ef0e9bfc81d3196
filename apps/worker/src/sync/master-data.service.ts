import { type CanonicalMasterData, type ConnectorSettings, connectorFor } from '@portal/connectors';
import { isActiveSyncRun, type MasterDataJobV1, type MasterDataKind } from '@portal/contracts';
import type { SecretBox } from '@portal/crypto';
import { type OrgTx, type Prisma, type TenantDb, writeCustomers, writeProducts } from '@portal/db';
import { openIntegrationSecret } from '@portal/domain';
import type { Logger } from 'pino';
import type { WorkerMetrics } from '../infra/metrics';
import type { ConsolidationOutcome, ConsolidationService, SyncProgress } from './consolidation.service';
import type { SyncFailure } from './sync-failure';
import { syncRunsRepository as repo } from './sync-runs.repository';

/**
 * Pulls one integration's changed customers or products (docs/product/master-data.md),
 * page by page, like documents: each page's upserts, the names it gives
 * documents that had none, its quarantine, the run's counters and the cursor
 * (`master_data_cursors`) commit in one transaction under the distributor's
 * organisation, so a crash resumes from the last committed page. A source
 * that does not offer the kind ends the run SUCCEEDED with
 * MASTER_DATA_NOT_OFFERED, never an error of the integration. Runs end,
 * retry and are announced through the consolidation service, as document
 * runs are; no `documents.updated` is announced for master data.
 */
export class MasterDataService {
  constructor(
    private readonly db: TenantDb,
    private readonly secrets: SecretBox,
    private readonly runs: ConsolidationService,
    private readonly opts: { connectors: ConnectorSettings; pageSize: number },
    private readonly logger: Logger,
    private readonly metrics?: WorkerMetrics,
  ) {}

  async run(job: MasterDataJobV1, attempt: number, onProgress: (p: SyncProgress) => Promise<void>): Promise<ConsolidationOutcome> {
    const org = job.organizationId;
    const { run, integration } = await this.db.runAsOrg(org, async (tx) => ({
      run: await repo.findRun(tx, job.syncRunId),
      integration: await repo.findIntegration(tx, job.integrationId),
    }));
    if (!run) return { status: 'skipped', reason: 'sync run not found' };
    if (!isActiveSyncRun(run.status)) return { status: 'skipped', reason: `run already ${run.status}` };
    const refuse: SyncFailure | null = !integration
      ? { code: 'UNKNOWN', detail: 'integration not found' }
      : integration.state !== 'ACTIVE'
        ? { code: 'INTEGRATION_NOT_ACTIVE', params: { state: integration.state }, detail: `integration is ${integration.state}` }
        : !integration.secretCipher
          ? { code: 'NO_ACCESS_KEY', detail: 'integration has no AccessKey' }
          : null;
    if (refuse || !integration?.secretCipher) {
      const failure = refuse ?? { code: 'UNKNOWN', detail: 'not runnable' };
      await this.runs.finish(job, 'FAILED', failure);
      return { status: 'skipped', reason: failure.detail };
    }

    const source = connectorFor(integration.kind, openIntegrationSecret(this.secrets, integration.secretCipher, integration.id), this.opts.connectors);
    const key = { organizationId: org, integrationId: job.integrationId, kind: job.kind };
    const progress: SyncProgress = { pages: run.pages, read: run.recordsRead, upserted: run.recordsUpserted, quarantined: run.recordsQuarantined };
    const stored = await this.db.runAsOrg(org, async (tx) => {
      // A full pull restarts from the beginning only if nothing of this run was committed yet.
      if (job.mode === 'full' && run.pages === 0) await repo.saveMasterDataCursor(tx, key, { updatedSince: null, cursor: null });
      await repo.updateRun(tx, run.id, { status: 'RUNNING', startedAt: run.startedAt ?? new Date(), attempt });
      return repo.masterDataCursor(tx, job.integrationId, job.kind);
    });

    let offered = true;
    const pages = source.pullMasterData(
      job.kind,
      { updatedSince: stored?.updatedSince ?? null, cursor: stored?.cursor ?? null },
      { pageSize: this.opts.pageSize },
    );
    try {
      for (let r = await pages.next(); !r.done; r = await pages.next()) {
        const page = r.value;
        if (!page.offered) {
          offered = false;
          break;
        }
        const values: CanonicalMasterData[MasterDataKind][] = [];
        const quarantine: Prisma.QuarantinedRecordCreateManyInput[] = [];
        for (const record of page.records) {
          const mapped = source.mapMasterData(job.kind, record);
          if (mapped.ok) values.push(mapped.value);
          else
            quarantine.push({
              organizationId: org,
              syncRunId: run.id,
              integrationId: job.integrationId,
              masterDataKind: job.kind,
              sourceId: source.sourceIdOf(record),
              reason: mapped.reason,
              reasonCode: mapped.code,
              reasonParams: mapped.params,
              payload: (record ?? null) as Prisma.InputJsonValue,
            });
        }
        const upserted = await this.db.runAsOrg(
          org,
          async (tx) => {
            const n = await this.write(tx, job, values);
            await repo.insertQuarantine(tx, quarantine);
            // The cursor moves in the same transaction as the page's records.
            await repo.saveMasterDataCursor(tx, key, page.next);
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
        this.metrics?.syncPage(job.kind, { read: page.records.length, upserted, quarantined: quarantine.length });
        await onProgress(progress);
      }
    } finally {
      await pages.return(undefined);
    }

    if (!offered) {
      const what = job.kind === 'CUSTOMER' ? 'customers' : 'products';
      await this.runs.finish(job, 'SUCCEEDED', {
        code: 'MASTER_DATA_NOT_OFFERED',
        params: { source: integration.kind, kind: job.kind },
        detail: `The ${integration.kind} offers no ${what} (master data is optional in its contract)`,
      });
      this.logger.info({ syncRunId: run.id, kind: job.kind }, 'master data not offered by the source');
      return { status: 'succeeded', progress };
    }
    const status = progress.quarantined > 0 ? 'PARTIAL' : 'SUCCEEDED';
    await this.runs.finish(
      job,
      status,
      progress.quarantined > 0
        ? { code: 'RECORDS_QUARANTINED', params: { count: progress.quarantined }, detail: `${progress.quarantined} record(s) quarantined` }
        : null,
    );
    this.logger.info({ syncRunId: run.id, kind: job.kind, ...progress, status }, 'master-data run finished');
    return { status: status === 'PARTIAL' ? 'partial' : 'succeeded', progress };
  }

  /** Upserts the page and names the integration's documents that lacked these customers' or products' names. */
  private async write(tx: OrgTx, job: MasterDataJobV1, values: CanonicalMasterData[MasterDataKind][]): Promise<number> {
    const target = { organizationId: job.organizationId, integrationId: job.integrationId };
    if (job.kind === 'CUSTOMER') return writeCustomers(tx, target, values as CanonicalMasterData['CUSTOMER'][]);
    return writeProducts(tx, target, values as CanonicalMasterData['PRODUCT'][]);
  }
}
