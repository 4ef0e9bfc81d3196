import { Injectable } from '@nestjs/common';
import type { AdminIntegration } from '@portal/contracts';
import { generateTemplates } from '@portal/consolidation';
import { TenantDb } from '@portal/db';
import type { Caller } from '../../common/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { IntegrationsService } from '../integrations/integrations.service';
import { ModelTemplatesService } from '../model-templates/model-templates.service';
import { OrganizationsService } from '../organizations/organizations.service';

/** Secrets re-encrypted per transaction: small enough to stay far from the transaction timeout. */
const ROTATION_BATCH = 200;

/**
 * Platform-admin work. Every database access goes through
 * TenantDb.runAsPlatformAdmin, the one explicit, audited path across tenants.
 */
@Injectable()
export class AdminService {
  constructor(
    private readonly db: TenantDb,
    private readonly integrations: IntegrationsService,
    private readonly templates: ModelTemplatesService,
    private readonly audit: AuditService,
    private readonly organizations: OrganizationsService,
  ) {}

  private actor(caller: Caller) {
    return { userId: caller.user.id, organizationId: caller.organization.id };
  }

  async listIntegrations(caller: Caller, filter: { kind?: 'DMS' | 'SAP' | 'EXTERNAL'; state?: 'AWAITING_ACCESS_KEY' | 'ACTIVE' | 'ERROR' | 'DISABLED' }) {
    const data = await this.db.runAsPlatformAdmin(this.actor(caller), 'list integrations', (tx) => this.integrations.adminList(tx, filter));
    return { data, nextCursor: null, total: data.length };
  }

  listSyncRuns(caller: Caller, integrationId: string, q: { limit: number; cursor?: string | undefined }) {
    return this.db.runAsPlatformAdmin(this.actor(caller), 'list sync runs', (tx) => this.integrations.syncRunsPage(tx, integrationId, q));
  }

  /** Retries a FAILED run of any distributor; recorded in that distributor's history with the admin as actor. */
  async retrySyncRun(caller: Caller, integrationId: string, runId: string) {
    const pending = await this.db.runAsPlatformAdmin(this.actor(caller), 'retry failed sync run', async (tx) => {
      const queued = await this.integrations.queueRetry(tx, integrationId, runId);
      await this.audit.record(tx, {
        organizationId: queued.organizationId,
        actorUserId: caller.user.id,
        actorOrgId: caller.organization.id,
        action: 'sync_run.retried',
        targetType: 'integration',
        targetId: integrationId,
        metadata: { syncRunId: runId },
      });
      return queued;
    });
    await this.integrations.dispatch(pending);
    return this.integrations.syncAnswer(pending);
  }

  /**
   * Format check, live verification against the DMS, then activation in one
   * transaction. A refused key or an unreachable DMS changes nothing.
   */
  async setAccessKey(caller: Caller, integrationId: string, accessKey: string): Promise<AdminIntegration> {
    const actor = this.actor(caller);
    await this.db.runAsPlatformAdmin(actor, 'check integration before setting AccessKey', (tx) => this.integrations.findDmsForKey(tx, integrationId));
    const verified = await this.integrations.verifyAccessKey(accessKey);
    const { result, pending } = await this.db.runAsPlatformAdmin(actor, 'set DMS AccessKey', async (tx) => {
      const row = await this.integrations.findDmsForKey(tx, integrationId);
      const rotated = row.dmsTenantId !== null;
      // One template per document type, generated from the DMS's own catalogue.
      const generated = generateTemplates(verified.catalogue);
      await this.templates.storeGenerated(tx, row, generated, caller.user.id);
      const { integration, pending } = await this.integrations.activateDms(tx, row, {
        accessKey: accessKey.trim(),
        tenantId: verified.tenantId,
        types: generated.map((g) => g.documentType),
      });
      // Recorded in the distributor's history, with the admin as actor; never the key itself.
      await this.audit.record(tx, {
        organizationId: row.organizationId,
        actorUserId: caller.user.id,
        actorOrgId: caller.organization.id,
        action: rotated ? 'integration.access_key_rotated' : 'integration.access_key_set',
        targetType: 'integration',
        targetId: row.id,
        metadata: { tenantId: verified.tenantId },
      });
      const names = await this.organizations.namesOf(tx, [row.organizationId]);
      return { result: { ...integration, organization: { id: row.organizationId, name: names.get(row.organizationId) ?? '' } }, pending };
    });
    await this.integrations.dispatch(pending);
    return result;
  }

  /**
   * Encryption key rotation (`pnpm secrets:rotate`): re-encrypts every stored
   * integration secret under the first key of ENCRYPTION_KEYS, in batches,
   * as the named platform admin. Each re-encryption is an audit event in the
   * distributor's history and the run ends with a summary event. Idempotent:
   * secrets already under the current key are left alone, so an interrupted
   * run is simply started again.
   */
  async rotateSecrets(adminEmail: string): Promise<{ keyId: string; scanned: number; reencrypted: number }> {
    const actor = await this.platformAdmin(adminEmail);
    let afterId: string | null = null;
    let scanned = 0;
    let reencrypted = 0;
    let keyId = '';
    for (;;) {
      const page = await this.db.runAsPlatformAdmin(actor, 'rotate stored secrets to the current encryption key', async (tx) => {
        const result = await this.integrations.reencryptSecretsPage(tx, afterId, ROTATION_BATCH);
        for (const r of result.reencrypted) {
          await this.audit.record(tx, {
            organizationId: r.organizationId,
            actorUserId: actor.userId,
            actorOrgId: actor.organizationId,
            action: 'integration.secret_reencrypted',
            targetType: 'integration',
            targetId: r.id,
            metadata: { fromKeyId: r.fromKeyId, toKeyId: result.keyId },
          });
        }
        return result;
      });
      scanned += page.scanned;
      reencrypted += page.reencrypted.length;
      keyId = page.keyId;
      afterId = page.lastId;
      if (page.scanned < ROTATION_BATCH) break;
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

  /** The platform admin a command-line task acts as (and is audited as). */
  private async platformAdmin(email: string) {
    const user = await this.organizations.findLoginCandidate(email.toLowerCase());
    const caller = user ? await this.organizations.findCaller(user.organizationId, user.id) : null;
    if (!caller || caller.organization.kind !== 'PLATFORM') throw new Error(`${email} is not a platform admin account`);
    return this.actor(caller);
  }
}
