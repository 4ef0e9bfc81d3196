import type { PortalEvent, WebhookDisabledReason } from '@portal/contracts';
import type { OrgTx } from '@portal/db';
import type { MailEvent } from '@portal/domain';

/**
 * The notification centre's part of an event's fan-out (issue 12): inside the
 * fan-out's transaction (as the receiving organisation) it records the
 * notifications the event calls for and queues their alert mails in the
 * outbox; the caller hands the returned mails to the mail queue after commit.
 */
export class NotificationFanout {
  // Placeholder while issue 12's branches are built.
  publish(_tx: OrgTx, _event: PortalEvent): Promise<MailEvent[]> {
    return Promise.resolve([]);
  }

  /** The delivery side disabled an endpoint (410, failing for 5 days, the receiver asked): its owners and admins are told. */
  endpointDisabled(_tx: OrgTx, _endpoint: { organizationId: string; endpointId: string; url: string; reason: WebhookDisabledReason }): Promise<MailEvent[]> {
    return Promise.resolve([]);
  }
}
