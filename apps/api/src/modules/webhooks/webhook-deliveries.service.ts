import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  eventId as eventIdSchema,
  eventType,
  type WebhookMessage,
  type WebhookMessageDetail,
  webhookMessageId,
  type WebhookMessagesQuery,
  webhookMessageStatus,
} from '@portal/contracts';
import { insertWebhookMessages, type OrgTx, TenantDb } from '@portal/db';
import { buildEvent, enqueueWebhookDeliveries, newWebhookMessageId, type WebhookDelivery, webhookBody } from '@portal/domain';
import type { Queue } from 'bullmq';
import { AppError } from '../../common/app-error';
import type { Actor, Tenant } from '../../common/auth.decorators';
import { Clock } from '../../common/clock';
import { decodeCursor, encodeCursor } from '../../common/keyset-cursor';
import { AuditService } from '../audit/audit.service';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { type MessageRow, WebhooksRepository } from './webhooks.repository';

export const WEBHOOKS_QUEUE = Symbol('WEBHOOKS_QUEUE');

/** Delivery jobs added per call to Redis: a replay of a long outage stays a few round trips. */
const ENQUEUE_BATCH = 500;

/**
 * An endpoint's deliveries as its organisation sees and steers them: the
 * history (messages newest first, each with its attempts and the exact body
 * sent), a test event, retrying one message and replaying every message
 * since a time. Messages go back to PENDING in the transaction; their
 * delivery jobs are added after commit, and when Redis fails then the
 * worker's sweep picks up every PENDING message that is due.
 */
@Injectable()
export class WebhookDeliveriesService {
  private readonly logger = new Logger(WebhookDeliveriesService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly repo: WebhooksRepository,
    private readonly endpoints: WebhookEndpointsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(WEBHOOKS_QUEUE) private readonly queue: Queue,
  ) {}

  /** A `webhook_endpoint.test` event to this endpoint only, whatever it subscribes to. */
  async test(tenant: Tenant, endpointId: string): Promise<{ messageId: string }> {
    const organizationId = tenant.organization.id;
    const now = this.clock.now();
    const messageId = newWebhookMessageId();
    await this.db.runAsOrg(organizationId, async (tx) => {
      await this.endpoints.mustFind(tx, endpointId);
      const event = buildEvent('webhook_endpoint.test', organizationId, { ping: true, endpointId }, now);
      await insertWebhookMessages(tx, [
        { id: messageId, organizationId, endpointId, eventId: event.id, eventType: event.type, payload: webhookBody(event), nextAttemptAt: now },
      ]);
    });
    await this.enqueue([{ organizationId, messageId, attempt: 1 }]);
    return { messageId };
  }

  async list(tenant: Tenant, endpointId: string, q: WebhookMessagesQuery): Promise<{ data: WebhookMessage[]; nextCursor: string | null }> {
    const before = q.cursor ? messageCursor(q.cursor) : undefined;
    const rows = await this.db.runAsOrg(tenant.organization.id, async (tx) => {
      await this.endpoints.mustFind(tx, endpointId);
      return this.repo.listMessages(tx, endpointId, { status: q.status, before, take: q.limit + 1 });
    });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return { data: page.map(toMessage), nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt.toISOString(), last.id) : null };
  }

  async get(tenant: Tenant, endpointId: string, messageId: string): Promise<WebhookMessageDetail> {
    const row = await this.db.runAsOrg(tenant.organization.id, (tx) => this.repo.findMessage(tx, endpointId, messageId));
    if (!row) throw AppError.notFound('Webhook message');
    return {
      ...toMessage(row),
      payload: row.payload,
      attemptList: row.attemptList.map((a) => ({
        id: a.id,
        attempt: a.attempt,
        attemptedAt: a.attemptedAt.toISOString(),
        statusCode: a.statusCode,
        durationMs: a.durationMs,
        responseBody: a.responseBody,
        error: a.error,
        succeeded: a.succeeded,
      })),
    };
  }

  /** One message again now, with the same `webhook-id`, whatever its status; refused while the endpoint is disabled. */
  async retry(actor: Actor, endpointId: string, messageId: string): Promise<void> {
    const deliveries = await this.db.runAsOrg(actor.organization.id, async (tx) => {
      await this.mustBeEnabled(tx, endpointId);
      const rows = await this.repo.markPending(tx, { endpointId, id: messageId }, this.clock.now());
      if (rows.length === 0) throw AppError.notFound('Webhook message');
      await this.audit.recordByActor(tx, actor, {
        action: 'webhook_message.retried',
        targetType: 'webhook_message',
        targetId: messageId,
        metadata: { endpointId, attempt: rows[0]!.attempts + 1 },
      });
      return rows.map(deliveryOf);
    });
    await this.enqueue(deliveries);
  }

  /** Every message of the endpoint created at or after `since`, again (e.g. after the receiver was down). */
  async replay(actor: Actor, endpointId: string, since: string): Promise<{ queued: number }> {
    const deliveries = await this.db.runAsOrg(actor.organization.id, async (tx) => {
      await this.mustBeEnabled(tx, endpointId);
      const rows = await this.repo.markPending(tx, { endpointId, createdSince: new Date(since) }, this.clock.now());
      await this.audit.recordByActor(tx, actor, {
        action: 'webhook_endpoint.replayed',
        targetType: 'webhook_endpoint',
        targetId: endpointId,
        metadata: { since, queued: rows.length },
      });
      return rows.map(deliveryOf);
    });
    await this.enqueue(deliveries);
    return { queued: deliveries.length };
  }

  private async mustBeEnabled(tx: OrgTx, endpointId: string): Promise<void> {
    const endpoint = await this.endpoints.mustFind(tx, endpointId);
    if (!endpoint.enabled) throw AppError.conflict('INVALID_STATE', 'This endpoint is disabled; enable it before sending messages again');
  }

  /** After commit; a Redis failure is logged, not answered: the messages are PENDING and due, so the worker's sweep queues them. */
  private async enqueue(deliveries: readonly WebhookDelivery[]): Promise<void> {
    try {
      for (let i = 0; i < deliveries.length; i += ENQUEUE_BATCH) await enqueueWebhookDeliveries(this.queue, deliveries.slice(i, i + ENQUEUE_BATCH));
    } catch (err) {
      this.logger.warn({ err, messages: deliveries.length }, 'webhook deliveries not queued; the worker sweep sends the pending messages');
    }
  }
}

function deliveryOf(row: { id: string; organizationId: string; attempts: number }): WebhookDelivery {
  return { organizationId: row.organizationId, messageId: row.id, attempt: row.attempts + 1 };
}

/** A message list cursor: the last row's creation time and its `msg_` id (checked like every other cursor: 400 INVALID_CURSOR). */
function messageCursor(cursor: string): { createdAt: Date; id: string } {
  const { value, id } = decodeCursor(cursor, 'instant', (v) => webhookMessageId.safeParse(v).success);
  return { createdAt: value, id };
}

function toMessage(row: MessageRow): WebhookMessage {
  return {
    id: webhookMessageId.parse(row.id),
    endpointId: row.endpointId,
    eventId: eventIdSchema.parse(row.eventId),
    eventType: eventType.parse(row.eventType),
    status: webhookMessageStatus.parse(row.status),
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    lastStatusCode: row.lastStatusCode,
    createdAt: row.createdAt.toISOString(),
  };
}
