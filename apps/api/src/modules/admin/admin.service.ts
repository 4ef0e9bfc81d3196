import { Injectable } from '@nestjs/common';
import type { AdminIntegration, AdminIntegrationsQuery } from '@portal/contracts';
import { TenantDb } from '@portal/db';
import type { Caller } from '../../common/auth.decorators';
import { decodeCursor, encodeCursor } from '../../common/keyset-cursor';
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

  async listIntegrations(caller: Caller, q: AdminIntegrationsQuery): Promise<{ data: AdminIntegration[]; nextCursor: string | null; total: number }> {
    const { limit, cursor, ...filter } = q;
    const decoded = cursor ? decodeCursor(cursor, 'instant') : undefined;
    const after = decoded ? { createdAt: decoded.value, id: decoded.id } : undefined;
    const page = await this.db.runAsPlatformAdmin(actorOf(caller), 'list integrations', (tx) =>
      this.integrations.adminList(tx, filter, { limit, ...(after ? { after } : {}) }),
    );
    return { data: page.data, total: page.total, nextCursor: page.next ? encodeCursor(page.next.createdAt.toISOString(), page.next.id) : null };
  }

  getIntegration(caller: Caller, id: string): Promise<AdminIntegration> {
    return this.db.runAsPlatformAdmin(actorOf(caller), 'read integration', (tx) => this.integrations.adminGet(tx, id));
  }
}

function actorOf(caller: Caller) {
  return { userId: caller.user.id, organizationId: caller.organization.id };
}
