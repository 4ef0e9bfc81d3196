import { Injectable } from '@nestjs/common';
import { type ApiScope, apiScope, type CreatedOAuthClient, type CreateOAuthClientBody, type OAuthClientItem, type OAuthClientList } from '@portal/contracts';
import { randomToken, safeEqual, sha256Hex } from '@portal/crypto';
import { TenantDb } from '@portal/db';
import { AppError } from '../../common/app-error';
import type { Caller } from '../../common/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { OAuthClientsRepository } from './oauth-clients.repository';
import { Clock } from '../../common/clock';

/** A client whose id and secret matched. */
export interface AuthenticatedClient {
  clientId: string;
  organizationId: string;
  scopes: ApiScope[];
}

const CLIENT_ID = /^oc_[\w-]{1,40}$/;
const MAX_SECRET_LENGTH = 200;

/**
 * OAuth clients (client credentials, RFC 6749 §4.4): the public client id
 * `oc_…` finds the client, only the secret's SHA-256 is stored and the
 * secret is seen once; revoking one also ends its access tokens (checked on
 * every request by `activeClient`).
 */
@Injectable()
export class OAuthClientsService {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly repo: OAuthClientsRepository,
    private readonly auditLog: AuditService,
  ) {}

  async list(caller: Caller): Promise<OAuthClientList> {
    const rows = await this.db.runAsOrg(caller.organization.id, (tx) => this.repo.listActive(tx));
    return { data: rows.map(toItem), nextCursor: null };
  }

  create(caller: Caller, body: CreateOAuthClientBody): Promise<CreatedOAuthClient> {
    const clientId = `oc_${randomToken(12)}`;
    const clientSecret = randomToken(32);
    return this.db.runAsOrg(caller.organization.id, async (tx) => {
      const row = await this.repo.create(tx, {
        organizationId: caller.organization.id,
        name: body.name,
        clientId,
        secretHash: sha256Hex(clientSecret),
        scopes: body.scopes,
      });
      await this.auditLog.recordBy(tx, caller, {
        action: 'oauth_client.created',
        targetType: 'oauth_client',
        targetId: row.id,
        metadata: { name: row.name, clientId, scopes: row.scopes },
      });
      return { clientSecret, client: toItem(row) };
    });
  }

  async revoke(caller: Caller, id: string): Promise<void> {
    await this.db.runAsOrg(caller.organization.id, async (tx) => {
      const { count } = await this.repo.revoke(tx, id, this.clock.now());
      if (count === 0) throw AppError.notFound('OAuth client');
      await this.auditLog.recordBy(tx, caller, { action: 'oauth_client.revoked', targetType: 'oauth_client', targetId: id });
    });
  }

  /** The client when the id names a client not revoked and the secret is its own; null otherwise (invalid_client). */
  async authenticate(clientId: string, secret: string): Promise<AuthenticatedClient | null> {
    if (!CLIENT_ID.test(clientId) || secret.length === 0 || secret.length > MAX_SECRET_LENGTH) return null;
    const row = await this.db.runForOAuthClient(clientId, (tx) => this.repo.findByClientId(tx, clientId));
    if (!row || !safeEqual(sha256Hex(secret), row.secretHash) || row.revokedAt) return null;
    // A token is asked for every 15 minutes at most per client: last use is written each time.
    await this.db.runAsOrg(row.organizationId, (tx) => this.repo.touch(tx, row.id, this.clock.now()));
    return { clientId: row.clientId, organizationId: row.organizationId, scopes: row.scopes.map((s) => apiScope.parse(s)) };
  }

  /** The client (row id, name) while it exists unrevoked, else null: its tokens stop working the moment it is revoked. */
  activeClient(organizationId: string, clientId: string): Promise<{ id: string; name: string } | null> {
    return this.db.runAsOrg(organizationId, (tx) => this.repo.findActive(tx, clientId));
  }
}

function toItem(row: { id: string; name: string; clientId: string; scopes: string[]; createdAt: Date; lastUsedAt: Date | null }): OAuthClientItem {
  return {
    id: row.id,
    name: row.name,
    clientId: row.clientId,
    scopes: row.scopes.map((s) => apiScope.parse(s)),
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
