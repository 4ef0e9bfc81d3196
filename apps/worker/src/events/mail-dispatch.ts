import type { TenantDb } from '@portal/db';
import { handOnMails, type MailEvent } from '@portal/domain';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';

/**
 * After commit, hands the alert mails a fan-out or a delivery queued in the
 * outbox to the mail queue and marks their outbox rows dispatched, as
 * `MailOutbox.dispatch` does in the API. When Redis fails here the outbox
 * relay sends them (same job ids), so this never fails its caller.
 */
export class MailDispatch {
  constructor(
    private readonly db: TenantDb,
    private readonly mailQueue: Queue,
    private readonly logger: Logger,
    private readonly opts: { backoffMs: number },
  ) {}

  async dispatch(mails: readonly MailEvent[]): Promise<void> {
    if (mails.length === 0) return;
    try {
      await handOnMails(this.db, this.mailQueue, mails, this.opts.backoffMs);
    } catch (err) {
      this.logger.warn({ err }, 'alert mails not handed to the queue; the outbox relay will send them');
    }
  }
}
