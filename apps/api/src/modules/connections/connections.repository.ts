import { Injectable } from '@nestjs/common';
import type { DocumentType } from '@portal/contracts';
import type { OrgTx } from '@portal/db';
import { expiredPendingInviteWhere, usableInviteSql } from '@portal/domain';

/** Prisma access for invites and connections. No rules here. */
@Injectable()
export class ConnectionsRepository {
  createInvite(
    tx: OrgTx,
    data: { id: string; organizationId: string; tokenHash: string; tokenSealed: string; expiresAt: Date; createdById: string; createdByEmail: string },
  ) {
    return tx.connectionInvite.create({ data: { ...data, status: 'PENDING' }, select: { id: true, expiresAt: true } });
  }

  findInviteById(tx: OrgTx, id: string) {
    return tx.connectionInvite.findUnique({ where: { id } });
  }

  findInviteByHash(tx: OrgTx, tokenHash: string) {
    return tx.connectionInvite.findUnique({ where: { tokenHash } });
  }

  /**
   * The single-use guarantee: one conditional UPDATE. Of any number of
   * concurrent attempts exactly one sees status PENDING and wins.
   */
  claimInvite(tx: OrgTx, tokenHash: string, to: 'ACCEPTED' | 'DECLINED', byOrgId: string, now: Date) {
    return tx.$executeRaw`
      update connection_invites
         set status = ${to}::"InviteStatus", used_at = ${now}, used_by_org_id = ${byOrgId}::uuid
       where token_hash = ${tokenHash} and ${usableInviteSql(now)}`;
  }

  setInviteStatus(tx: OrgTx, id: string, from: 'PENDING', to: 'CANCELLED' | 'EXPIRED') {
    return tx.connectionInvite.updateMany({ where: { id, status: from }, data: { status: to } });
  }

  expiredPendingInvites(tx: OrgTx, now: Date) {
    return tx.connectionInvite.findMany({ where: expiredPendingInviteWhere(now), select: { id: true, organizationId: true } });
  }

  listInvites(tx: OrgTx) {
    return tx.connectionInvite.findMany({
      where: { status: { in: ['PENDING', 'EXPIRED'] }, connection: null },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
  }

  listConnections(tx: OrgTx) {
    return tx.connection.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  }

  findConnection(tx: OrgTx, id: string) {
    return tx.connection.findUnique({ where: { id } });
  }

  /**
   * Serialises answers for one principal–distributor pair until the
   * transaction ends, so two invites accepted at once cannot both connect it.
   */
  async lockPair(tx: OrgTx, principalOrgId: string, distributorOrgId: string): Promise<void> {
    await tx.$queryRaw`select pg_advisory_xact_lock(hashtextextended(${`connection:${principalOrgId}:${distributorOrgId}`}, 0))::text`;
  }

  findPair(tx: OrgTx, principalOrgId: string, distributorOrgId: string) {
    return tx.connection.findUnique({ where: { principalOrgId_distributorOrgId: { principalOrgId, distributorOrgId } } });
  }

  upsertPair(
    tx: OrgTx,
    key: { principalOrgId: string; distributorOrgId: string },
    data: {
      status: 'CONNECTED' | 'DECLINED';
      inviteId: string;
      documentTypes: DocumentType[];
      integrationIds: string[];
      principalEmail: string | null;
      distributorEmail: string;
    },
    at: Date,
  ) {
    const connected = data.status === 'CONNECTED' ? { connectedAt: at, revokedAt: null, revokedByOrgId: null } : {};
    return tx.connection.upsert({
      where: { principalOrgId_distributorOrgId: key },
      create: { ...key, ...data, ...connected },
      update: { ...data, ...connected },
    });
  }

  revoke(tx: OrgTx, id: string, byOrgId: string, at: Date) {
    return tx.connection.updateMany({
      where: { id, status: { in: ['CONNECTED', 'PENDING'] } },
      data: { status: 'REVOKED', revokedAt: at, revokedByOrgId: byOrgId },
    });
  }

  connectedDistributors(tx: OrgTx, principalOrgId: string) {
    return tx.connection.findMany({ where: { principalOrgId, status: 'CONNECTED' }, select: { distributorOrgId: true } });
  }
}
