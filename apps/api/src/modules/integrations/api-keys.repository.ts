import { Injectable } from '@nestjs/common';
import type { OrgTx } from '@portal/db';

/** Prisma access for External integrations' ingestion API keys. No rules here. */
@Injectable()
export class ApiKeysRepository {
  create(tx: OrgTx, data: { organizationId: string; integrationId: string; name: string; prefix: string; secretHash: string }) {
    return tx.apiKey.create({ data, select: { id: true } });
  }

  /** Under runForApiKey only the key with this prefix is readable. */
  findByPrefix(tx: OrgTx, prefix: string) {
    return tx.apiKey.findUnique({ where: { prefix }, select: { id: true, organizationId: true, integrationId: true, secretHash: true, revokedAt: true } });
  }

  /** The integration's key in use (at most one: rolling revokes the previous). */
  findActive(tx: OrgTx, integrationId: string) {
    return tx.apiKey.findFirst({
      where: { integrationId, revokedAt: null },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { prefix: true, createdAt: true, lastUsedAt: true },
    });
  }

  revokeAll(tx: OrgTx, integrationId: string, at: Date) {
    return tx.apiKey.updateMany({ where: { integrationId, revokedAt: null }, data: { revokedAt: at } });
  }

  touch(tx: OrgTx, id: string, at: Date) {
    return tx.apiKey.update({ where: { id }, data: { lastUsedAt: at }, select: { id: true } });
  }
}
