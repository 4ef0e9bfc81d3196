import { Injectable } from '@nestjs/common';
import type { OrgTx } from '@portal/db';

const listSelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  integrationId: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
} as const;

/** Prisma access for api_keys (organisation keys and External integrations' ingestion keys). No rules here. */
@Injectable()
export class ApiKeysRepository {
  create(
    tx: OrgTx,
    data: { organizationId: string; integrationId?: string; name: string; prefix: string; secretHash: string; scopes: string[]; expiresAt?: Date },
  ) {
    return tx.apiKey.create({ data, select: listSelect });
  }

  /** Under runForApiKey only the key with this prefix is readable. */
  findByPrefix(tx: OrgTx, prefix: string) {
    return tx.apiKey.findUnique({
      where: { prefix },
      select: {
        id: true,
        name: true,
        organizationId: true,
        integrationId: true,
        secretHash: true,
        scopes: true,
        expiresAt: true,
        lastUsedAt: true,
        revokedAt: true,
      },
    });
  }

  /** The organisation's keys not revoked, newest first. */
  listActive(tx: OrgTx) {
    return tx.apiKey.findMany({ where: { revokedAt: null }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: listSelect });
  }

  /** The integration's key in use (at most one: rolling revokes the previous). */
  findActiveForIntegration(tx: OrgTx, integrationId: string) {
    return tx.apiKey.findFirst({
      where: { integrationId, revokedAt: null },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { prefix: true, createdAt: true, lastUsedAt: true },
    });
  }

  revoke(tx: OrgTx, id: string, at: Date) {
    return tx.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
  }

  revokeAllForIntegration(tx: OrgTx, integrationId: string, at: Date) {
    return tx.apiKey.updateMany({ where: { integrationId, revokedAt: null }, data: { revokedAt: at } });
  }

  /** Last use, written only when the stored one is older than `staleBefore`: one write a minute per busy key, not one per request. */
  touch(tx: OrgTx, id: string, at: Date, staleBefore: Date) {
    return tx.apiKey.updateMany({ where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] }, data: { lastUsedAt: at } });
  }
}
