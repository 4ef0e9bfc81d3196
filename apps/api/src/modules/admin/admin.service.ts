import { Injectable } from '@nestjs/common';
import type { AdminIntegration } from '@portal/contracts';
import { TenantDb } from '@portal/db';
import type { Caller } from '../../common/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { IntegrationsService } from '../integrations/integrations.service';

/**
 * Platform-admin work. Every database access goes through
 * TenantDb.runAsPlatformAdmin, the one explicit, audited path across tenants.
 */
@Injectable()
export class AdminService {
  constructor(
    private readonly db: TenantDb,
    private readonly integrations: IntegrationsService,
    private readonly audit: AuditService,
  ) {}

  private actor(caller: Caller) {
    return { userId: caller.user.id, organizationId: caller.organization.id };
  }

  async listIntegrations(caller: Caller, filter: { kind?: 'DMS' | 'SAP' | 'EXTERNAL'; state?: 'AWAITING_ACCESS_KEY' | 'ACTIVE' | 'ERROR' | 'DISABLED' }) {
    const data = await this.db.runAsPlatformAdmin(this.actor(caller), 'list integrations', (tx) => this.integrations.adminList(tx, filter));
    return { data, nextCursor: null, total: data.length };
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
      const { integration, pending } = await this.integrations.activateDms(tx, row, {
        accessKey: accessKey.trim(),
        tenantId: verified.tenantId,
        catalogue: verified.catalogue,
        actorUserId: caller.user.id,
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
      const org = (await this.integrations.adminList(tx, {})).find((i) => i.id === row.id)?.organization;
      return { result: { ...integration, organization: org ?? { id: row.organizationId, name: '' } }, pending };
    });
    await this.integrations.dispatch(pending);
    return result;
  }
}
