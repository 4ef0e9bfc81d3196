import type { MailJobV1 } from '@portal/contracts';
import nodemailer, { type Transporter } from 'nodemailer';
import { renderMail } from './templates/render-mail';

/**
 * Sends rendered mails through SMTP_URL. Short timeouts: a server that is
 * down fails the attempt quickly and BullMQ retries it later (the job's
 * backoff), rather than holding the mail queue's one slot.
 */
export class Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  /** `messageId` is stable per job, so a mail re-sent after a lost answer is recognisably the same message. */
  async send(mail: MailJobV1, messageId: string): Promise<{ messageId: string }> {
    const rendered = renderMail(mail.template, mail.locale, mail.data);
    const info = await this.transport.sendMail({ from: this.from, to: mail.to, messageId, ...rendered });
    return { messageId: info.messageId };
  }

  close(): void {
    this.transport.close();
  }
}
