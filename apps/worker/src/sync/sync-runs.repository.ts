import type { DocumentType } from '@portal/contracts';
import type { OrgTx, Prisma } from '@portal/db';

/** Prisma access the worker's sync needs. No rules here. */
export const syncRunsRepository = {
  findRun(tx: OrgTx, id: string) {
    return tx.syncRun.findUnique({ where: { id } });
  },
  findIntegration(tx: OrgTx, id: string) {
    return tx.integration.findUnique({
      where: { id },
      select: { id: true, organizationId: true, kind: true, state: true, secretCipher: true, dmsTenantId: true },
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
  saveCursor(tx: OrgTx, key: { organizationId: string; integrationId: string; documentType: DocumentType }, value: { updatedSince: Date | null; cursor: string | null }) {
    return tx.syncCursor.upsert({
      where: { integrationId_documentType: { integrationId: key.integrationId, documentType: key.documentType } },
      create: { ...key, ...value },
      update: value,
    });
  },
  updateRun(tx: OrgTx, id: string, data: Prisma.SyncRunUpdateInput) {
    return tx.syncRun.update({ where: { id }, data });
  },
  insertQuarantine(tx: OrgTx, rows: Prisma.QuarantinedRecordCreateManyInput[]) {
    return rows.length ? tx.quarantinedRecord.createMany({ data: rows }) : Promise.resolve({ count: 0 });
  },
  updateIntegration(tx: OrgTx, id: string, data: Prisma.IntegrationUpdateInput) {
    return tx.integration.update({ where: { id }, data, select: { id: true } });
  },
};
