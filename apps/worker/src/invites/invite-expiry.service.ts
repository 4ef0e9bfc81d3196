import { INVITE_EXPIRY_SCHEDULER_ID, type InviteExpiryJobV1, JOBS } from '@portal/contracts';
import type { TenantDb } from '@portal/db';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { inviteExpiryRepository as repo } from './invite-expiry.repository';

// Invites expired per transaction; a sweep goes on until none is left.
const BATCH = 200;

/**
 * Expires PENDING invites past `expiresAt` in every organisation, with the
 * `connection.invite_expired` audit event the API writes when it notices one
 * itself. Each invite changes state with a conditional update, so whichever
 * of the sweep or the API gets there first records the event, once.
 */
export class InviteExpiryService {
  constructor(
    private readonly db: TenantDb,
    private readonly queue: Queue,
    private readonly logger: Logger,
    private readonly opts: { everyMs: number },
  ) {}

  /** One job scheduler, upserted at boot: every worker asks for the same one. */
  async schedule(): Promise<void> {
    const data: InviteExpiryJobV1 = { v: 1 };
    await this.queue.upsertJobScheduler(
      INVITE_EXPIRY_SCHEDULER_ID,
      { every: this.opts.everyMs },
      { name: JOBS.inviteExpiry.name, data, opts: { removeOnComplete: { count: 100 }, removeOnFail: { age: 7 * 24 * 3600 } } },
    );
  }

  /** Returns the ids of the invites this sweep expired. */
  async sweep(now: Date): Promise<string[]> {
    const expired: string[] = [];
    for (;;) {
      const batch = await this.db.runAsInviteExpiry(async (tx) => {
        const due = await repo.expiredPending(tx, now, BATCH);
        const done: string[] = [];
        for (const invite of due) {
          if (!(await repo.expire(tx, invite.id))) continue;
          await repo.recordExpired(tx, invite);
          done.push(invite.id);
        }
        return { due: due.length, done };
      });
      expired.push(...batch.done);
      if (batch.due < BATCH) break;
    }
    if (expired.length) this.logger.info({ expired: expired.length }, 'invites expired');
    return expired;
  }
}
