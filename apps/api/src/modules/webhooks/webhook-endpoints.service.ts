import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type CreateWebhookEndpointBody,
  eventType,
  type UpdateWebhookEndpointBody,
  type WebhookEndpoint,
  webhookDisabledReason,
  type WebhookEndpointWithSecret,
} from '@portal/contracts';
import { SecretBox } from '@portal/crypto';
import { type OrgTx, type Prisma, TenantDb } from '@portal/db';
import { newWebhookSecret, resealWebhookSecret, sealWebhookSecret, WEBHOOK_PREVIOUS_SECRET_MS, webhookUrlRefusal } from '@portal/domain';
import { AppError } from '../../common/app-error';
import type { Actor, Tenant } from '../../common/auth.decorators';
import { Clock } from '../../common/clock';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';
import type { SealedSecretStore } from '../access-keys/access-keys.service';
import { AuditService } from '../audit/audit.service';
import { type EndpointRow, WebhooksRepository } from './webhooks.repository';

/**
 * Webhook endpoints (docs/product/events.md): registering one (its URL
 * judged by the shared webhook URL rule, a `whsec_` secret sealed with the
 * endpoint id as associated data and shown once), changing, enabling and
 * disabling, deleting, and rotating its secret (the old one keeps signing
 * for WEBHOOK_PREVIOUS_SECRET_MS). Also re-seals every endpoint's secrets for
 * `pnpm secrets:rotate`.
 */
@Injectable()
export class WebhookEndpointsService implements SealedSecretStore {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: WebhooksRepository,
    private readonly audit: AuditService,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  async list(tenant: Tenant) {
    const rows = await this.db.runAsOrg(tenant.organization.id, (tx) => this.repo.listEndpoints(tx));
    return { data: rows.map(toEndpoint), nextCursor: null };
  }

  get(tenant: Tenant, id: string): Promise<WebhookEndpoint> {
    return this.db.runAsOrg(tenant.organization.id, async (tx) => toEndpoint(await this.mustFind(tx, id)));
  }

  create(actor: Actor, body: CreateWebhookEndpointBody): Promise<WebhookEndpointWithSecret> {
    this.assertUrl(body.url);
    const organizationId = actor.organization.id;
    const id = randomUUID();
    const secret = newWebhookSecret();
    const now = this.clock.now();
    return this.db.runAsOrg(organizationId, async (tx) => {
      const row = await this.repo.createEndpoint(tx, {
        id,
        organizationId,
        url: body.url,
        description: body.description,
        eventTypes: body.eventTypes,
        enabled: body.enabled,
        disabledReason: body.enabled ? null : 'MANUAL',
        disabledAt: body.enabled ? null : now,
        secretSealed: sealWebhookSecret(this.secrets, secret, id),
        createdById: 'credential' in actor ? null : actor.user.id,
      });
      await this.audit.recordByActor(tx, actor, { action: 'webhook_endpoint.created', targetType: 'webhook_endpoint', targetId: id, metadata: editable(row) });
      return { ...toEndpoint(row), secret };
    });
  }

  /** Enabling clears why it was disabled and its failure streak; disabling by hand records MANUAL unless it was already off for another reason. */
  update(actor: Actor, id: string, body: UpdateWebhookEndpointBody): Promise<WebhookEndpoint> {
    if (body.url !== undefined) this.assertUrl(body.url);
    return this.db.runAsOrg(actor.organization.id, async (tx) => {
      const before = await this.mustFind(tx, id);
      const data: Prisma.WebhookEndpointUpdateInput = {
        ...(body.url !== undefined ? { url: body.url } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.eventTypes !== undefined ? { eventTypes: body.eventTypes } : {}),
      };
      if (body.enabled === true) Object.assign(data, { enabled: true, disabledReason: null, disabledAt: null, failingSince: null });
      if (body.enabled === false && before.enabled) Object.assign(data, { enabled: false, disabledReason: 'MANUAL', disabledAt: this.clock.now() });
      const after = await this.repo.updateEndpoint(tx, id, data);
      await this.audit.recordByActor(tx, actor, {
        action: 'webhook_endpoint.updated',
        targetType: 'webhook_endpoint',
        targetId: id,
        before: editable(before),
        after: editable(after),
      });
      return toEndpoint(after);
    });
  }

  /** Its messages and attempts go with it (cascade); nothing more is delivered to it. */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.runAsOrg(actor.organization.id, async (tx) => {
      const row = await this.mustFind(tx, id);
      await this.repo.deleteEndpoint(tx, id);
      await this.audit.recordByActor(tx, actor, { action: 'webhook_endpoint.deleted', targetType: 'webhook_endpoint', targetId: id, metadata: editable(row) });
    });
  }

  /** A new secret, shown this once; the current one becomes the previous, signing beside it until it expires. */
  rotateSecret(actor: Actor, id: string): Promise<WebhookEndpointWithSecret> {
    return this.db.runAsOrg(actor.organization.id, async (tx) => {
      const current = await this.repo.findEndpointSecret(tx, id);
      if (!current) throw AppError.notFound('Webhook endpoint');
      const secret = newWebhookSecret();
      const previousSecretExpiresAt = new Date(this.clock.now().getTime() + WEBHOOK_PREVIOUS_SECRET_MS);
      const [row] = await this.repo.rotateSecret(tx, id, current.secretSealed, {
        secretSealed: sealWebhookSecret(this.secrets, secret, id),
        previousSecretSealed: current.secretSealed,
        previousSecretExpiresAt,
      });
      if (!row) throw AppError.conflict('INVALID_STATE', 'The secret was rotated meanwhile; try again');
      await this.audit.recordByActor(tx, actor, {
        action: 'webhook_endpoint.secret_rotated',
        targetType: 'webhook_endpoint',
        targetId: id,
        metadata: { previousSecretExpiresAt: previousSecretExpiresAt.toISOString() },
      });
      return { ...toEndpoint(row), secret };
    });
  }

  /** For `pnpm secrets:rotate` (a platform-admin transaction): each endpoint whose current or previous secret is under an older key. */
  async resealPage(tx: OrgTx, afterId: string | null, take: number) {
    const rows = await this.repo.secretsPage(tx, afterId, take);
    let resealed = 0;
    for (const row of rows) {
      const sealed = [row.secretSealed, row.previousSecretSealed].filter((s): s is string => s !== null);
      if (!sealed.some((s) => this.secrets.needsRotation(s))) continue;
      let next: { secretSealed: string; previousSecretSealed: string | null };
      try {
        next = {
          secretSealed: resealWebhookSecret(this.secrets, row.secretSealed, row.id),
          previousSecretSealed: row.previousSecretSealed === null ? null : resealWebhookSecret(this.secrets, row.previousSecretSealed, row.id),
        };
      } catch (err) {
        throw new Error(
          `cannot decrypt the signing secret of webhook endpoint ${row.id}: ${(err as Error).message}; keep its key in ENCRYPTION_KEYS until rotation is done`,
        );
      }
      if (await this.repo.replaceSecrets(tx, row.id, { secretSealed: row.secretSealed, previousSecretSealed: row.previousSecretSealed }, next)) resealed += 1;
    }
    return { scanned: rows.length, resealed, lastId: rows.at(-1)?.id ?? null };
  }

  /** The endpoint of the caller's organisation (RLS hides any other: 404). */
  async mustFind(tx: OrgTx, id: string): Promise<EndpointRow> {
    const row = await this.repo.findEndpoint(tx, id);
    if (!row) throw AppError.notFound('Webhook endpoint');
    return row;
  }

  private assertUrl(url: string): void {
    const refusal = webhookUrlRefusal(new URL(url), { allowPrivate: this.env.OUTBOUND_ALLOW_PRIVATE });
    if (refusal === 'WEBHOOK_URL_INSECURE') throw new AppError(400, refusal, 'A webhook URL must use https');
    if (refusal) throw new AppError(400, refusal, `${new URL(url).hostname} is a private, loopback or link-local address the server does not send to`);
  }
}

/** What a person edits, for the audit log (never the secret). */
function editable(row: EndpointRow) {
  return { url: row.url, description: row.description, eventTypes: row.eventTypes, enabled: row.enabled, disabledReason: row.disabledReason };
}

export function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes.map((t) => eventType.parse(t)),
    enabled: row.enabled,
    disabledReason: row.disabledReason === null ? null : webhookDisabledReason.parse(row.disabledReason),
    disabledAt: row.disabledAt?.toISOString() ?? null,
    failingSince: row.failingSince?.toISOString() ?? null,
    previousSecretExpiresAt: row.previousSecretExpiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
