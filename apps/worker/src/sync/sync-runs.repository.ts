import { ACTIVE_SYNC_RUN_STATUSES, type DocumentType, type MasterDataKind, PULLED_KINDS } from '@portal/contracts';
import type { OrgTx, Prisma } from '@portal/db';

/** Prisma access the worker's sync needs. No rules here. */
export const syncRunsRepository = {
  findRun(tx: OrgTx, id: string) {
    return tx.syncRun.findUnique({ where: { id } });
  },
  findIntegration(tx: OrgTx, id: string) {
    return tx.integration.findUnique({
      where: { id },
      select: { id: true, organizationId: true, name: true, kind: true, state: true, secretCipher: true, dmsTenantId: true },
    });
  },
  currentTemplate(tx: OrgTx, integrationId: string, documentType: DocumentType) {
    return tx.modelTemplate.findFirst({
      where: { integrationId, documentType, isCurrent: true },
      select: { id: true, version: true, rules: true, sourceModel: true },
    });
  },
  cursor(tx: OrgTx, integrationId: string, documentType: DocumentType) {
    return tx.syncCursor.findUnique({ where: { integrationId_documentType: { integrationId, documentType } } });
  },
  saveCursor(
    tx: OrgTx,
    key: { organizationId: string; integrationId: string; documentType: DocumentType },
    value: { updatedSince: Date | null; cursor: string | null },
  ) {
    return tx.syncCursor.upsert({
      where: { integrationId_documentType: { integrationId: key.integrationId, documentType: key.documentType } },
      create: { ...key, ...value },
      update: value,
    });
  },
  masterDataCursor(tx: OrgTx, integrationId: string, kind: MasterDataKind) {
    return tx.masterDataCursor.findUnique({ where: { integrationId_kind: { integrationId, kind } } });
  },
  saveMasterDataCursor(
    tx: OrgTx,
    key: { organizationId: string; integrationId: string; kind: MasterDataKind },
    value: { updatedSince: Date | null; cursor: string | null },
  ) {
    return tx.masterDataCursor.upsert({
      where: { integrationId_kind: { integrationId: key.integrationId, kind: key.kind } },
      create: { ...key, ...value },
      update: value,
    });
  },
  /** Ends a run only if it has not ended yet; returns whether it did. */
  async failRunIfUnfinished(tx: OrgTx, id: string, error: Pick<Prisma.SyncRunUpdateManyMutationInput, 'error' | 'errorCode' | 'errorParams'>) {
    const { count } = await tx.syncRun.updateMany({
      where: { id, status: { in: [...ACTIVE_SYNC_RUN_STATUSES] } },
      data: { status: 'FAILED', ...error, finishedAt: new Date() },
    });
    return count > 0;
  },
  updateRun(tx: OrgTx, id: string, data: Prisma.SyncRunUpdateInput) {
    return tx.syncRun.update({ where: { id }, data });
  },
  insertQuarantine(tx: OrgTx, rows: Prisma.QuarantinedRecordCreateManyInput[]) {
    return rows.length ? tx.quarantinedRecord.createMany({ data: rows }) : Promise.resolve({ count: 0 });
  },
  /**
   * Holds the integration's row until the transaction ends, so two runs of it
   * finishing at once judge its state one after the other (one move to ERROR
   * announced, not two).
   */
  async lockIntegration(tx: OrgTx, id: string): Promise<void> {
    await tx.$queryRaw`SELECT 1 FROM integrations WHERE id = ${id}::uuid FOR UPDATE`;
  },
  updateIntegration(tx: OrgTx, id: string, data: Prisma.IntegrationUpdateInput) {
    return tx.integration.update({ where: { id }, data, select: { id: true } });
  },
  /** Document types that have a current template, i.e. that a sync can consolidate. */
  async templatedTypes(tx: OrgTx, integrationId: string): Promise<DocumentType[]> {
    const rows = await tx.modelTemplate.findMany({
      where: { integrationId, isCurrent: true },
      select: { documentType: true },
      orderBy: { documentType: 'asc' },
    });
    return rows.map((r) => r.documentType);
  },
  /** Sync scheduler path (every organisation): integrations that should have a schedule. */
  activePulledIntegrations(tx: OrgTx) {
    return tx.integration.findMany({ where: { kind: { in: [...PULLED_KINDS] }, state: 'ACTIVE' }, select: { id: true, organizationId: true } });
  },
  /** Sync scheduler path (every organisation): integrations among these that should have a schedule. */
  activePulledIntegrationsAmong(tx: OrgTx, ids: string[]) {
    return tx.integration.findMany({
      where: { id: { in: ids }, kind: { in: [...PULLED_KINDS] }, state: 'ACTIVE' },
      select: { id: true, organizationId: true },
    });
  },
  /** Sync scheduler path (every organisation): runs under way, oldest first, with their integration's state. */
  unfinishedRuns(tx: OrgTx, take: number) {
    return tx.syncRun.findMany({
      where: { status: { in: [...ACTIVE_SYNC_RUN_STATUSES] } },
      orderBy: [{ queuedAt: 'asc' }, { id: 'asc' }],
      take,
      select: {
        id: true,
        organizationId: true,
        integrationId: true,
        documentType: true,
        masterDataKind: true,
        trigger: true,
        integration: { select: { kind: true, state: true } },
      },
    });
  },
};
