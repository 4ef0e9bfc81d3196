import { Injectable } from '@nestjs/common';
import type { IntegrationKind, IntegrationState } from '@portal/contracts';
import { TenantDb } from '@portal/db';
import type { Caller } from '../../common/auth.decorators';
import { IntegrationsService } from '../integrations/integrations.service';

/**
 * Platform-admin views across tenants. Every database access goes through
 * TenantDb.runAsPlatformAdmin, the one explicit, audited path across tenants.
 */
@Injectable()
export class AdminService {
  constructor(
    private readonly db: TenantDb,
    private readonly integrations: IntegrationsService,
  ) {}

  async listIntegrations(caller: Caller, filter: { kind?: IntegrationKind; state?: IntegrationState }) {
    const actor = { userId: caller.user.id, organizationId: caller.organization.id };
    const data = await this.db.runAsPlatformAdmin(actor, 'list integrations', (tx) => this.integrations.adminList(tx, filter));
    return { data, nextCursor: null, total: data.length };
  }
}
