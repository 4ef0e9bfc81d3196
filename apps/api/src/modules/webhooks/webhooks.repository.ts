import { Injectable } from '@nestjs/common';
import type { OrgTx, Prisma } from '@portal/db';

const endpointSelect = {
  id: true,
  url: true,
  description: true,
  eventTypes: true,
  enabled: true,
  disabledReason: true,
  disabledAt: true,
  failingSince: true,
  previousSecretExpiresAt: true,
  createdAt: true,
} as const satisfies Prisma.WebhookEndpointSelect;

export type EndpointRow = Prisma.WebhookEndpointGetPayload<{ select: typeof endpointSelect }>;

const messageSelect = {
  id: true,
  endpointId: true,
  eventId: true,
  eventType: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastAttemptAt: true,
  lastStatusCode: true,
  createdAt: true,
} as const satisfies Prisma.WebhookMessageSelect;

export type MessageRow = Prisma.WebhookMessageGetPayload<{ select: typeof messageSelect }>;

/** Prisma access for webhook endpoints, their messages and attempts. No rules here. */
@Injectable()
export class WebhooksRepository {
  listEndpoints(tx: OrgTx) {
    return tx.webhookEndpoint.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: endpointSelect });
  }

  findEndpoint(tx: OrgTx, id: string) {
    return tx.webhookEndpoint.findUnique({ where: { id }, select: endpointSelect });
  }

  /** With its sealed secret: for a rotation, never for an answer. */
  findEndpointSecret(tx: OrgTx, id: string) {
    return tx.webhookEndpoint.findUnique({ where: { id }, select: { ...endpointSelect, secretSealed: true } });
  }

  createEndpoint(
    tx: OrgTx,
    data: {
      id: string;
      organizationId: string;
      url: string;
      description: string;
      eventTypes: string[];
      enabled: boolean;
      disabledReason: string | null;
      disabledAt: Date | null;
      secretSealed: string;
      createdById: string | null;
    },
  ) {
    return tx.webhookEndpoint.create({ data, select: endpointSelect });
  }

  updateEndpoint(tx: OrgTx, id: string, data: Prisma.WebhookEndpointUpdateInput) {
    return tx.webhookEndpoint.update({ where: { id }, data, select: endpointSelect });
  }

  deleteEndpoint(tx: OrgTx, id: string) {
    return tx.webhookEndpoint.deleteMany({ where: { id } });
  }

  /** Compare-and-set on the current sealed secret, so two rotations at once cannot both keep the same "previous". */
  rotateSecret(tx: OrgTx, id: string, from: string, next: { secretSealed: string; previousSecretSealed: string; previousSecretExpiresAt: Date }) {
    return tx.webhookEndpoint.updateManyAndReturn({ where: { id, secretSealed: from }, data: next, select: endpointSelect });
  }

  /** Newest first; `before` is the last row of the previous page. */
  listMessages(tx: OrgTx, endpointId: string, filter: { status?: string; before?: { createdAt: Date; id: string }; take: number }) {
    const { before } = filter;
    return tx.webhookMessage.findMany({
      where: {
        endpointId,
        ...(filter.status ? { status: filter.status } : {}),
        ...(before ? { OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }] } : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: filter.take,
      select: messageSelect,
    });
  }

  findMessage(tx: OrgTx, endpointId: string, id: string) {
    return tx.webhookMessage.findFirst({
      where: { id, endpointId },
      select: { ...messageSelect, payload: true, attemptList: { orderBy: [{ attempt: 'asc' }, { attemptedAt: 'asc' }] } },
    });
  }

  /** Back to PENDING, due now; answers what each delivery job needs (its recorded attempts). */
  markPending(tx: OrgTx, where: { endpointId: string; id?: string; createdSince?: Date }, now: Date) {
    return tx.webhookMessage.updateManyAndReturn({
      where: { endpointId: where.endpointId, ...(where.id ? { id: where.id } : {}), ...(where.createdSince ? { createdAt: { gte: where.createdSince } } : {}) },
      data: { status: 'PENDING', nextAttemptAt: now },
      select: { id: true, organizationId: true, attempts: true },
    });
  }

  /** Every organisation's endpoints by id (a platform-admin transaction): for re-sealing under a new encryption key. */
  secretsPage(tx: OrgTx, afterId: string | null, take: number) {
    return tx.webhookEndpoint.findMany({
      where: afterId ? { id: { gt: afterId } } : {},
      orderBy: { id: 'asc' },
      take,
      select: { id: true, secretSealed: true, previousSecretSealed: true },
    });
  }

  /** Compare-and-set of both sealed secrets: false when either changed meanwhile (a rotation). */
  async replaceSecrets(
    tx: OrgTx,
    id: string,
    from: { secretSealed: string; previousSecretSealed: string | null },
    to: { secretSealed: string; previousSecretSealed: string | null },
  ): Promise<boolean> {
    const { count } = await tx.webhookEndpoint.updateMany({ where: { id, ...from }, data: to });
    return count === 1;
  }
}
