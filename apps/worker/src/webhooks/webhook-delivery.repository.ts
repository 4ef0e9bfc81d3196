import type { AuditAction, WebhookDisabledReason } from '@portal/contracts';
import type { OrgTx } from '@portal/db';

export interface DeliveryTarget {
  id: string;
  organizationId: string;
  status: string;
  attempts: number;
  payload: string;
  endpoint: {
    id: string;
    url: string;
    enabled: boolean;
    failingSince: Date | null;
    secretSealed: string;
    previousSecretSealed: string | null;
    previousSecretExpiresAt: Date | null;
  };
}

export interface RecordedAttempt {
  attempt: number;
  attemptedAt: Date;
  statusCode: number | null;
  durationMs: number;
  responseBody: string;
  error: string | null;
  succeeded: boolean;
}

/** Prisma access of webhook delivery, as the message's organisation (the sweep's read: every organisation's PENDING messages). No rules here. */
export const webhookDeliveryRepository = {
  /** PENDING messages whose next attempt was due before `dueBefore`, oldest first. */
  overdue: (tx: OrgTx, dueBefore: Date, take: number) =>
    tx.webhookMessage.findMany({
      where: { status: 'PENDING', nextAttemptAt: { lt: dueBefore } },
      orderBy: { nextAttemptAt: 'asc' },
      take,
      select: { id: true, organizationId: true, attempts: true },
    }),

  target: (tx: OrgTx, messageId: string): Promise<DeliveryTarget | null> =>
    tx.webhookMessage.findUnique({
      where: { id: messageId },
      select: {
        id: true,
        organizationId: true,
        status: true,
        attempts: true,
        payload: true,
        endpoint: {
          select: {
            id: true,
            url: true,
            enabled: true,
            failingSince: true,
            secretSealed: true,
            previousSecretSealed: true,
            previousSecretExpiresAt: true,
          },
        },
      },
    }),

  /**
   * Records the attempt's effect on the message, conditionally on the message
   * still being PENDING at the attempts this job saw: of two workers that
   * raced on one attempt only one records it. False when another got there.
   */
  async advanceMessage(
    tx: OrgTx,
    messageId: string,
    seenAttempts: number,
    data: { attempts: number; lastAttemptAt: Date; lastStatusCode: number | null; status: string; nextAttemptAt: Date | null },
  ): Promise<boolean> {
    const { count } = await tx.webhookMessage.updateMany({ where: { id: messageId, status: 'PENDING', attempts: seenAttempts }, data });
    return count === 1;
  },

  insertAttempt: (tx: OrgTx, organizationId: string, messageId: string, a: RecordedAttempt) =>
    tx.webhookAttempt.create({ data: { organizationId, messageId, ...a }, select: { id: true } }),

  /** A message that will not be attempted (its endpoint is disabled): FAILED, unless it already ended. */
  async failMessage(tx: OrgTx, messageId: string): Promise<boolean> {
    const { count } = await tx.webhookMessage.updateMany({ where: { id: messageId, status: 'PENDING' }, data: { status: 'FAILED', nextAttemptAt: null } });
    return count === 1;
  },

  endpointSucceeded: (tx: OrgTx, endpointId: string) =>
    tx.webhookEndpoint.updateMany({ where: { id: endpointId, failingSince: { not: null } }, data: { failingSince: null } }),

  /** The first failure after a success starts the clock; later failures keep it. */
  endpointFailed: (tx: OrgTx, endpointId: string, at: Date) =>
    tx.webhookEndpoint.updateMany({ where: { id: endpointId, failingSince: null }, data: { failingSince: at } }),

  /** True for the one caller that turned it off (of several attempts disabling it at once). */
  async disableEndpoint(tx: OrgTx, endpointId: string, reason: WebhookDisabledReason, at: Date): Promise<boolean> {
    const { count } = await tx.webhookEndpoint.updateMany({
      where: { id: endpointId, enabled: true },
      data: { enabled: false, disabledReason: reason, disabledAt: at },
    });
    return count === 1;
  },

  /** The platform itself acted (actor SYSTEM), in the endpoint's organisation's log. */
  recordDisabled: (tx: OrgTx, e: { organizationId: string; endpointId: string; url: string; reason: WebhookDisabledReason; failingSince: Date | null }) =>
    tx.auditEvent.create({
      data: {
        organizationId: e.organizationId,
        actorType: 'SYSTEM',
        action: 'webhook_endpoint.disabled' satisfies AuditAction,
        targetType: 'webhook_endpoint',
        targetId: e.endpointId,
        metadata: { url: e.url, reason: e.reason, ...(e.failingSince ? { failingSince: e.failingSince.toISOString() } : {}) },
        before: { enabled: true },
        after: { enabled: false, disabledReason: e.reason },
      },
      select: { id: true },
    }),
};
