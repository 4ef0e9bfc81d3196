import type { PortalEvent } from '@portal/contracts';
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
}
