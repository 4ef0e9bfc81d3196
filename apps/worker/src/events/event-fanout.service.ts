import type { PortalEvent } from '@portal/contracts';
import { insertWebhookMessages, type OrgTx, type TenantDb } from '@portal/db';
import { endpointReceives, enqueueWebhookDeliveries, newWebhookMessageId, webhookBody } from '@portal/domain';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { eventFanoutRepository as repo } from './event-fanout.repository';
import type { MailDispatch } from './mail-dispatch';
import type { NotificationFanout } from './notification-fanout';

export type FanoutResult =
  | { status: 'published'; messagesCreated: number; deliveriesQueued: number; mails: number }
  /** A principal's `documents.updated` whose connection no longer covers it (revoked or narrowed since the change committed). */
  | { status: 'dropped'; reason: 'OUT_OF_SCOPE' };

/**
 * Fans one event out to its receiving organisation (docs/product/events.md):
 * in one transaction as that organisation, a webhook message for each of its
 * endpoints that receives the event, and the notifications and alert mails
 * it calls for; after commit, the first delivery attempts and the mails are
 * queued. Running it twice adds nothing (one message per endpoint and event,
 * one notification per event and person), and a run that died between commit
 * and queueing has its messages queued by the next run.
 */
export class EventFanoutService {
  constructor(
    private readonly db: TenantDb,
    private readonly webhooksQueue: Queue,
    private readonly notifications: NotificationFanout,
    private readonly mails: MailDispatch,
    private readonly logger: Logger,
  ) {}

  async publish(event: PortalEvent): Promise<FanoutResult> {
    const organizationId = event.organizationId;
    const written = await this.db.runAsOrg(organizationId, async (tx) => {
      if (!(await this.stillInScope(tx, event))) return null;
      const endpoints = (await repo.endpoints(tx, organizationId)).filter((e) => endpointReceives(e, event));
      const now = new Date();
      const payload = webhookBody(event);
      const created = await insertWebhookMessages(
        tx,
        endpoints.map((e) => ({
          id: newWebhookMessageId(),
          organizationId,
          endpointId: e.id,
          eventId: event.id,
          eventType: event.type,
          payload,
          nextAttemptAt: now,
        })),
      );
      const unsent = await repo.unsentMessages(tx, organizationId, event.id);
      const mails = await this.notifications.publish(tx, event);
      return { created: created.length, unsent, mails };
    });
    if (!written) {
      this.logger.info({ eventId: event.id, organizationId }, 'documents.updated dropped: the connection no longer covers it');
      return { status: 'dropped', reason: 'OUT_OF_SCOPE' };
    }
    // A failure here fails the job: its retry queues the same messages (still unsent), and the sweep would too.
    await enqueueWebhookDeliveries(
      this.webhooksQueue,
      written.unsent.map((m) => ({ organizationId, messageId: m.id, attempt: 1 })),
    );
    await this.mails.dispatch(written.mails);
    return { status: 'published', messagesCreated: written.created, deliveriesQueued: written.unsent.length, mails: written.mails.length };
  }

  /**
   * A principal learns of a distributor's documents only while its connection
   * still covers every type and the integration: a revoke or a narrowed
   * consent that committed after the change, before this fan-out, must not
   * leak (docs/product/events.md: never data outside the receiver's scope).
   */
  private async stillInScope(tx: OrgTx, event: PortalEvent): Promise<boolean> {
    if (event.type !== 'documents.updated') return true;
    const { data } = event;
    if (data.distributorId === event.organizationId) return true;
    const grants = await repo.grantsOf(tx, data.distributorId);
    const covers = (type: string) => grants.some((g) => g.type === type && (g.integration_id === null || g.integration_id === data.integrationId));
    return data.documentTypes.every(covers);
  }
}
