import { Inject, Injectable } from '@nestjs/common';
import { type AdminIntegration, parseAccessKey } from '@portal/contracts';
import { ConnectorError, connectorFor, connectorSettings, type GeneratedTemplate } from '@portal/connectors';
import { SecretBox } from '@portal/crypto';
import { type OrgTx, type PlatformActor, TenantDb } from '@portal/db';
import { resealIntegrationSecret, sealIntegrationSecret } from '@portal/domain';
import { AppError } from '../../common/app-error';
import type { Caller } from '../../common/auth.decorators';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';
import { AuditService } from '../audit/audit.service';
import { EventOutbox } from '../events/event-outbox';
import { IntegrationsService } from '../integrations/integrations.service';
import { ModelTemplatesService } from '../model-templates/model-templates.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { SyncRunsService } from '../sync-runs/sync-runs.service';

/** Secrets re-encrypted per transaction: small enough to stay far from the transaction timeout. */
const ROTATION_BATCH = 200;
const VERIFY_TIMEOUT_MS = 10_000;

/**
 * Another module's sealed secrets (webhook signing secrets), re-sealed in the
 * same `pnpm secrets:rotate` run: one page by id after `afterId`, in a
 * platform-admin transaction; throws naming a secret it cannot open.
 */
export interface SealedSecretStore {
  resealPage(tx: OrgTx, afterId: string | null, take: number): Promise<{ scanned: number; resealed: number; lastId: string | null }>;
}

/**
 * A DMS integration's AccessKey, start to end: the format check, the live
 * verification against the DMS, sealing (packages/domain's integration-secret-seal:
 * the integration id is the associated data), activation, and rotation of
 * the encryption key every stored key is sealed under.
 */
@Injectable()
export class AccessKeysService {
  constructor(
    private readonly db: TenantDb,
    private readonly integrations: IntegrationsService,
    private readonly templates: ModelTemplatesService,
    private readonly syncRuns: SyncRunsService,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
    private readonly events: EventOutbox,
    private readonly secrets: SecretBox,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  /**
   * Format check, live verification against the DMS, then activation in one
   * transaction: the sealed key, ACTIVE, one generated template per document
   * type and the first full sync (as outbox rows). A refused key or an
   * unreachable DMS changes nothing.
   */
  async setAccessKey(caller: Caller, integrationId: string, accessKey: string): Promise<AdminIntegration> {
    const actor = actorOf(caller);
    await this.db.runAsPlatformAdmin(actor, 'check integration before setting AccessKey', (tx) => this.integrations.findDmsForKey(tx, integrationId));
    const verified = await this.verify(accessKey);
    const { result, planned, queued } = await this.db.runAsPlatformAdmin(actor, 'set DMS AccessKey', async (tx) => {
      const row = await this.integrations.findDmsForKey(tx, integrationId);
      const rotated = row.dmsTenantId !== null;
      await this.templates.storeGenerated(tx, row, verified.templates, caller.user.id);
      const { integration, queued } = await this.integrations.activateWithAccessKey(
        tx,
        row,
        {
          tenantId: verified.tenantId,
          // Bound to this integration: the ciphertext is useless on another row.
          sealed: sealIntegrationSecret(this.secrets, accessKey.trim(), row.id),
        },
        caller.user.id,
      );
      const planned = await this.syncRuns.plan(tx, {
        organizationId: row.organizationId,
        integrationId: row.id,
        trigger: 'INITIAL',
        types: verified.templates.map((t) => t.documentType),
        masterData: 'all',
      });
      // Recorded in the distributor's history, with the admin as actor; never the key itself.
      await this.audit.recordBy(tx, caller, {
        organizationId: row.organizationId,
        action: rotated ? 'integration.access_key_rotated' : 'integration.access_key_set',
        targetType: 'integration',
        targetId: row.id,
        metadata: { tenantId: verified.tenantId },
      });
      const names = await this.organizations.namesOf(tx, [row.organizationId]);
      return { result: { ...integration, organization: { id: row.organizationId, name: names.get(row.organizationId) ?? '' } }, planned, queued };
    });
    await this.syncRuns.dispatch(planned);
    await this.events.dispatch(result.organization.id, queued);
    return result;
  }

  /**
   * The key's format, then one live call to the DMS that proves it and reads
   * its field catalogue, answered as the templates generated from it. Runs
   * outside any transaction: a slow DMS must not hold a database connection.
   */
  private async verify(accessKey: string): Promise<{ tenantId: string; templates: GeneratedTemplate[] }> {
    const parsed = parseAccessKey(accessKey);
    if (!parsed)
      throw new AppError(400, 'ACCESS_KEY_FORMAT', 'AccessKey must have the format {TenantId}-{PRINCIPAL_ACCESS_KEY}, e.g. 446-bebaspakaivalueapapun');
    try {
      const templates = await connectorFor('DMS', accessKey, connectorSettings(this.env, VERIFY_TIMEOUT_MS)).describe();
      return { tenantId: parsed.tenantId, templates };
    } catch (err) {
      if (err instanceof ConnectorError && err.kind === 'credentials-rejected') {
        throw new AppError(
          422,
          'ACCESS_KEY_REJECTED',
          `The DMS rejected this AccessKey for tenant ${parsed.tenantId}; check the TenantId and PRINCIPAL_ACCESS_KEY in the DMS settings`,
        );
      }
      if (err instanceof ConnectorError && err.kind === 'malformed')
        throw new AppError(424, 'DMS_UNREACHABLE', `The DMS answered something unexpected: ${err.message}; nothing was changed`);
      throw new AppError(424, 'DMS_UNREACHABLE', `Could not reach the DMS to verify the key (${(err as Error).message}); nothing was changed`);
    }
  }

  /**
   * Encryption key rotation (`pnpm secrets:rotate`): re-seals every stored
   * integration secret under the first key of ENCRYPTION_KEYS, in batches,
   * as the named platform admin. Each re-encryption is an audit event in the
   * distributor's history and the run ends with a summary event. Idempotent:
   * secrets already under the current key are left alone, so an interrupted
   * run is simply started again. `others` are re-sealed after the
   * integrations, counted in the same summary.
   */
  async rotateSecrets(adminEmail: string, others: readonly SealedSecretStore[] = []): Promise<{ keyId: string; scanned: number; reencrypted: number }> {
    const actor = await this.platformAdmin(adminEmail);
    const keyId = this.secrets.currentKeyId;
    let scanned = 0;
    let reencrypted = 0;
    const stores: SealedSecretStore['resealPage'][] = [
      (tx, afterId) => this.resealPage(tx, actor, afterId),
      ...others.map((store) => store.resealPage.bind(store)),
    ];
    for (const resealPage of stores) {
      let afterId: string | null = null;
      for (;;) {
        const page = await this.db.runAsPlatformAdmin(actor, 'rotate stored secrets to the current encryption key', (tx) =>
          resealPage(tx, afterId, ROTATION_BATCH),
        );
        scanned += page.scanned;
        reencrypted += page.resealed;
        afterId = page.lastId;
        if (page.scanned < ROTATION_BATCH) break;
      }
    }
    await this.db.runAsPlatformAdmin(actor, 'record secret rotation', (tx) =>
      this.audit.record(tx, {
        organizationId: actor.organizationId,
        actorUserId: actor.userId,
        actorOrgId: actor.organizationId,
        action: 'secrets.rotated',
        targetType: 'encryption_key',
        targetId: keyId,
        metadata: { scanned, reencrypted },
      }),
    );
    return { keyId, scanned, reencrypted };
  }

  /**
   * One page of stored secrets: each one not under the current key is
   * re-sealed and audited. A secret under a key that is no longer configured
   * stops the rotation with its integration named, rather than being skipped.
   */
  private async resealPage(tx: OrgTx, actor: PlatformActor, afterId: string | null) {
    const rows = await this.integrations.sealedSecretsPage(tx, afterId, ROTATION_BATCH);
    let resealed = 0;
    for (const row of rows) {
      const sealed = row.secretCipher!;
      if (!this.secrets.needsRotation(sealed)) continue;
      let next: string;
      try {
        next = resealIntegrationSecret(this.secrets, sealed, row.id);
      } catch (err) {
        throw new Error(
          `cannot decrypt the stored secret of integration ${row.id}: ${(err as Error).message}; keep its key in ENCRYPTION_KEYS until rotation is done`,
        );
      }
      if (!(await this.integrations.replaceSealedSecret(tx, row.id, sealed, next))) continue;
      resealed += 1;
      await this.audit.record(tx, {
        organizationId: row.organizationId,
        actorUserId: actor.userId,
        actorOrgId: actor.organizationId,
        action: 'integration.secret_reencrypted',
        targetType: 'integration',
        targetId: row.id,
        metadata: { fromKeyId: SecretBox.keyIdOf(sealed), toKeyId: this.secrets.currentKeyId },
      });
    }
    return { scanned: rows.length, lastId: rows.at(-1)?.id ?? null, resealed };
  }

  /** The platform admin a command-line task acts as (and is audited as). */
  private async platformAdmin(email: string): Promise<PlatformActor> {
    const user = await this.organizations.findLoginCandidate(email.toLowerCase());
    const caller = user ? await this.organizations.findCaller(user.organizationId, user.id) : null;
    if (!caller || caller.organization.kind !== 'PLATFORM') throw new Error(`${email} is not a platform admin account`);
    return actorOf(caller);
  }
}

function actorOf(caller: Caller): PlatformActor {
  return { userId: caller.user.id, organizationId: caller.organization.id };
}
