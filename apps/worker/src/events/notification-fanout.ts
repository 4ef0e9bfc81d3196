import { EMAIL_ON_BY_DEFAULT, hasPermission, mailLocale, NOTIFICATION_PERMISSION, type PortalEvent, type WebhookDisabledReason } from '@portal/contracts';
import { insertMailEvent, type OrgTx } from '@portal/db';
import type { MailEvent } from '@portal/domain';
import { endpointDisabledNotification, type NotificationDraft, notificationOf } from './notification-of-event';
import { notificationsRepository as repo } from './notifications.repository';

/**
 * The notification centre's part of an event's fan-out (issue 12): inside the
 * fan-out's transaction (as the receiving organisation) it records the
 * notifications the event calls for and queues their alert mails in the
 * outbox; the caller hands the returned mails to the mail queue after commit.
 * Idempotent: a notification is unique per (event, user), and only the rows a
 * run adds get a mail, so fanning out the same event again adds nothing.
 */
export class NotificationFanout {
  /** `publicBaseUrl`: the portal's address (PUBLIC_BASE_URL), which mails link to. */
  constructor(private readonly publicBaseUrl: string) {}

  publish(tx: OrgTx, event: PortalEvent): Promise<MailEvent[]> {
    const draft = notificationOf(event);
    return draft ? this.notify(tx, event.organizationId, event.id, draft) : Promise.resolve([]);
  }

  /**
   * The delivery side disabled an endpoint (410, failing for 5 days, the receiver asked): its owners and admins are told.
   * One notification per disabling: keyed by the endpoint and when it was disabled (`disabledAt`, else the row's own).
   */
  async endpointDisabled(
    tx: OrgTx,
    endpoint: { organizationId: string; endpointId: string; url: string; reason: WebhookDisabledReason; disabledAt?: Date },
  ): Promise<MailEvent[]> {
    const disabledAt = endpoint.disabledAt ?? (await repo.endpointDisabledAt(tx, endpoint.endpointId));
    // Enabled again meanwhile (or gone): nothing left to tell.
    if (!disabledAt) return [];
    const key = `webhook-disabled:${endpoint.endpointId}:${disabledAt.getTime()}`;
    return this.notify(tx, endpoint.organizationId, key, endpointDisabledNotification(endpoint));
  }

  private async notify(tx: OrgTx, organizationId: string, eventId: string, draft: NotificationDraft): Promise<MailEvent[]> {
    const permission = NOTIFICATION_PERMISSION[draft.kind];
    const recipients = (await repo.members(tx, organizationId)).filter((m) => hasPermission(m.role, permission)).map((m) => m.user);
    if (recipients.length === 0) return [];
    const added = await repo.insert(
      tx,
      recipients.map((u) => ({ organizationId, userId: u.id, kind: draft.kind, eventId, params: draft.params, link: draft.link })),
    );
    if (added.length === 0) return [];
    const choices = new Map(
      (
        await repo.emailChoices(
          tx,
          organizationId,
          added.map((n) => n.userId),
          draft.kind,
        )
      ).map((c) => [c.userId, c.email]),
    );
    const byId = new Map(recipients.map((u) => [u.id, u]));
    const link = new URL(draft.link, this.publicBaseUrl).toString();
    const mails: MailEvent[] = [];
    for (const { userId } of added) {
      if (!(choices.get(userId) ?? EMAIL_ON_BY_DEFAULT[draft.kind])) continue;
      const user = byId.get(userId)!;
      const mail = {
        v: 1 as const,
        organizationId,
        to: user.email,
        locale: mailLocale.catch('id').parse(user.locale),
        template: 'alert' as const,
        data: { ...draft.params, kind: draft.kind, link, name: user.name },
      };
      const { id } = await insertMailEvent(tx, mail);
      mails.push({ outboxId: id, mail });
    }
    return mails;
  }
}
