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
  settings: true,
  lastSyncAt: true,
  lastSyncStatus: true,
  createdAt: true,
} as const satisfies Prisma.IntegrationSelect;

export type IntegrationRow = Prisma.IntegrationGetPayload<{ select: typeof integrationSelect }>;

export interface AdminIntegrationsFilter {
  kind?: IntegrationKind | undefined;
  state?: IntegrationState | undefined;
  organizationId?: string | undefined;
  q?: string | undefined;
}

const withOrganization = { ...integrationSelect, organization: { select: { id: true, name: true } } } as const satisfies Prisma.IntegrationSelect;

function adminWhere(f: AdminIntegrationsFilter): Prisma.IntegrationWhereInput {
  return {
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.state ? { state: f.state } : {}),
    ...(f.organizationId ? { organizationId: f.organizationId } : {}),
    ...(f.q ? { OR: [{ name: { contains: f.q, mode: 'insensitive' } }, { organization: { name: { contains: f.q, mode: 'insensitive' } } }] } : {}),
  };
}

/** Prisma access for integrations. No rules here. */
@Injectable()
export class IntegrationsRepository {
  /** Id, organisation, name and kind of the integrations the caller may name: its own, and a principal's granted ones (the SQL function `visible_integrations()`). */
  visible(tx: OrgTx) {
    return tx.$queryRaw<{ id: string; organizationId: string; name: string; kind: IntegrationKind }[]>`
      select id, organization_id as "organizationId", name, kind from visible_integrations() order by name, id`;
  }

  create(
    tx: OrgTx,
    data: {
      id?: string;
      organizationId: string;
      kind: IntegrationKind;
      name: string;
      state: IntegrationState;
      settings?: Prisma.InputJsonObject;
      secretCipher?: string;
    },
  ) {
    return tx.integration.create({ data, select: integrationSelect });
  }

  list(tx: OrgTx) {
    return tx.integration.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: integrationSelect });
  }

  /** Oldest first, `take` rows after the keyset `after`. */
  adminPage(tx: OrgTx, filter: AdminIntegrationsFilter, take: number, after?: { createdAt: Date; id: string }) {
    const where = adminWhere(filter);
    return tx.integration.findMany({
      where: after ? { AND: [where, { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }] } : where,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take,
      select: withOrganization,
    });
  }

  adminCount(tx: OrgTx, filter: AdminIntegrationsFilter) {
    return tx.integration.count({ where: adminWhere(filter) });
  }

  findWithOrganization(tx: OrgTx, id: string) {
    return tx.integration.findUnique({ where: { id }, select: withOrganization });
  }

  findById(tx: OrgTx, id: string) {
    return tx.integration.findUnique({ where: { id }, select: { ...integrationSelect, secretCipher: true } });
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
