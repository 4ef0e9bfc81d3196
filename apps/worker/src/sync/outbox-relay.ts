import { eventPublishJobV1, JOBS, mailJobV1, masterDataJobV1, type PortalEvent, syncJobV1 } from '@portal/contracts';
import { markOutboxDispatched, type TenantDb } from '@portal/db';
import { type AnySyncJob, enqueueEventJobs, enqueueMailJobs, enqueueSyncJobs, type MailEvent } from '@portal/domain';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { PeriodicPass } from '../infra/periodic-pass';
import type { SyncSchedules } from './sync-schedules';

/**
 * Hands outbox events that the API committed but could not enqueue (Redis
 * down, API crashed right after commit) to BullMQ: `sync.pull` events to the
 * sync queue, `mail.send` events to the mail queue, `events.publish` events to
 * the events queue. Job ids are the sync run ids, the mail events' own ids and
 * the portal events' ids, so an event relayed twice still makes one job.
 *
 * It also watches the sync events dispatched lately, whoever dispatched them,
 * and gives their integrations a schedule if they have none yet: an admin
 * setting a working AccessKey writes the first full sync's events, so the
 * integration's schedule comes back within a relay interval instead of at
 * the next periodic reconcile.
 */
export class OutboxRelay {
  private readonly periodic: PeriodicPass<number>;

  constructor(
    private readonly db: TenantDb,
    private readonly queue: Queue,
    private readonly mailQueue: Queue,
    private readonly eventsQueue: Queue,
    private readonly logger: Logger,
    private readonly schedules: SyncSchedules,
    private readonly opts: { intervalMs: number; graceMs: number; backoffMs: number; mailBackoffMs: number },
  ) {
    this.periodic = new PeriodicPass(
      async () => {
        const relayed = await this.relay();
        await this.scheduleRecentlyQueued();
        return relayed;
      },
      0,
      logger,
      { everyMs: opts.intervalMs, failure: 'outbox relay pass failed; will retry' },
    );
  }

  start() {
    this.periodic.start();
  }

  stop() {
    this.periodic.stop();
  }

  /** One pass; returns how many events were relayed. */
  tick(): Promise<number> {
    return this.periodic.run();
  }

  private relay(): Promise<number> {
    return this.db.runAsOutboxRelay(async (tx) => {
      const pending = await tx.outboxEvent.findMany({
        // Leave the API a moment to dispatch its own events first.
        where: { dispatchedAt: null, createdAt: { lt: new Date(Date.now() - this.opts.graceMs) } },
        orderBy: { createdAt: 'asc' },
        take: 500,
      });
      if (!pending.length) return 0;
      const jobs: AnySyncJob[] = [];
      const mails: MailEvent[] = [];
      const events: PortalEvent[] = [];
      for (const e of pending) {
        if (e.kind === JOBS.sync.name) {
          const payload = syncJobV1.safeParse(e.payload);
          if (payload.success) {
            jobs.push(payload.data);
            continue;
          }
        } else if (e.kind === JOBS.masterData.name) {
          const payload = masterDataJobV1.safeParse(e.payload);
          if (payload.success) {
            jobs.push(payload.data);
            continue;
          }
        } else if (e.kind === JOBS.mail.name) {
          const payload = mailJobV1.safeParse(e.payload);
          if (payload.success) {
            mails.push({ outboxId: e.id, mail: payload.data });
            continue;
          }
        } else if (e.kind === JOBS.eventPublish.name) {
          const payload = eventPublishJobV1.safeParse(e.payload);
          if (payload.success) {
            events.push(payload.data.event);
            continue;
          }
        }
        this.logger.error({ outboxId: e.id, kind: e.kind }, 'outbox event with an unknown kind or payload; marking it dispatched to stop retrying');
      }
      await enqueueSyncJobs(this.queue, jobs, this.opts.backoffMs);
      await enqueueMailJobs(this.mailQueue, mails, this.opts.mailBackoffMs);
      await enqueueEventJobs(this.eventsQueue, events);
      await markOutboxDispatched(
        tx,
        pending.map((e) => e.id),
      );
      const relayed = jobs.length + mails.length + events.length;
      this.logger.info({ relayed, mails: mails.length, events: events.length }, 'outbox events relayed');
      return relayed;
    });
  }

  /**
   * Integrations with sync events dispatched in the last few passes (the
   * window covers transactions that commit out of order and a pass that
   * failed); `ensure` is a Redis read for those that already have a schedule.
   */
  private async scheduleRecentlyQueued(): Promise<void> {
    const since = new Date(Date.now() - Math.max(3 * this.opts.intervalMs, 10_000));
    const recent = await this.db.runAsOutboxRelay((tx) =>
      tx.outboxEvent.findMany({ where: { kind: JOBS.sync.name, dispatchedAt: { gt: since } }, select: { payload: true }, take: 1000 }),
    );
    const integrationIds = recent.flatMap((e) => {
      const parsed = syncJobV1.safeParse(e.payload);
      return parsed.success ? [parsed.data.integrationId] : [];
    });
    if (integrationIds.length) await this.schedules.ensure(integrationIds);
  }
}
