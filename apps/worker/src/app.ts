import { connectorSettings } from '@portal/connectors';
import { QUEUES } from '@portal/contracts';
import { SecretBox } from '@portal/crypto';
import { appDatabaseUrl, assertSafeDatabaseRole, createPrismaClient, TenantDb } from '@portal/db';
import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { WorkerEnv } from './env';
import { WorkerEventOutbox } from './events/event-outbox';
import { WorkerMetrics } from './infra/metrics';
import { createWorkerRedis, warnUnlessNoEviction } from './infra/redis';
import { Mailer } from './mail/mailer';
import { InviteExpiryService } from './invites/invite-expiry.service';
import { InviteExpiryHandler } from './jobs/invite-expiry.handler';
import { EventFanoutService } from './events/event-fanout.service';
import { MailDispatch } from './events/mail-dispatch';
import { NotificationFanout } from './events/notification-fanout';
import { Slots } from './infra/slots';
import { EventPublishHandler } from './jobs/event-publish.handler';
import { MailHandler } from './jobs/mail.handler';
import { WebhookDeliverHandler } from './jobs/webhook-deliver.handler';
import { MasterDataHandler } from './jobs/master-data.handler';
import { SyncHandler } from './jobs/sync.handler';
import { SyncTickHandler } from './jobs/sync-tick.handler';
import { ConsolidationService } from './sync/consolidation.service';
import { LostRunsService } from './sync/lost-runs.service';
import { MasterDataService } from './sync/master-data.service';
import { OutboxRelay } from './sync/outbox-relay';
import { ScheduledRunsService } from './sync/scheduled-runs.service';
import { SyncSchedules } from './sync/sync-schedules';
import { WebhookDeliveryService } from './webhooks/webhook-delivery.service';
import { InsightFold } from './insight/insight-fold';
import { WebhookSweep } from './webhooks/webhook-sweep';
import { startWorker } from './worker';

export interface WorkerApp {
  schedules: SyncSchedules;
  /** Base URL of the health server (/health, /metrics); its port may be OS-assigned. */
  healthUrl: string;
  invites: InviteExpiryService;
  webhookSweep: WebhookSweep;
  insightFold: InsightFold;
  /** The notifications and alert mails an event calls for (the events fan-out's part). */
  notifications: NotificationFanout;
  /** Graceful: running jobs finish (or go back to the queue after the grace period). */
  close(): Promise<void>;
}

/** Wires the worker: consumers, schedules, outbox relay. Used by main.ts and the integration tests. */
export async function bootWorker(env: WorkerEnv, logger: Logger): Promise<WorkerApp> {
  const prisma = createPrismaClient(env.APP_DATABASE_URL ?? appDatabaseUrl(env.DATABASE_URL), { poolMax: env.DATABASE_POOL_MAX });
  await assertSafeDatabaseRole(prisma);
  const db = new TenantDb(prisma);

  const redis = createWorkerRedis(env.REDIS_URL);
  await redis.ping();
  await warnUnlessNoEviction(redis, logger);

  const syncQueue = new Queue(QUEUES.sync, { connection: redis, prefix: env.QUEUE_PREFIX });
  const housekeepingQueue = new Queue(QUEUES.housekeeping, { connection: redis, prefix: env.QUEUE_PREFIX });
  const mailQueue = new Queue(QUEUES.mail, { connection: redis, prefix: env.QUEUE_PREFIX });
  const eventsQueue = new Queue(QUEUES.events, { connection: redis, prefix: env.QUEUE_PREFIX });
  const webhooksQueue = new Queue(QUEUES.webhooks, { connection: redis, prefix: env.QUEUE_PREFIX });
  const mailer = new Mailer(env.SMTP_URL, env.MAIL_FROM);
  const events = new WorkerEventOutbox(db, eventsQueue, logger);
  const lostRuns = new LostRunsService(db, syncQueue, events, logger, { backoffMs: env.SYNC_BACKOFF_MS });
  const schedules = new SyncSchedules(db, syncQueue, logger, lostRuns, {
    intervalMs: Math.round(env.SYNC_INTERVAL_MINUTES * 60_000),
    reconcileEveryMs: env.SCHEDULE_RECONCILE_INTERVAL_MS,
  });
  const slots = new Slots(redis, 'portal:sync-slots', env.SYNC_ORG_CONCURRENCY);
  const metrics = new WorkerMetrics(() => slots.inUse());
  const box = SecretBox.fromConfig(env.ENCRYPTION_KEYS);
  const consolidation = new ConsolidationService(
    db,
    box,
    events,
    { connectors: connectorSettings(env), pageSize: env.SYNC_PAGE_SIZE, pipeline: true },
    logger,
    metrics,
  );
  const masterData = new MasterDataService(db, box, consolidation, { connectors: connectorSettings(env), pageSize: env.SYNC_PAGE_SIZE }, logger, metrics);
  const syncAttempt = { consolidation, slots, schedules, logger, metrics };
  const scheduled = new ScheduledRunsService(db, syncQueue, logger, { backoffMs: env.SYNC_BACKOFF_MS });
  const invites = new InviteExpiryService(db, housekeepingQueue, logger, { everyMs: env.INVITE_EXPIRY_SWEEP_MS });
  const notifications = new NotificationFanout(env.PUBLIC_BASE_URL);
  const mails = new MailDispatch(db, mailQueue, logger, { backoffMs: env.MAIL_BACKOFF_MS });
  const fanout = new EventFanoutService(db, webhooksQueue, notifications, mails, logger);
  const delivery = new WebhookDeliveryService(db, box, webhooksQueue, notifications, mails, logger, {
    timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    retryDelaysMs: env.WEBHOOK_RETRY_DELAYS_MS,
    disableAfterMs: env.WEBHOOK_DISABLE_AFTER_MS,
    allowPrivate: env.OUTBOUND_ALLOW_PRIVATE,
  });
  // A slot outlives any delivery (timeout plus recording), so only a dead worker's slot is ever reclaimed.
  const endpointSlots = new Slots(redis, 'portal:webhook-slots', env.WEBHOOK_ENDPOINT_CONCURRENCY, env.WEBHOOK_TIMEOUT_MS + 60_000);
  const webhookSweep = new WebhookSweep(db, webhooksQueue, logger, { everyMs: env.WEBHOOK_SWEEP_MS });
  const insightFold = new InsightFold(db, logger, { everyMs: env.INSIGHT_FOLD_MS });
  const running = await startWorker({
    env,
    logger,
    redis,
    metrics,
    handlers: [
      new SyncHandler(syncAttempt),
      new MasterDataHandler(masterData, syncAttempt),
      new SyncTickHandler(scheduled, schedules),
      new InviteExpiryHandler(invites),
      new MailHandler(mailer, mailDomain(env.MAIL_FROM)),
      new EventPublishHandler(fanout),
      new WebhookDeliverHandler(delivery, endpointSlots),
    ],
  });
  const relay = new OutboxRelay(db, syncQueue, mailQueue, eventsQueue, logger, schedules, {
    intervalMs: env.OUTBOX_RELAY_INTERVAL_MS,
    graceMs: 3_000,
    backoffMs: env.SYNC_BACKOFF_MS,
    mailBackoffMs: env.MAIL_BACKOFF_MS,
  });
  relay.start();
  webhookSweep.start();
  insightFold.start();
  // Self-healing: the schedules follow the integrations' states from the database.
  await schedules.reconcile();
  schedules.start();
  await invites.schedule();

  const address = running.health.address();
  return {
    schedules,
    healthUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : env.WORKER_HEALTH_PORT}`,
    invites,
    webhookSweep,
    insightFold,
    notifications,
    close: async () => {
      schedules.stop();
      relay.stop();
      webhookSweep.stop();
      insightFold.stop();
      await running.close();
      await syncQueue.close();
      await housekeepingQueue.close();
      await mailQueue.close();
      await eventsQueue.close();
      await webhooksQueue.close();
      mailer.close();
      redis.disconnect();
      await prisma.$disconnect();
    },
  };
}

/** The domain of MAIL_FROM's address, for the Message-IDs the portal's mails carry. */
function mailDomain(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'portal.localhost';
}
