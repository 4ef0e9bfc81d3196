import { JOBS, mailJobOptions, type MailJobV1 } from '@portal/contracts';
import { markOutboxDispatched, type TenantDb } from '@portal/db';
import type { Queue } from 'bullmq';

/** A `mail.send` outbox event: its id becomes the job's id. */
export interface MailEvent {
  outboxId: string;
  mail: MailJobV1;
}

/**
 * The one way any process adds mail jobs (the API after commit, the worker's
 * outbox relay): job id from the outbox event's id, so both adding the same
 * event keep one job, and the configured backoff (MAIL_BACKOFF_MS).
 */
export async function enqueueMailJobs(queue: Pick<Queue, 'addBulk'>, events: readonly MailEvent[], backoffMs: number): Promise<void> {
  if (events.length === 0) return;
  await queue.addBulk(events.map((e) => ({ name: JOBS.mail.name, data: e.mail, opts: mailJobOptions(e.outboxId, backoffMs) })));
}

/**
 * After commit (API and worker alike): the mail jobs, then their outbox rows
 * marked dispatched, each as its organisation. Throws when Redis or the
 * database fails; the caller logs it and the outbox relay sends them.
 */
export async function handOnMails(db: TenantDb, queue: Pick<Queue, 'addBulk'>, mails: readonly MailEvent[], backoffMs: number): Promise<void> {
  if (mails.length === 0) return;
  await enqueueMailJobs(queue, mails, backoffMs);
  for (const organizationId of new Set(mails.map((m) => m.mail.organizationId))) {
    const ids = mails.filter((m) => m.mail.organizationId === organizationId).map((m) => m.outboxId);
    await db.runAsOrg(organizationId, (tx) => markOutboxDispatched(tx, ids));
  }
}
