import { outboundRequest } from '@portal/connectors';
import type { WebhookDeliverJobV1, WebhookDisabledReason } from '@portal/contracts';
import type { TenantDb } from '@portal/db';
import { enqueueWebhookDeliveries, type MailEvent, openWebhookSecret, type SealingBox } from '@portal/domain';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { MailDispatch } from '../events/mail-dispatch';
import type { NotificationFanout } from '../events/notification-fanout';
import { type JudgedAttempt, judgeAnswer, judgeFailure, RESPONSE_BODY_CHARS } from './delivery-verdict';
import { nextAttemptDelay } from './retry-delay';
import { type DeliveryTarget, webhookDeliveryRepository as repo } from './webhook-delivery.repository';
import { deliveryHeaders } from './webhook-signature';

export interface DeliveryOptions {
  timeoutMs: number;
  /** Waits before attempts 2, 3, …; the last attempt is `retryDelaysMs.length + 1`. */
  retryDelaysMs: readonly number[];
  /** A failed attempt this long after the endpoint's first failure since a success disables it. */
  disableAfterMs: number;
  allowPrivate: boolean;
}

export type Prepared = { kind: 'skip'; reason: 'MESSAGE_GONE' | 'STALE' | 'ENDPOINT_DISABLED' } | { kind: 'deliver'; target: DeliveryTarget };

export interface AttemptOutcome {
  attempt: number;
  statusCode: number | null;
  error: string | null;
  status: 'SUCCEEDED' | 'PENDING' | 'FAILED';
  nextAttemptAt: string | null;
  disabled: WebhookDisabledReason | null;
  /** False when another worker recorded this attempt first (nothing recorded here). */
  recorded: boolean;
}

/** What an attempt does to the message and the endpoint, decided before anything is written. */
interface Plan {
  status: AttemptOutcome['status'];
  nextDelayMs: number | null;
  disable: WebhookDisabledReason | null;
}

/**
 * Delivers one attempt of one webhook message (docs/product/events.md,
 * Standard Webhooks): signed with the endpoint's secret (and the previous one
 * during a rotation's 24 h), sent through the outbound guard, recorded with
 * its effect on the message and the endpoint in one transaction; the next
 * attempt is queued after commit (the sweep queues it if this process dies
 * in between).
 */
export class WebhookDeliveryService {
  constructor(
    private readonly db: TenantDb,
    private readonly box: SealingBox,
    private readonly webhooksQueue: Queue,
    private readonly notifications: NotificationFanout,
    private readonly mails: MailDispatch,
    private readonly logger: Logger,
    private readonly opts: DeliveryOptions,
  ) {}

  /** Whether this job still has an attempt to make: a stale or duplicate job, or one for a disabled endpoint, does nothing. */
  async prepare(job: WebhookDeliverJobV1): Promise<Prepared> {
    return this.db.runAsOrg(job.organizationId, async (tx) => {
      const target = await repo.target(tx, job.messageId);
      if (!target) return { kind: 'skip', reason: 'MESSAGE_GONE' };
      if (target.status !== 'PENDING' || target.attempts >= job.attempt) return { kind: 'skip', reason: 'STALE' };
      if (!target.endpoint.enabled) {
        await repo.failMessage(tx, target.id);
        return { kind: 'skip', reason: 'ENDPOINT_DISABLED' };
      }
      return { kind: 'deliver', target };
    });
  }

  async attempt(target: DeliveryTarget, attempt: number): Promise<AttemptOutcome> {
    const { endpoint } = target;
    const at = new Date();
    const body = target.payload;
    // A secret that no longer opens (its key retired) is ours to fix, not the receiver's failure: the job fails loudly instead.
    const headers = deliveryHeaders({ secrets: this.secretsOf(endpoint, at), messageId: target.id, at, body, attempt });
    const started = performance.now();
    let judged: JudgedAttempt;
    try {
      const answer = await outboundRequest(new URL(endpoint.url), {
        method: 'POST',
        headers,
        body,
        timeoutMs: this.opts.timeoutMs,
        policy: { allowPrivate: this.opts.allowPrivate },
        keepBytes: RESPONSE_BODY_CHARS,
      });
      judged = judgeAnswer(answer);
    } catch (err) {
      judged = judgeFailure(err);
      this.logger.info({ messageId: target.id, attempt, err: err instanceof Error ? err.message : String(err) }, 'webhook attempt got no answer');
    }
    const durationMs = Math.round(performance.now() - started);
    const finishedAt = new Date();
    const plan = this.plan(judged, endpoint.failingSince, attempt, finishedAt);
    const nextAttemptAt = plan.nextDelayMs === null ? null : new Date(finishedAt.getTime() + plan.nextDelayMs);
    const succeeded = judged.verdict.kind === 'delivered';

    const committed = await this.db.runAsOrg(target.organizationId, async (tx) => {
      const advanced = await repo.advanceMessage(tx, target.id, target.attempts, {
        attempts: attempt,
        lastAttemptAt: at,
        lastStatusCode: judged.statusCode,
        status: plan.status,
        nextAttemptAt,
      });
      if (!advanced) return null;
      await repo.insertAttempt(tx, target.organizationId, target.id, {
        attempt,
        attemptedAt: at,
        statusCode: judged.statusCode,
        durationMs,
        responseBody: judged.responseBody,
        error: judged.error,
        succeeded,
      });
      if (succeeded) {
        await repo.endpointSucceeded(tx, endpoint.id);
        return { mails: [] as MailEvent[] };
      }
      await repo.endpointFailed(tx, endpoint.id, at);
      if (!plan.disable || !(await repo.disableEndpoint(tx, endpoint.id, plan.disable, finishedAt))) return { mails: [] as MailEvent[] };
      const disabled = { organizationId: target.organizationId, endpointId: endpoint.id, url: endpoint.url, reason: plan.disable };
      await repo.recordDisabled(tx, { ...disabled, failingSince: plan.disable === 'FAILING' ? endpoint.failingSince : null });
      return { mails: await this.notifications.endpointDisabled(tx, { ...disabled, disabledAt: finishedAt }) };
    });

    if (committed && plan.disable) this.logger.warn({ endpointId: endpoint.id, reason: plan.disable }, 'webhook endpoint disabled');
    if (committed && nextAttemptAt) {
      await enqueueWebhookDeliveries(this.webhooksQueue, [
        { organizationId: target.organizationId, messageId: target.id, attempt: attempt + 1, delayMs: plan.nextDelayMs ?? 0 },
      ]);
    }
    if (committed) await this.mails.dispatch(committed.mails);
    return {
      attempt,
      statusCode: judged.statusCode,
      error: judged.error,
      status: plan.status,
      nextAttemptAt: nextAttemptAt?.toISOString() ?? null,
      disabled: plan.disable,
      recorded: committed !== null,
    };
  }

  /** The current secret, and the previous one while a rotation's overlap lasts: receivers holding either verify. */
  private secretsOf(endpoint: DeliveryTarget['endpoint'], at: Date): string[] {
    const secrets = [openWebhookSecret(this.box, endpoint.secretSealed, endpoint.id)];
    if (endpoint.previousSecretSealed && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > at) {
      secrets.push(openWebhookSecret(this.box, endpoint.previousSecretSealed, endpoint.id));
    }
    return secrets;
  }

  private plan(judged: JudgedAttempt, failingSince: Date | null, attempt: number, now: Date): Plan {
    const { verdict } = judged;
    if (verdict.kind === 'delivered') return { status: 'SUCCEEDED', nextDelayMs: null, disable: null };
    if (verdict.kind === 'disable') return { status: 'FAILED', nextDelayMs: null, disable: verdict.reason };
    // Every attempt has failed since `failingSince`: past the limit the endpoint stops receiving (Svix: 5 days).
    if (failingSince && now.getTime() - failingSince.getTime() >= this.opts.disableAfterMs) return { status: 'FAILED', nextDelayMs: null, disable: 'FAILING' };
    if (verdict.kind === 'abort') return { status: 'FAILED', nextDelayMs: null, disable: null };
    const delay = nextAttemptDelay(attempt, this.opts.retryDelaysMs, { retryAfter: verdict.retryAfter, now });
    return delay === null ? { status: 'FAILED', nextDelayMs: null, disable: null } : { status: 'PENDING', nextDelayMs: delay, disable: null };
  }
}
