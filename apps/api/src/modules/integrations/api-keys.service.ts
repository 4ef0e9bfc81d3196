import { Injectable } from '@nestjs/common';
import type { AuditAction, IngestionKey, IngestionKeyState, RolledIngestionKey } from '@portal/contracts';
import { randomToken, safeEqual, sha256Hex } from '@portal/crypto';
import { type OrgTx, TenantDb } from '@portal/db';
import { AppError } from '../../common/app-error';
import type { Caller } from '../../common/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { ApiKeysRepository } from './api-keys.repository';
import { IntegrationsRepository } from './integrations.repository';

/** The organisation and integration an ingestion API key speaks for. */
export interface IngestPrincipal {
  organizationId: string;
  integrationId: string;
  apiKeyId: string;
}

const PREFIX = /^pk_[\w-]{1,40}$/;
const MAX_SECRET_LENGTH = 200;

/** `pk_<prefix>.<secret>` split into its parts; null when it does not have that shape. */
function parseApiKey(token: string): { prefix: string; secret: string } | null {
  const dot = token.indexOf('.');
  const prefix = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  if (dot <= 0 || !PREFIX.test(prefix) || secret.length === 0 || secret.length > MAX_SECRET_LENGTH) return null;
  return { prefix, secret };
}

/**
 * External integrations' ingestion API keys, `pk_<prefix>.<secret>`: issued
 * once when the integration is created or the key is rolled (only the
 * secret's SHA-256 is stored; one key in use per integration), revoked on
 * request, and every rule of authenticating one — the format, the lookup by
 * prefix, the hash comparison, revoked keys and disabled integrations.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: ApiKeysRepository,
    private readonly integrations: IntegrationsRepository,
    private readonly auditLog: AuditService,
  ) {}

  /** The caller's External integration's key in use, without its secret. */
  current(caller: Caller, integrationId: string): Promise<IngestionKeyState> {
    return this.db.runAsOrg(caller.organization.id, async (tx) => {
      await this.mustFindExternal(tx, integrationId);
      const key = await this.repo.findActive(tx, integrationId);
      return { current: key ? toIngestionKey(key) : null };
    });
  }

  /** Revokes the key in use (if any) and issues a new one: the answer is the only time the new key is seen. */
  roll(caller: Caller, integrationId: string): Promise<RolledIngestionKey> {
    return this.db.runAsOrg(caller.organization.id, async (tx) => {
      const row = await this.mustFindExternal(tx, integrationId);
      await this.repo.revokeAll(tx, integrationId, new Date());
      const apiKey = await this.issue(tx, row);
      const key = await this.repo.findActive(tx, integrationId);
      await this.audit(tx, caller, 'integration.api_key_rolled', integrationId);
      return { apiKey, current: toIngestionKey(key!) };
    });
  }

  /** Revokes the key in use: ingestion with it answers 401 from now on. */
  async revoke(caller: Caller, integrationId: string): Promise<void> {
    await this.db.runAsOrg(caller.organization.id, async (tx) => {
      await this.mustFindExternal(tx, integrationId);
      const { count } = await this.repo.revokeAll(tx, integrationId, new Date());
      if (count > 0) await this.audit(tx, caller, 'integration.api_key_revoked', integrationId);
    });
  }

  /** A new key for the integration, inside its creating transaction; the answer is the only time the whole key is seen. */
  async issue(tx: OrgTx, integration: { id: string; organizationId: string; name: string }): Promise<string> {
    // prefix.secret: the prefix finds the key, only the secret's hash is stored.
    const prefix = `pk_${randomToken(6)}`;
    const secret = randomToken(32);
    await this.repo.create(tx, {
      organizationId: integration.organizationId,
      integrationId: integration.id,
      name: `${integration.name} ingestion`,
      prefix,
      secretHash: sha256Hex(secret),
    });
    return `${prefix}.${secret}`;
  }

  /**
   * Who a key speaks for: null when it is malformed, unknown, revoked or its
   * secret is wrong (401); 403 when its integration is DISABLED. Only the key
   * with that prefix is readable here (runForApiKey); the integration is then
   * read as the key's organisation.
   */
  async authenticate(token: string): Promise<IngestPrincipal | null> {
    const parsed = parseApiKey(token);
    if (!parsed) return null;
    const { prefix, secret } = parsed;
    const key = await this.db.runForApiKey(prefix, (tx) => this.repo.findByPrefix(tx, prefix));
    if (!key || key.revokedAt || !key.integrationId || !safeEqual(sha256Hex(secret), key.secretHash)) return null;
    const integrationId = key.integrationId;
    return this.db.runAsOrg(key.organizationId, async (tx) => {
      const row = await this.integrations.findById(tx, integrationId);
      if (!row || row.kind !== 'EXTERNAL') return null;
      if (row.state === 'DISABLED') throw AppError.forbidden('This integration is disabled; enable it to ingest documents');
      await this.repo.touch(tx, key.id, new Date());
      return { organizationId: key.organizationId, integrationId, apiKeyId: key.id };
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
