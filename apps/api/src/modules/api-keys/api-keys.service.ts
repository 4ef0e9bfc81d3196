import { Injectable } from '@nestjs/common';
import { type ApiKeyItem, type ApiKeyList, type ApiScope, apiScope, type CreateApiKeyBody, type CreatedApiKey } from '@portal/contracts';
import { randomToken, safeEqual, sha256Hex } from '@portal/crypto';
import { type OrgTx, TenantDb } from '@portal/db';
import { AppError } from '../../common/app-error';
import type { Caller } from '../../common/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { ApiKeysRepository } from './api-keys.repository';
import { Clock } from '../../common/clock';

/** Who a working key speaks for. */
export interface KeyPrincipal {
  apiKeyId: string;
  name: string;
  organizationId: string;
  /** Set for an External integration's ingestion key: the integration it ingests into. */
  integrationId: string | null;
  scopes: ApiScope[];
}

const PREFIX = /^pk_[\w-]{1,40}$/;
const MAX_SECRET_LENGTH = 200;
// Last use is a hint for people reviewing keys: a minute's precision spares a write per request.
const LAST_USE_PRECISION_MS = 60_000;

/** `pk_<prefix>.<secret>` split into its parts; null when it does not have that shape. */
export function parseApiKey(token: string): { prefix: string; secret: string } | null {
  const dot = token.indexOf('.');
  const prefix = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  if (dot <= 0 || !PREFIX.test(prefix) || secret.length === 0 || secret.length > MAX_SECRET_LENGTH) return null;
  return { prefix, secret };
}

/**
 * API keys, `pk_<prefix>.<secret>` (docs/product/api-keys-and-audit.md): the
 * one home of their format, issuing (only the secret's SHA-256 is stored, the
 * whole key is seen once), revoking, and authenticating one — the lookup by
 * prefix, the constant-time hash comparison, revoked and expired keys.
 * Organisation keys are managed here; External integrations' ingestion keys
 * are the same rows bound to an integration (integrations' IngestionKeysService).
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly repo: ApiKeysRepository,
    private readonly auditLog: AuditService,
  ) {}

  async list(caller: Caller): Promise<ApiKeyList> {
    const rows = await this.db.runAsOrg(caller.organization.id, (tx) => this.repo.listActive(tx));
    return { data: rows.map(toItem), nextCursor: null };
  }

  create(caller: Caller, body: CreateApiKeyBody): Promise<CreatedApiKey> {
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : undefined;
    if (expiresAt && expiresAt <= this.clock.now()) throw new AppError(400, 'EXPIRY_IN_PAST', 'The expiry must be in the future');
    return this.db.runAsOrg(caller.organization.id, async (tx) => {
      const { apiKey, row } = await this.issue(tx, { organizationId: caller.organization.id, name: body.name, scopes: body.scopes, expiresAt });
      await this.auditLog.recordBy(tx, caller, {
        action: 'api_key.created',
        targetType: 'api_key',
        targetId: row.id,
        metadata: { name: row.name, prefix: row.prefix, scopes: row.scopes, expiresAt: row.expiresAt?.toISOString() ?? null },
      });
      return { apiKey, key: toItem(row) };
    });
  }

  /** Requests with the key answer 401 from the next one on. 404 for a key already revoked or of another organisation. */
  async revoke(caller: Caller, id: string): Promise<void> {
    await this.db.runAsOrg(caller.organization.id, async (tx) => {
      const { count } = await this.repo.revoke(tx, id, this.clock.now());
      if (count === 0) throw AppError.notFound('API key');
      await this.auditLog.recordBy(tx, caller, { action: 'api_key.revoked', targetType: 'api_key', targetId: id });
    });
  }

  /** A new key inside the caller's transaction; the answer is the only time the whole key is seen. */
  async issue(tx: OrgTx, key: { organizationId: string; name: string; scopes: ApiScope[]; integrationId?: string; expiresAt?: Date }) {
    // prefix.secret: the prefix finds the key, only the secret's hash is stored.
    const prefix = `pk_${randomToken(6)}`;
    const secret = randomToken(32);
    const row = await this.repo.create(tx, { ...key, prefix, secretHash: sha256Hex(secret) });
    return { apiKey: `${prefix}.${secret}`, row };
  }

  findActiveForIntegration(tx: OrgTx, integrationId: string) {
    return this.repo.findActiveForIntegration(tx, integrationId);
  }

  revokeAllForIntegration(tx: OrgTx, integrationId: string) {
    return this.repo.revokeAllForIntegration(tx, integrationId, this.clock.now());
  }

  /**
   * Who a key speaks for: null when it is malformed, unknown, revoked,
   * expired or its secret is wrong. Only the key with that prefix is readable
   * here (runForApiKey); last use is written as the key's organisation.
   */
  async authenticate(token: string): Promise<KeyPrincipal | null> {
    const parsed = parseApiKey(token);
    if (!parsed) return null;
    const key = await this.db.runForApiKey(parsed.prefix, (tx) => this.repo.findByPrefix(tx, parsed.prefix));
    if (!key || !safeEqual(sha256Hex(parsed.secret), key.secretHash)) return null;
    const now = this.clock.now();
    if (key.revokedAt || (key.expiresAt && key.expiresAt <= now)) return null;
    const staleBefore = new Date(now.getTime() - LAST_USE_PRECISION_MS);
    if (!key.lastUsedAt || key.lastUsedAt < staleBefore) {
      await this.db.runAsOrg(key.organizationId, (tx) => this.repo.touch(tx, key.id, now, staleBefore));
    }
    return {
      apiKeyId: key.id,
      name: key.name,
      organizationId: key.organizationId,
      integrationId: key.integrationId,
      scopes: key.scopes.map((s) => apiScope.parse(s)),
    };
  }
}

function toItem(row: {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  integrationId: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}): ApiKeyItem {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.map((s) => apiScope.parse(s)),
    integrationId: row.integrationId,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
