import { Inject, Injectable } from '@nestjs/common';
import {
  type CreateIntegrationBody,
  type CreateIntegrationResponse,
  type DocumentType,
  documentType as documentTypeEnum,
  type Integration,
  maskAccessKey,
  parseAccessKey,
  dmsCatalogue,
  type QuarantinedRecord,
  type SyncRun,
  syncErrorCodeOf,
  syncErrorParamsOf,
} from '@portal/contracts';
import { randomToken, safeEqual, SecretBox, sha256Hex } from '@portal/crypto';
import { type OrgTx, Prisma, TenantDb } from '@portal/db';
import { DmsAuthError, DmsClient, DmsProtocolError } from '@portal/dms-client';
import { AppError } from '../../common/app-error';
import { decodeCursor, encodeCursor } from '../../common/keyset-cursor';
import { AuditService } from '../audit/audit.service';
import type { Caller } from '../../common/auth.decorators';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';
import { type PendingDispatch, SyncService } from '../sync/sync.service';
import { type IntegrationRow, IntegrationsRepository } from './integrations.repository';

const ALL_TYPES = documentTypeEnum.options;
/** An integration that is fine again carries no reason, in text or as a code. */
const CLEARED_REASON = { stateReason: null, stateReasonCode: null, stateReasonParams: Prisma.DbNull } satisfies Prisma.IntegrationUpdateInput;
type SyncRunsPageQuery = { limit: number; cursor?: string | undefined };
/** The organisation and integration an ingestion API key speaks for. */
export interface IngestPrincipal {
  organizationId: string;
  integrationId: string;
  apiKeyId: string;
}
const DEFAULT_NAMES = { DMS: 'SimpliDOTS: DMS', SAP: 'SAP', EXTERNAL: 'External' } as const;

@Injectable()
export class IntegrationsService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: IntegrationsRepository,
    private readonly sync: SyncService,
    private readonly secrets: SecretBox,
    private readonly auditLog: AuditService,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  async create(caller: Caller, body: CreateIntegrationBody): Promise<CreateIntegrationResponse> {
    if (body.kind === 'SAP') {
      // SAP needs an OData connection test that is not built yet; never pretend to connect.
      throw new AppError(501, 'SAP_NOT_AVAILABLE', 'SAP integrations are coming soon');
    }
    const organizationId = caller.organization.id;
    try {
      return await this.db.runAsOrg(organizationId, async (tx) => {
        const row = await this.repo.create(tx, {
          organizationId,
          kind: body.kind,
          name: body.name ?? DEFAULT_NAMES[body.kind],
          state: body.kind === 'DMS' ? 'AWAITING_ACCESS_KEY' : 'ACTIVE',
        });
        let apiKey: string | undefined;
        if (body.kind === 'EXTERNAL') {
          // prefix.secret: the prefix finds the key, only the secret's hash is stored.
          const prefix = `pk_${randomToken(6)}`;
          const secret = randomToken(32);
          await this.repo.createApiKey(tx, { organizationId, integrationId: row.id, name: `${row.name} ingestion`, prefix, secretHash: sha256Hex(secret) });
          apiKey = `${prefix}.${secret}`;
        }
        await this.audit(tx, caller, 'integration.created', row.id, { kind: row.kind });
        return { ...this.toDto(row, {}), ...(apiKey ? { apiKey } : {}) };
      });
    } catch (err) {
      // integrations_one_dms_per_org: the database, not this code, guarantees one DMS.
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
        throw AppError.conflict('DMS_INTEGRATION_EXISTS', 'This distributor already has a DMS integration; only one is allowed');
      }
      throw err;
    }
  }

  async list(caller: Caller): Promise<{ data: Integration[]; nextCursor: null; total: number }> {
    return this.db.runAsOrg(caller.organization.id, async (tx) => {
      const rows = await this.repo.list(tx);
      const data = await this.withCounts(tx, rows);
      return { data, nextCursor: null, total: data.length };
    });
  }

  async get(caller: Caller, id: string): Promise<Integration> {
    return this.db.runAsOrg(caller.organization.id, async (tx) => {
      const row = await this.mustFind(tx, id);
      const [dto] = await this.withCounts(tx, [row]);
      return dto!;
    });
  }

  async remove(caller: Caller, id: string): Promise<void> {
    await this.db.runAsOrg(caller.organization.id, async (tx) => {
      await this.mustFind(tx, id);
      await this.repo.delete(tx, id);
      await this.audit(tx, caller, 'integration.deleted', id, {});
    });
  }

  async setEnabled(caller: Caller, id: string, enabled: boolean): Promise<Integration> {
    return this.db.runAsOrg(caller.organization.id, async (tx) => {
      const row = await this.mustFind(tx, id);
      let next = row.state;
      if (!enabled) next = 'DISABLED';
      else if (row.state === 'DISABLED') next = row.kind === 'DMS' && !row.dmsTenantId ? 'AWAITING_ACCESS_KEY' : 'ACTIVE';
      const updated = await this.repo.update(tx, id, {
        state: next,
        ...(enabled ? CLEARED_REASON : { stateReason: 'Disabled by the distributor', stateReasonCode: 'DISABLED_BY_DISTRIBUTOR', stateReasonParams: Prisma.DbNull }),
      });
      await this.audit(tx, caller, enabled ? 'integration.enabled' : 'integration.disabled', id, {});
      const [dto] = await this.withCounts(tx, [updated]);
      return dto!;
    });
  }

  async syncNow(caller: Caller, id: string, mode: 'incremental' | 'full') {
    const pending = await this.db.runAsOrg(caller.organization.id, async (tx) => {
      const row = await this.mustFind(tx, id);
      if (row.kind !== 'DMS') throw new AppError(409, 'INVALID_STATE', 'Only DMS integrations are pulled; External integrations receive data through the ingestion API');
      if (row.state !== 'ACTIVE') throw new AppError(409, 'INVALID_STATE', `The integration is ${row.state}; it must be ACTIVE to sync`);
      return this.sync.queueSync(tx, {
        organizationId: row.organizationId,
        integrationId: id,
        trigger: mode === 'full' ? 'BACKFILL' : 'MANUAL',
        mode,
        types: ALL_TYPES,
      });
    });
    await this.sync.dispatch(pending);
    return { queued: pending.jobs.map((j) => ({ syncRunId: j.syncRunId, documentType: j.documentType })), alreadyRunning: pending.alreadyRunning };
  }

  listSyncRuns(caller: Caller, id: string, q: SyncRunsPageQuery): Promise<{ data: SyncRun[]; nextCursor: string | null }> {
    return this.db.runAsOrg(caller.organization.id, (tx) => this.syncRunsPage(tx, id, q));
  }

  /** Also the platform admin's view (the caller passes a runAsPlatformAdmin transaction). */
  async syncRunsPage(tx: OrgTx, id: string, q: SyncRunsPageQuery): Promise<{ data: SyncRun[]; nextCursor: string | null }> {
    let before: { queuedAt: Date; id: string } | undefined;
    if (q.cursor) {
      const [at, runId] = decodeCursor(q.cursor);
      const queuedAt = new Date(at ?? '');
      if (!runId || Number.isNaN(queuedAt.getTime())) throw new AppError(400, 'VALIDATION_FAILED', 'Invalid cursor');
      before = { queuedAt, id: runId };
    }
    {
      await this.mustFind(tx, id);
      const rows = await this.sync.listRuns(tx, id, q.limit + 1, before);
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return {
        data: page.map((r) => ({
          id: r.id,
          integrationId: r.integrationId,
          documentType: r.documentType,
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
        nextCursor: rows.length > q.limit && last ? encodeCursor([last.queuedAt.toISOString(), last.id]) : null,
      };
    }
  }

  async listQuarantine(caller: Caller, id: string, runId: string, limit: number): Promise<{ data: QuarantinedRecord[]; nextCursor: null; total: number }> {
    return this.db.runAsOrg(caller.organization.id, async (tx) => {
      await this.mustFind(tx, id);
      const run = await this.sync.findRun(tx, runId);
      if (!run || run.integrationId !== id) throw AppError.notFound('Sync run');
      const rows = await this.sync.listQuarantine(tx, runId, limit);
      return {
        data: rows.map((q) => ({
          id: q.id,
          syncRunId: q.syncRunId,
          documentType: q.documentType,
          sourceId: q.sourceId,
          reason: q.reason,
          payload: q.payload,
          createdAt: q.createdAt.toISOString(),
        })),
        nextCursor: null,
        total: run.recordsQuarantined,
      };
    });
  }

  /** The distributor retries one of its FAILED runs. */
  async retrySyncRun(caller: Caller, id: string, runId: string) {
    const pending = await this.db.runAsOrg(caller.organization.id, async (tx) => {
      const queued = await this.queueRetry(tx, id, runId);
      await this.audit(tx, caller, 'sync_run.retried', id, { syncRunId: runId });
      return queued;
    });
    await this.sync.dispatch(pending);
    return this.syncAnswer(pending);
  }

  /**
   * Retry of a FAILED run inside the caller's transaction (the distributor's,
   * or a platform admin's): a new RETRY run of the same document type, in
   * incremental mode, so it resumes from the last page the failed run
   * committed. An integration parked in ERROR by a failure that persisted
   * past the retries is set ACTIVE again (the worker's reconciler restores its
   * schedule); one parked because the DMS rejected its AccessKey stays parked
   * until an admin sets a working key.
   */
  async queueRetry(tx: OrgTx, id: string, runId: string): Promise<PendingDispatch & { alreadyRunning: DocumentType[] }> {
    const row = await this.mustFind(tx, id);
    const run = await this.sync.findRun(tx, runId);
    if (!run || run.integrationId !== id) throw AppError.notFound('Sync run');
    if (run.status !== 'FAILED') throw new AppError(409, 'INVALID_STATE', `Only a FAILED run can be retried; this one is ${run.status}`);
    if (row.kind !== 'DMS') throw new AppError(409, 'INVALID_STATE', 'Only DMS integrations are pulled');
    if (row.state === 'ERROR' && row.stateReasonCode === 'ACCESS_KEY_REJECTED') {
      throw new AppError(409, 'ACCESS_KEY_REJECTED', 'The DMS rejected the AccessKey; a platform admin must set a working AccessKey before syncs can run again');
    }
    if (row.state === 'ERROR') await this.repo.update(tx, id, { state: 'ACTIVE', ...CLEARED_REASON });
    else if (row.state !== 'ACTIVE') throw new AppError(409, 'INVALID_STATE', `The integration is ${row.state}; it must be ACTIVE to sync`);
    return this.sync.queueSync(tx, {
      organizationId: row.organizationId,
      integrationId: id,
      trigger: 'RETRY',
      mode: 'incremental',
      types: run.documentType ? [run.documentType] : ALL_TYPES,
    });
  }

  syncAnswer(pending: PendingDispatch & { alreadyRunning: DocumentType[] }) {
    return { queued: pending.jobs.map((j) => ({ syncRunId: j.syncRunId, documentType: j.documentType })), alreadyRunning: pending.alreadyRunning };
  }

  /** Which of these ids are the caller's own integrations (RLS hides the rest). */
  async ownIds(tx: OrgTx, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    return new Set((await this.repo.existingIds(tx, ids)).map((r) => r.id));
  }

  // ---- External ingestion -------------------------------------------------

  /**
   * Who an ingestion API key (`prefix.secret`) speaks for: null when the key
   * is malformed, unknown, revoked or its secret is wrong (401); 403 when its
   * integration is DISABLED. Only the key with that prefix is readable here
   * (runForApiKey); the integration is then read as the key's organisation.
   */
  async authenticateApiKey(token: string): Promise<IngestPrincipal | null> {
    const dot = token.indexOf('.');
    const prefix = token.slice(0, dot);
    const secret = token.slice(dot + 1);
    if (dot <= 0 || !/^pk_[\w-]{1,40}$/.test(prefix) || secret.length === 0 || secret.length > 200) return null;
    const key = await this.db.runForApiKey(prefix, (tx) => this.repo.findApiKeyByPrefix(tx, prefix));
    if (!key || key.revokedAt || !key.integrationId || !safeEqual(sha256Hex(secret), key.secretHash)) return null;
    const integrationId = key.integrationId;
    return this.db.runAsOrg(key.organizationId, async (tx) => {
      const row = await this.repo.findById(tx, integrationId);
      if (!row || row.kind !== 'EXTERNAL') return null;
      if (row.state === 'DISABLED') throw AppError.forbidden('This integration is disabled; enable it to ingest documents');
      await this.repo.touchApiKey(tx, key.id, new Date());
      return { organizationId: key.organizationId, integrationId, apiKeyId: key.id };
    });
  }

  /** One of the caller's External integrations that can take documents (import from the screen). */
  async findExternalForImport(tx: OrgTx, id: string) {
    const row = await this.mustFind(tx, id);
    if (row.kind !== 'EXTERNAL') throw new AppError(409, 'INVALID_STATE', 'Only External integrations import documents from files');
    if (row.state === 'DISABLED') throw new AppError(409, 'INVALID_STATE', 'The integration is disabled; enable it to import documents');
    return row;
  }

  /** Last-sync information after documents arrived through ingestion or import. */
  async recordIngestion(tx: OrgTx, id: string, at: Date, status: 'SUCCEEDED' | 'PARTIAL' | 'FAILED') {
    await this.repo.update(tx, id, { lastSyncAt: at, lastSyncStatus: status });
  }

  // ---- platform admin (the caller passes a transaction opened by runAsPlatformAdmin) ----

  async adminList(tx: OrgTx, filter: { kind?: 'DMS' | 'SAP' | 'EXTERNAL'; state?: 'AWAITING_ACCESS_KEY' | 'ACTIVE' | 'ERROR' | 'DISABLED' }) {
    const rows = await this.repo.list(tx, filter);
    const dtos = await this.withCounts(tx, rows);
    return dtos.map((dto, i) => ({ ...dto, organization: rows[i]!.organization }));
  }

  async findDmsForKey(tx: OrgTx, id: string) {
    const row = await this.mustFind(tx, id);
    if (row.kind !== 'DMS') throw new AppError(409, 'INVALID_STATE', 'AccessKeys apply to DMS integrations only');
    return row;
  }

  /**
   * Tests the key against the DMS and reads its field catalogue. Runs outside
   * any transaction: a slow DMS must not hold a database connection.
   */
  async verifyAccessKey(accessKey: string) {
    const parsed = parseAccessKey(accessKey);
    if (!parsed) throw new AppError(400, 'ACCESS_KEY_FORMAT', 'AccessKey must have the format {TenantId}-{PRINCIPAL_ACCESS_KEY}, e.g. 446-bebaspakaivalueapapun');
    const client = new DmsClient({ baseUrl: this.env.DMS_BASE_URL, accessKey, timeoutMs: 10_000 });
    let raw: unknown;
    try {
      raw = await client.catalogue();
    } catch (err) {
      if (err instanceof DmsAuthError) throw new AppError(422, 'ACCESS_KEY_REJECTED', `The DMS rejected this AccessKey for tenant ${parsed.tenantId}; check the TenantId and PRINCIPAL_ACCESS_KEY in the DMS settings`);
      if (err instanceof DmsProtocolError) throw new AppError(424, 'DMS_UNREACHABLE', `The DMS answered something unexpected: ${err.message}`);
      throw new AppError(424, 'DMS_UNREACHABLE', `Could not reach the DMS to verify the key (${(err as Error).message}); nothing was changed`);
    }
    const catalogue = dmsCatalogue.safeParse(raw);
    if (!catalogue.success) throw new AppError(424, 'DMS_UNREACHABLE', 'The DMS field catalogue does not follow the contract; nothing was changed');
    return { tenantId: parsed.tenantId, catalogue: catalogue.data };
  }

  /**
   * Activation inside the caller's transaction (which also stores the
   * generated templates): encrypted key, ACTIVE state and the first full sync
   * of the given types (as outbox rows). Either all of it commits or none does.
   */
  async activateDms(
    tx: OrgTx,
    row: IntegrationRow,
    input: { accessKey: string; tenantId: string; types: DocumentType[] },
  ): Promise<{ integration: Integration; pending: PendingDispatch }> {
    const updated = await this.repo.update(tx, row.id, {
      state: 'ACTIVE',
      ...CLEARED_REASON,
      dmsTenantId: input.tenantId,
      // Bound to this integration: the ciphertext is useless on another row.
      secretCipher: this.secrets.encrypt(input.accessKey, row.id),
    });
    const pending = await this.sync.queueSync(tx, {
      organizationId: row.organizationId,
      integrationId: row.id,
      trigger: 'INITIAL',
      mode: 'full',
      types: input.types,
    });
    const [dto] = await this.withCounts(tx, [updated]);
    return { integration: dto!, pending };
  }

  /** The caller's integration (RLS hides the rest): 404 when it is not theirs. */
  findOwn(tx: OrgTx, id: string) {
    return this.mustFind(tx, id);
  }

  /**
   * A DMS client for one of the caller's integrations, built from its stored
   * AccessKey. No request is made here: the caller talks to the DMS after its
   * transaction, so a slow DMS never holds a database connection.
   */
  async dmsClientFor(tx: OrgTx, id: string): Promise<DmsClient> {
    const row = await this.mustFind(tx, id);
    if (row.kind !== 'DMS') throw new AppError(409, 'INVALID_STATE', 'Only DMS integrations have records to sample');
    if (!row.secretCipher || row.state === 'AWAITING_ACCESS_KEY') {
      throw new AppError(409, 'INVALID_STATE', 'The integration has no AccessKey yet; a platform admin must set it first');
    }
    const accessKey = this.secrets.decrypt(row.secretCipher, row.id);
    return new DmsClient({ baseUrl: this.env.DMS_BASE_URL, accessKey, timeoutMs: 10_000 });
  }

  /**
   * Queues full re-syncs of some document types of an ACTIVE DMS integration
   * (the sync-now path), e.g. after a template edit. Dispatch after commit.
   */
  async queueReconsolidation(tx: OrgTx, id: string, types: DocumentType[]) {
    const row = await this.mustFind(tx, id);
    if (row.kind !== 'DMS') throw new AppError(409, 'INVALID_STATE', 'Only DMS integrations are pulled');
    if (row.state !== 'ACTIVE') throw new AppError(409, 'INVALID_STATE', `The integration is ${row.state}; it must be ACTIVE to re-consolidate`);
    return this.sync.queueSync(tx, { organizationId: row.organizationId, integrationId: id, trigger: 'RECONSOLIDATE', mode: 'full', types });
  }

  dispatch(pending: PendingDispatch) {
    return this.sync.dispatch(pending);
  }

  /**
   * Key rotation, one page of stored secrets (platform-admin transaction):
   * re-encrypts every secret not yet under the current ENCRYPTION_KEYS key.
   * A secret under a key that is no longer configured stops the rotation
   * with its integration named, rather than being skipped.
   */
  async reencryptSecretsPage(tx: OrgTx, afterId: string | null, take: number) {
    const rows = await this.repo.secretsPage(tx, afterId, take);
    const reencrypted: { id: string; organizationId: string; fromKeyId: string }[] = [];
    for (const row of rows) {
      const cipher = row.secretCipher!;
      if (!this.secrets.needsRotation(cipher)) continue;
      let next: string;
      try {
        next = this.secrets.reencrypt(cipher, row.id);
      } catch (err) {
        throw new Error(`cannot decrypt the stored secret of integration ${row.id}: ${(err as Error).message}; keep its key in ENCRYPTION_KEYS until rotation is done`);
      }
      const { count } = await this.repo.replaceSecret(tx, row.id, cipher, next);
      if (count === 1) reencrypted.push({ id: row.id, organizationId: row.organizationId, fromKeyId: SecretBox.keyIdOf(cipher) });
    }
    return { scanned: rows.length, lastId: rows.at(-1)?.id ?? null, reencrypted, keyId: this.secrets.currentKeyId };
  }

  private async mustFind(tx: OrgTx, id: string) {
    const row = await this.repo.findById(tx, id);
    if (!row) throw AppError.notFound('Integration');
    return row;
  }

  private async withCounts(tx: OrgTx, rows: IntegrationRow[]): Promise<Integration[]> {
    const counts = rows.length ? await this.repo.documentCounts(tx, rows.map((r) => r.id)) : [];
    const byIntegration = new Map<string, Partial<Record<DocumentType, number>>>();
    for (const c of counts) {
      const m = byIntegration.get(c.integrationId) ?? {};
      m[c.type] = c._count._all;
      byIntegration.set(c.integrationId, m);
    }
    return rows.map((r) => this.toDto(r, byIntegration.get(r.id) ?? {}));
  }

  private toDto(r: IntegrationRow, documentCounts: Partial<Record<DocumentType, number>>): Integration {
    return {
      id: r.id,
      kind: r.kind,
      name: r.name,
      state: r.state,
      stateReason: r.stateReason,
      stateReasonCode: syncErrorCodeOf(r.stateReasonCode),
      stateReasonParams: syncErrorParamsOf(r.stateReasonParams),
      accessKey: r.dmsTenantId ? { tenantId: r.dmsTenantId, masked: maskAccessKey(r.dmsTenantId) } : null,
      lastSyncAt: r.lastSyncAt?.toISOString() ?? null,
      lastSyncStatus: r.lastSyncStatus,
      documentCounts,
      createdAt: r.createdAt.toISOString(),
    };
  }

  private audit(tx: OrgTx, caller: Caller, action: string, targetId: string, metadata: Prisma.InputJsonObject) {
    return this.auditLog.record(tx, {
      organizationId: caller.organization.id,
      actorUserId: caller.user.id,
      actorOrgId: caller.organization.id,
      action,
      targetType: 'integration',
      targetId,
      metadata,
    });
  }
}
