import { Injectable } from '@nestjs/common';
import type { IntegrationKind, IntegrationState } from '@portal/contracts';
import type { OrgTx, Prisma } from '@portal/db';

export const integrationSelect = {
  id: true,
  organizationId: true,
  kind: true,
  name: true,
  state: true,
  stateReason: true,
  stateReasonCode: true,
  stateReasonParams: true,
  dmsTenantId: true,
  lastSyncAt: true,
  lastSyncStatus: true,
  createdAt: true,
} as const satisfies Prisma.IntegrationSelect;

export type IntegrationRow = Prisma.IntegrationGetPayload<{ select: typeof integrationSelect }>;

/** Prisma access for integrations. No rules here. */
@Injectable()
export class IntegrationsRepository {
  create(tx: OrgTx, data: { organizationId: string; kind: IntegrationKind; name: string; state: IntegrationState }) {
    return tx.integration.create({ data, select: integrationSelect });
  }

  list(tx: OrgTx, filter: { kind?: IntegrationKind; state?: IntegrationState } = {}) {
    return tx.integration.findMany({
      where: { ...(filter.kind ? { kind: filter.kind } : {}), ...(filter.state ? { state: filter.state } : {}) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { ...integrationSelect, organization: { select: { id: true, name: true } } },
    });
  }

  findById(tx: OrgTx, id: string) {
    return tx.integration.findUnique({ where: { id }, select: { ...integrationSelect, secretCipher: true } });
  }

  documentCounts(tx: OrgTx, integrationIds: string[]) {
    return tx.document.groupBy({ by: ['integrationId', 'type'], where: { integrationId: { in: integrationIds } }, _count: { _all: true } });
  }

  update(tx: OrgTx, id: string, data: Prisma.IntegrationUpdateInput) {
    return tx.integration.update({ where: { id }, data, select: integrationSelect });
  }

  existingIds(tx: OrgTx, ids: string[]) {
    return tx.integration.findMany({ where: { id: { in: ids } }, select: { id: true } });
  }

  delete(tx: OrgTx, id: string) {
    return tx.integration.deleteMany({ where: { id } });
  }

  /** Stored secrets in id order, one page after `afterId` (key rotation walks all of them). */
  secretsPage(tx: OrgTx, afterId: string | null, take: number) {
    return tx.integration.findMany({
      where: { secretCipher: { not: null }, ...(afterId ? { id: { gt: afterId } } : {}) },
      orderBy: { id: 'asc' },
      take,
      select: { id: true, organizationId: true, secretCipher: true },
    });
  }

  /** Compare-and-set: 0 rows when the secret changed meanwhile (e.g. an admin set a new key). */
  replaceSecret(tx: OrgTx, id: string, from: string, to: string) {
    return tx.integration.updateMany({ where: { id, secretCipher: from }, data: { secretCipher: to } });
  }
}
