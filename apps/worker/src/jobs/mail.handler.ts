import { JOBS, type MailJobV1 } from '@portal/contracts';
import { type Job, UnrecoverableError } from 'bullmq';
import type { Mailer } from '../mail/mailer';
import { MailDataError } from '../mail/templates/mail-template';
import type { JobHandler, JobOutcome } from './job-handler';

/**
 * Sends one `mail.send` job. An SMTP failure throws, so BullMQ retries it
 * with the job's backoff (a mail server that is down delays mail, it never
 * loses it); data the template cannot use fails at once.
 */
export class MailHandler implements JobHandler<typeof JOBS.mail.payload> {
  readonly job = JOBS.mail;

  constructor(
    private readonly mailer: Mailer,
    private readonly messageDomain: string,
  ) {}

  async handle(mail: MailJobV1, job: Job): Promise<JobOutcome> {
    try {
      await this.mailer.send(mail, `<${job.id}@${this.messageDomain}>`);
    } catch (err) {
      if (err instanceof MailDataError) throw new UnrecoverableError(err.message);
      throw err;
    }
    // The recipient is not logged or returned: the job's outcome stays in Redis.
    return { status: 'succeeded', detail: { template: mail.template, locale: mail.locale } };
  }
}
