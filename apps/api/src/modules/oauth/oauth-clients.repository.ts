import { Injectable } from '@nestjs/common';
import type { OrgTx } from '@portal/db';

const listSelect = { id: true, name: true, clientId: true, scopes: true, createdAt: true, lastUsedAt: true } as const;

/** Prisma access for oauth_clients. No rules here. */
@Injectable()
export class OAuthClientsRepository {
  create(tx: OrgTx, data: { organizationId: string; name: string; clientId: string; secretHash: string; scopes: string[] }) {
    return tx.oAuthClient.create({ data, select: listSelect });
  }

  listActive(tx: OrgTx) {
    return tx.oAuthClient.findMany({ where: { revokedAt: null }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: listSelect });
  }

  /** Under runForOAuthClient only the client with this client id is readable. */
  findByClientId(tx: OrgTx, clientId: string) {
    return tx.oAuthClient.findUnique({
      where: { clientId },
      select: { id: true, organizationId: true, clientId: true, secretHash: true, scopes: true, revokedAt: true },
    });
  }

  /** Under the client's organisation: the client is still there and not revoked. */
  findActive(tx: OrgTx, clientId: string) {
    return tx.oAuthClient.findFirst({ where: { clientId, revokedAt: null }, select: { id: true, name: true } });
  }

  revoke(tx: OrgTx, id: string, at: Date) {
    return tx.oAuthClient.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
  }

  touch(tx: OrgTx, id: string, at: Date) {
    return tx.oAuthClient.update({ where: { id }, data: { lastUsedAt: at }, select: { id: true } });
  }
}
