import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MailJobV1 } from '@portal/contracts';
import { insertMailEvent, type OrgTx, TenantDb } from '@portal/db';
import { handOnMails, type MailEvent } from '@portal/domain';
import type { Queue } from 'bullmq';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';

export const MAIL_QUEUE = Symbol('MAIL_QUEUE');

/**
 * How a module sends an email (issue 11): `queue` inside the transaction of
 * the change the mail tells about (a rolled-back change sends nothing), then
 * optionally `dispatch` after commit so it leaves at once. Without dispatch,
 * or when Redis fails there, the worker's outbox relay sends it within
 * seconds; a mail server that is down only delays it (the worker retries).
 * Nothing here can fail the request once its transaction committed.
 */
@Injectable()
export class MailOutbox {
  private readonly logger = new Logger(MailOutbox.name);

  constructor(
    private readonly db: TenantDb,
    @Inject(MAIL_QUEUE) private readonly mailQueue: Queue,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  async queue(tx: OrgTx, mail: Omit<MailJobV1, 'v'>): Promise<MailEvent> {
    const payload: MailJobV1 = { v: 1, ...mail };
    const { id } = await insertMailEvent(tx, payload);
    return { outboxId: id, mail: payload };
  }

  /** After commit: hands the mails to the queue and marks their events dispatched; on failure the relay does it. */
  async dispatch(events: readonly MailEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      await handOnMails(this.db, this.mailQueue, events, this.env.MAIL_BACKOFF_MS);
    } catch (err) {
      this.logger.warn({ err }, 'mail not handed to the queue; the outbox relay will send it');
    }
  }
}
