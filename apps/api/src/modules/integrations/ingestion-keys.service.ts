import { Injectable } from '@nestjs/common';
import type { AuditAction, IngestionKey, IngestionKeyState, RolledIngestionKey } from '@portal/contracts';
import { type OrgTx, TenantDb } from '@portal/db';
import { AppError } from '../../common/app-error';
import type { Caller } from '../../common/auth.decorators';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AuditService } from '../audit/audit.service';
import { IntegrationsRepository } from './integrations.repository';

/** The organisation and integration an ingestion API key speaks for. */
export interface IngestPrincipal {
  organizationId: string;
  integrationId: string;
  apiKeyId: string;
  /** The key's name, the actor the audit log shows. */
  apiKeyName: string;
}

/**
 * External integrations' ingestion keys: API keys (ApiKeysService, the home
 * of the format and of authenticating one) bound to the integration with the
 * `ingest:write` scope, issued when the integration is created or the key is
 * rolled (one key in use per integration), revoked on request; and what
 * ingesting with one needs beyond a working key: the scope, an External
 * integration, not DISABLED.
 */
@Injectable()
export class IngestionKeysService {
  constructor(
    private readonly db: TenantDb,
    private readonly apiKeys: ApiKeysService,
    private readonly integrations: IntegrationsRepository,
    private readonly auditLog: AuditService,
  ) {}

  /** The caller's External integration's key in use, without its secret. */
  current(caller: Caller, integrationId: string): Promise<IngestionKeyState> {
    return this.db.runAsOrg(caller.organization.id, async (tx) => {
      await this.mustFindExternal(tx, integrationId);
      const key = await this.apiKeys.findActiveForIntegration(tx, integrationId);
      return { current: key ? toIngestionKey(key) : null };
    });
  }

  /** Revokes the key in use (if any) and issues a new one: the answer is the only time the new key is seen. */
  roll(caller: Caller, integrationId: string): Promise<RolledIngestionKey> {
    return this.db.runAsOrg(caller.organization.id, async (tx) => {
      const row = await this.mustFindExternal(tx, integrationId);
      await this.apiKeys.revokeAllForIntegration(tx, integrationId);
      const apiKey = await this.issue(tx, row);
      const key = await this.apiKeys.findActiveForIntegration(tx, integrationId);
      await this.audit(tx, caller, 'integration.api_key_rolled', integrationId);
      return { apiKey, current: toIngestionKey(key!) };
    });
  }

  /** Revokes the key in use: ingestion with it answers 401 from now on. */
  async revoke(caller: Caller, integrationId: string): Promise<void> {
    await this.db.runAsOrg(caller.organization.id, async (tx) => {
      await this.mustFindExternal(tx, integrationId);
      const { count } = await this.apiKeys.revokeAllForIntegration(tx, integrationId);
      if (count > 0) await this.audit(tx, caller, 'integration.api_key_revoked', integrationId);
    });
  }

  /** A new key for the integration, inside its creating transaction; the answer is the only time the whole key is seen. */
  async issue(tx: OrgTx, integration: { id: string; organizationId: string; name: string }): Promise<string> {
    const { apiKey } = await this.apiKeys.issue(tx, {
      organizationId: integration.organizationId,
      integrationId: integration.id,
      name: `${integration.name} ingestion`,
      scopes: ['ingest:write'],
    });
    return apiKey;
  }

  /**
   * Who a key speaks for: null when it does not work (ApiKeysService: 401);
   * 403 when it lacks `ingest:write`, is not bound to an integration (an
   * organisation key imports files instead) or its integration is DISABLED.
   */
  async authenticate(token: string): Promise<IngestPrincipal | null> {
    const key = await this.apiKeys.authenticate(token);
    if (!key) return null;
    if (!key.scopes.includes('ingest:write')) throw new AppError(403, 'INSUFFICIENT_SCOPE', 'This API key lacks the ingest:write scope');
    const integrationId = key.integrationId;
    if (!integrationId) {
      throw AppError.forbidden("Push documents with the External integration's own key, or import a file into it (POST /api/integrations/:id/import)");
    }
    return this.db.runAsOrg(key.organizationId, async (tx) => {
      const row = await this.integrations.findById(tx, integrationId);
      if (!row || row.kind !== 'EXTERNAL') return null;
      if (row.state === 'DISABLED') throw AppError.forbidden('This integration is disabled; enable it to ingest documents');
      return { organizationId: key.organizationId, integrationId, apiKeyId: key.apiKeyId, apiKeyName: key.name };
    });
  }

  private async mustFindExternal(tx: OrgTx, id: string) {
    const row = await this.integrations.findById(tx, id);
    if (!row) throw AppError.notFound('Integration');
    if (row.kind !== 'EXTERNAL') throw new AppError(409, 'INVALID_STATE', 'Only External integrations have an ingestion API key');
    return row;
  }

  private audit(tx: OrgTx, caller: Caller, action: AuditAction, integrationId: string) {
    return this.auditLog.recordBy(tx, caller, { action, targetType: 'integration', targetId: integrationId });
  }
}

function toIngestionKey(key: { prefix: string; createdAt: Date; lastUsedAt: Date | null }): IngestionKey {
  return { prefix: key.prefix, createdAt: key.createdAt.toISOString(), lastUsedAt: key.lastUsedAt?.toISOString() ?? null };
}
