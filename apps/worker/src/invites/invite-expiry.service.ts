import { INVITE_EXPIRY_SCHEDULER_ID, type InviteExpiryJobV1, JOBS } from '@portal/contracts';
import type { TenantDb } from '@portal/db';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { inviteExpiryRepository as repo } from './invite-expiry.repository';

// Invites expired per transaction; a sweep goes on until none is left.
const BATCH = 200;

type InviteKind = (typeof repo)['connection' | 'member'];

/**
 * Expires PENDING invites past `expiresAt` in every organisation: connection
 * invites, with the `connection.invite_expired` audit event the API writes
 * when it notices one itself, and member invites, with `member.invite_expired`
 * (the API only refuses and hides those, so without the sweep they would stay
 * PENDING forever). Each invite changes state with a conditional update, so
 * whoever gets there first (sweep, API, an accept or cancel) wins, once.
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

  /** Returns the ids of the invites (connection invites, then member invites) this sweep expired. */
  async sweep(now: Date): Promise<string[]> {
    const expired = [...(await this.sweepKind(repo.connection, now)), ...(await this.sweepKind(repo.member, now))];
    if (expired.length) this.logger.info({ expired: expired.length }, 'invites expired');
    return expired;
  }

  private async sweepKind(kind: InviteKind, now: Date): Promise<string[]> {
    const expired: string[] = [];
    for (;;) {
      const batch = await this.db.runAsInviteExpiry(async (tx) => {
        const due = await kind.expiredPending(tx, now, BATCH);
        const done: string[] = [];
        for (const invite of due) {
          if (!(await kind.expire(tx, invite.id))) continue;
          await kind.recordExpired(tx, invite);
          done.push(invite.id);
        }
        return { due: due.length, done };
      });
      expired.push(...batch.done);
      if (batch.due < BATCH) break;
    }
    return expired;
  }
}
