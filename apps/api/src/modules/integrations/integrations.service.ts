import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  ACCESS_KEY_KINDS,
  type AdminIntegration,
  type AuditAction,
  type CreateIntegrationBody,
  type CreateIntegrationResponse,
  type DocumentType,
  type Integration,
  maskAccessKey,
  type SapSettings,
  sapSettings,
  takesAccessKey,
  syncErrorCodeOf,
  syncErrorParamsOf,
} from '@portal/contracts';
import { isUniqueViolation, type OrgTx, type Prisma, TenantDb } from '@portal/db';
import { integrationState, integrationStateChanged, type IntegrationStateUpdate, type QueuedEvent } from '@portal/domain';
import { AppError } from '../../common/app-error';
import type { Caller } from '../../common/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { DocumentCountsService } from '../documents/document-counts.service';
import { EventOutbox } from '../events/event-outbox';
import { IngestionKeysService } from './ingestion-keys.service';
import { type AdminIntegrationsFilter, type IntegrationRow, IntegrationsRepository } from './integrations.repository';

const DEFAULT_NAMES = { DMS: 'SimpliDOTS: DMS', SAP: 'SAP', EXTERNAL: 'External' } as const;

/**
 * Integrations themselves: create, list, read, remove, enable/disable, and
 * the lookups and state writes other modules make through here (they never
 * touch the integrations table). State moves are `integrationState`'s.
 */
@Injectable()
export class IntegrationsService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: IntegrationsRepository,
    private readonly apiKeys: IngestionKeysService,
    private readonly auditLog: AuditService,
    private readonly documentCounts: DocumentCountsService,
    private readonly events: EventOutbox,
  ) {}

  /** DMS and External integrations; an SAP one is created by sap-credentials once its connection passed the test (`createSap`). */
  async create(caller: Caller, body: Exclude<CreateIntegrationBody, { kind: 'SAP' }>): Promise<CreateIntegrationResponse> {
    const organizationId = caller.organization.id;
    try {
      return await this.db.runAsOrg(organizationId, async (tx) => {
        const row = await this.repo.create(tx, {
          organizationId,
          kind: body.kind,
          name: body.name ?? DEFAULT_NAMES[body.kind],
          state: integrationState.initialState(body.kind),
        });
        const apiKey = body.kind === 'EXTERNAL' ? await this.apiKeys.issue(tx, row) : undefined;
        await this.audit(tx, caller, 'integration.created', row.id, { kind: row.kind });
        return { ...this.toDto(row, {}), ...(apiKey ? { apiKey } : {}) };
      });
    } catch (err) {
      // The database, not this code, guarantees one DMS per distributor.
      if (isUniqueViolation(err, 'integrations_one_dms_per_org')) {
        throw AppError.conflict('DMS_INTEGRATION_EXISTS', 'This distributor already has a DMS integration; only one is allowed');
      }
      throw err;
    }
  }

  async list(caller: Caller): Promise<{ data: Integration[]; nextCursor: null; total: number }> {
    return this.db.runAsOrg(caller.organization.id, async (tx) => {
      const data = await this.withCounts(tx, await this.repo.list(tx));
      return { data, nextCursor: null, total: data.length };
    });
  }

  async get(caller: Caller, id: string): Promise<Integration> {
    return this.db.runAsOrg(caller.organization.id, async (tx) => this.dtoOf(tx, await this.mustFind(tx, id)));
  }

  async remove(caller: Caller, id: string): Promise<void> {
    await this.db.runAsOrg(caller.organization.id, async (tx) => {
      const row = await this.mustFind(tx, id);
      await this.repo.delete(tx, id);
      await this.audit(tx, caller, 'integration.deleted', id, {}, { before: { name: row.name, kind: row.kind, state: row.state } });
    });
  }

  async rename(caller: Caller, id: string, name: string): Promise<Integration> {
    return this.db.runAsOrg(caller.organization.id, async (tx) => {
      const row = await this.mustFind(tx, id);
      const updated = await this.repo.update(tx, id, { name });
      await this.audit(tx, caller, 'integration.renamed', id, { from: row.name, to: name }, { before: { name: row.name }, after: { name } });
      return this.dtoOf(tx, updated);
    });
  }

  async setEnabled(caller: Caller, id: string, enabled: boolean): Promise<Integration> {
    const org = caller.organization.id;
    const { dto, queued } = await this.db.runAsOrg(org, async (tx) => {
      const row = await this.mustFind(tx, id);
      const next = enabled ? integrationState.enable({ state: row.state, kind: row.kind, hasAccessKey: row.dmsTenantId !== null }) : integrationState.disable();
      const updated = await this.repo.update(tx, id, next);
      const queued = await this.announceState(tx, row, next, caller.user.id);
      await this.audit(
        tx,
        caller,
        enabled ? 'integration.enabled' : 'integration.disabled',
        id,
        {},
        { before: { state: row.state }, after: { state: updated.state } },
      );
      return { dto: await this.dtoOf(tx, updated), queued };
    });
    await this.events.dispatch(org, queued);
    return dto;
  }

  // ---- for other modules, inside their transaction -------------------------

  /** The caller's integration (RLS hides the rest): 404 when it is not theirs. Carries the sealed AccessKey for access-keys. */
  findOwn(tx: OrgTx, id: string) {
    return this.mustFind(tx, id);
  }

  /** Which of these ids are the caller's own integrations (RLS hides the rest). */
  async ownIds(tx: OrgTx, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    return new Set((await this.repo.existingIds(tx, ids)).map((r) => r.id));
  }

  /** Writes a state move decided by `integrationState` (e.g. a retry resuming a parked integration); answers its announcement, for the caller to dispatch after commit. */
  async applyState(tx: OrgTx, row: IntegrationRow, update: IntegrationStateUpdate, changedBy: string): Promise<QueuedEvent[]> {
    await this.repo.update(tx, row.id, update);
    return this.announceState(tx, row, update, changedBy);
  }

  /**
   * The integrations the caller may name (master-data screens): its own, and
   * for a principal those its CONNECTED connections' grants reach; never their
   * state or secrets.
   */
  visibleIntegrations(tx: OrgTx) {
    return this.repo.visible(tx);
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

  /** One page of every distributor's integrations, oldest first, and how many match (the caller passes a runAsPlatformAdmin transaction). */
  async adminList(tx: OrgTx, filter: AdminIntegrationsFilter, page: { limit: number; after?: { createdAt: Date; id: string } }) {
    const rows = await this.repo.adminPage(tx, filter, page.limit + 1, page.after);
    const total = await this.repo.adminCount(tx, filter);
    const shown = rows.slice(0, page.limit);
    const dtos = await this.withCounts(tx, shown);
    const last = rows.length > page.limit ? shown.at(-1) : undefined;
    return {
      data: dtos.map((dto, i): AdminIntegration => ({ ...dto, organization: shown[i]!.organization })),
      total,
      next: last ? { createdAt: last.createdAt, id: last.id } : null,
    };
  }

  /** Any distributor's integration with its organisation (runAsPlatformAdmin): 404 when unknown. */
  async adminGet(tx: OrgTx, id: string): Promise<AdminIntegration> {
    const row = await this.repo.findWithOrganization(tx, id);
    if (!row) throw AppError.notFound('Integration');
    return { ...(await this.dtoOf(tx, row)), organization: row.organization };
  }

  /** The DMS integration an AccessKey is being set for: 404 when unknown, 409 for other kinds. */
  async findDmsForKey(tx: OrgTx, id: string) {
    const row = await this.mustFind(tx, id);
    if (!takesAccessKey(row.kind)) throw new AppError(409, 'INVALID_STATE', `AccessKeys apply to ${ACCESS_KEY_KINDS.join(', ')} integrations only`);
    return row;
  }

  /** Stores a verified, sealed AccessKey and the move to ACTIVE inside the activation transaction; answers as `applyState` does. */
  async activateWithAccessKey(
    tx: OrgTx,
    row: IntegrationRow,
    key: { tenantId: string; sealed: string },
    changedBy: string,
  ): Promise<{ integration: Integration; queued: QueuedEvent[] }> {
    const next = integrationState.accessKeyAccepted();
    const updated = await this.repo.update(tx, row.id, { ...next, dmsTenantId: key.tenantId, secretCipher: key.sealed });
    return { integration: await this.dtoOf(tx, updated), queued: await this.announceState(tx, row, next, changedBy) };
  }

  /**
   * An SAP integration whose connection passed the test, inside the caller's
   * transaction: ACTIVE at once, with its settings and its connection sealed
   * by `seal`, which binds the ciphertext to the new row's id.
   */
  async createSap(tx: OrgTx, caller: Caller, data: { name?: string | undefined; settings: SapSettings; seal: (id: string) => string }): Promise<Integration> {
    const id = randomUUID();
    const row = await this.repo.create(tx, {
      id,
      organizationId: caller.organization.id,
      kind: 'SAP',
      name: data.name ?? DEFAULT_NAMES.SAP,
      state: integrationState.initialState('SAP'),
      settings: data.settings,
      secretCipher: data.seal(id),
    });
    return this.toDto(row, {});
  }

  /** The SAP integration whose credentials are being replaced: 404 when not the caller's, 409 for other kinds. */
  async findSapForCredentials(tx: OrgTx, id: string) {
    const row = await this.mustFind(tx, id);
    if (row.kind !== 'SAP') throw AppError.conflict('NOT_AN_SAP_INTEGRATION', `This is a ${row.kind} integration; only SAP integrations take SAP credentials`);
    return row;
  }

  /** Stores replaced, tested SAP credentials (sealed) and settings, and the state move `credentialsReplaced` decides; answers as `applyState` does. */
  async replaceSapCredentials(
    tx: OrgTx,
    row: IntegrationRow,
    data: { settings: SapSettings; sealed: string },
    changedBy: string,
  ): Promise<{ integration: Integration; queued: QueuedEvent[] }> {
    const next = integrationState.credentialsReplaced(row);
    const updated = await this.repo.update(tx, row.id, { ...(next ?? {}), settings: data.settings, secretCipher: data.sealed });
    return { integration: await this.dtoOf(tx, updated), queued: next ? await this.announceState(tx, row, next, changedBy) : [] };
  }

  /** Stored sealed secrets in id order, one page after `afterId` (key rotation walks all of them). */
  sealedSecretsPage(tx: OrgTx, afterId: string | null, take: number) {
    return this.repo.secretsPage(tx, afterId, take);
  }

  /** Compare-and-set of a sealed secret: false when it changed meanwhile (e.g. an admin set a new key). */
  async replaceSealedSecret(tx: OrgTx, id: string, from: string, to: string): Promise<boolean> {
    return (await this.repo.replaceSecret(tx, id, from, to)).count === 1;
  }

  /** `integration.state_changed` to the integration's organisation, written by that organisation, when the state really moved. */
  private announceState(tx: OrgTx, row: IntegrationRow, next: IntegrationStateUpdate, changedBy: string): Promise<QueuedEvent[]> {
    const event = integrationStateChanged(row, next, changedBy, new Date());
    return event ? this.events.queueAll(tx, row.organizationId, [event]) : Promise.resolve([]);
  }

  private async mustFind(tx: OrgTx, id: string) {
    const row = await this.repo.findById(tx, id);
    if (!row) throw AppError.notFound('Integration');
    return row;
  }

  private async dtoOf(tx: OrgTx, row: IntegrationRow): Promise<Integration> {
    const [dto] = await this.withCounts(tx, [row]);
    return dto!;
  }

  private async withCounts(tx: OrgTx, rows: IntegrationRow[]): Promise<Integration[]> {
    const counts = await this.documentCounts.byIntegration(
      tx,
      rows.map((r) => r.id),
    );
    return rows.map((r) => this.toDto(r, counts.get(r.id) ?? {}));
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
      sap: r.kind === 'SAP' ? sapSettingsOf(r.settings) : null,
      lastSyncAt: r.lastSyncAt?.toISOString() ?? null,
      lastSyncStatus: r.lastSyncStatus,
      documentCounts,
      createdAt: r.createdAt.toISOString(),
    };
  }

  private audit(
    tx: OrgTx,
    caller: Caller,
    action: AuditAction,
    targetId: string,
    metadata: Prisma.InputJsonObject,
    change: { before?: Prisma.InputJsonObject; after?: Prisma.InputJsonObject } = {},
  ) {
    return this.auditLog.recordBy(tx, caller, { action, targetType: 'integration', targetId, metadata, ...change });
  }
}

/** The stored settings of an SAP integration as the contract shapes them (null if a row somehow holds others). */
function sapSettingsOf(stored: Prisma.JsonValue): SapSettings | null {
  const parsed = sapSettings.safeParse(stored);
  return parsed.success ? parsed.data : null;
}
