import { Injectable } from '@nestjs/common';
import type { ConnectionItem } from '@portal/contracts';
import { type OrgTx, TenantDb } from '@portal/db';
import { inviteExpiredAudit } from '@portal/domain';
import { AppError } from '../../common/app-error';
import type { Caller } from '../../common/auth.decorators';
import { Clock } from '../../common/clock';
import { AuditService } from '../audit/audit.service';
import { EventOutbox } from '../events/event-outbox';
import { OrganizationsService } from '../organizations/organizations.service';
import { sidesOf, toBothSides } from './connection-events';
import { connectionItem, inviteItem } from './connection-item';
import { ConnectionsRepository } from './connections.repository';

/** Connections once answered: both sides' lists and history, revoking, and the principal's document scope. Invites are `InvitesService`'s. */
@Injectable()
export class ConnectionsService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: ConnectionsRepository,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
    private readonly events: EventOutbox,
    private readonly clock: Clock,
  ) {}

  async list(caller: Caller): Promise<{ data: ConnectionItem[]; nextCursor: null; total: number }> {
    const now = this.clock.now();
    return this.db.runAsOrg(caller.organization.id, async (tx) => {
      const isPrincipal = caller.organization.kind === 'PRINCIPAL';
      if (isPrincipal) await this.expireStale(tx, now);
      const [connections, invites] = await Promise.all([this.repo.listConnections(tx), isPrincipal ? this.repo.listInvites(tx) : Promise.resolve([])]);
      const names = await this.organizations.namesOf(tx, [...new Set(connections.flatMap((c) => [c.principalOrgId, c.distributorOrgId]))]);
      const me = { id: caller.organization.id, name: caller.organization.name };
      const items = [...invites.map((i) => inviteItem(i, me)), ...connections.map((c) => connectionItem(c, names))].sort((a, b) =>
        b.createdAt.localeCompare(a.createdAt),
      );
      return { data: items, nextCursor: null, total: items.length };
    });
  }

  /** Either side ends a connection; both hear of it (`revokedById` is the organisation that revoked). */
  async revoke(caller: Caller, id: string): Promise<void> {
    const org = caller.organization.id;
    const queued = await this.db.runAsOrg(org, async (tx) => {
      const connection = await this.repo.findConnection(tx, id);
      if (!connection) throw AppError.notFound('Connection');
      const at = this.clock.now();
      const { count } = await this.repo.revoke(tx, id, org, at);
      if (count === 0) throw new AppError(409, 'INVALID_STATE', `The connection is ${connection.status.toLowerCase()}; only a connected one can be revoked`);
      await this.audit.recordBy(tx, caller, {
        action: 'connection.revoked',
        targetType: 'connection',
        targetId: id,
        metadata: { principalOrgId: connection.principalOrgId, distributorOrgId: connection.distributorOrgId },
      });
      const names = await this.organizations.namesOf(tx, [connection.principalOrgId, connection.distributorOrgId]);
      return this.events.queueAll(tx, org, toBothSides('connection.revoked', { ...sidesOf(connection, names), revokedById: org, at: at.toISOString() }, at));
    });
    await this.events.dispatch(org, queued);
  }

  /**
   * The caller's connection history: its own invite events and every event
   * about its connections, whichever side caused them (row-level security
   * shows each side the other's events on their shared connections).
   */
  history(caller: Caller) {
    return this.db.runAsOrg(caller.organization.id, async (tx) => {
      if (caller.organization.kind === 'PRINCIPAL') await this.expireStale(tx, this.clock.now());
      const [invites, connections] = await Promise.all([this.audit.list(tx, { targetType: 'invite' }), this.audit.list(tx, { targetType: 'connection' })]);
      const data = [...invites, ...connections]
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .map((e) => ({ ...e, createdAt: e.createdAt.toISOString() }));
      return { data };
    });
  }

  /** The distributors a principal is CONNECTED to now, inside the caller's transaction (documents scope their queries with it). */
  async connectedDistributorIds(tx: OrgTx, principalOrgId: string): Promise<string[]> {
    return (await this.repo.connectedDistributors(tx, principalOrgId)).map((c) => c.distributorOrgId);
  }

  private async expireStale(tx: OrgTx, now: Date) {
    for (const invite of await this.repo.expiredPendingInvites(tx, now)) {
      const { count } = await this.repo.setInviteStatus(tx, invite.id, 'PENDING', 'EXPIRED');
      if (count) await this.audit.record(tx, inviteExpiredAudit(invite));
    }
  }
}
