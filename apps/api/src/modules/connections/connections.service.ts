import { Inject, Injectable } from '@nestjs/common';
import {
  type AcceptInviteBody,
  type AuditAction,
  type ConnectionItem,
  documentType as documentTypeEnum,
  type InviteCreated,
  type InvitePreview,
} from '@portal/contracts';
import { randomToken, sha256Hex } from '@portal/crypto';
import { type OrgTx, TenantDb } from '@portal/db';
import { inviteExpiredAudit, type InviteRefusal, inviteRefusal } from '@portal/domain';
import { AppError } from '../../common/app-error';
import type { Caller } from '../../common/auth.decorators';
import { Clock } from '../../common/clock';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';
import { AuditService } from '../audit/audit.service';
import { IntegrationsService } from '../integrations/integrations.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { ConnectionsRepository } from './connections.repository';

const ALL_TYPES = documentTypeEnum.options;
const GONE: Record<InviteRefusal, string> = {
  CANCELLED: 'This invite was cancelled by the principal',
  USED: 'This invite link has already been used',
  EXPIRED: 'This invite link has expired; ask the principal for a new one',
};

@Injectable()
export class ConnectionsService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: ConnectionsRepository,
    private readonly organizations: OrganizationsService,
    private readonly integrations: IntegrationsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  /** A 256-bit token from the CSPRNG; only its SHA-256 is stored, the link is shown once. */
  async createInvite(caller: Caller): Promise<InviteCreated> {
    const now = this.clock.now();
    const token = randomToken(32);
    const expiresAt = new Date(now.getTime() + this.env.INVITE_TTL_HOURS * 3600_000);
    const invite = await this.db.runAsOrg(caller.organization.id, async (tx) => {
      const created = await this.repo.createInvite(tx, {
        organizationId: caller.organization.id,
        tokenHash: sha256Hex(token),
        expiresAt,
        createdById: caller.user.id,
      });
      await this.record(tx, caller, 'connection.invite_created', 'invite', created.id, { expiresAt: expiresAt.toISOString() });
      return created;
    });
    // Built from configuration, never from the request's Host header.
    const url = new URL(`/invites/${token}`, this.env.PUBLIC_BASE_URL).toString();
    return { id: invite.id, url, expiresAt: invite.expiresAt.toISOString() };
  }

  async cancelInvite(caller: Caller, id: string): Promise<void> {
    await this.db.runAsOrg(caller.organization.id, async (tx) => {
      const invite = await this.repo.findInviteById(tx, id);
      if (!invite) throw AppError.notFound('Invite');
      const { count } = await this.repo.setInviteStatus(tx, id, 'PENDING', 'CANCELLED');
      if (count === 0) throw new AppError(409, 'INVALID_STATE', `The invite is ${invite.status.toLowerCase()} and can no longer be cancelled`);
      await this.record(tx, caller, 'connection.invite_cancelled', 'invite', id, {});
    });
  }

  async list(caller: Caller): Promise<{ data: ConnectionItem[]; nextCursor: null; total: number }> {
    const now = this.clock.now();
    return this.db.runAsOrg(caller.organization.id, async (tx) => {
      const isPrincipal = caller.organization.kind === 'PRINCIPAL';
      if (isPrincipal) await this.expireStale(tx, now);
      const [connections, invites] = await Promise.all([this.repo.listConnections(tx), isPrincipal ? this.repo.listInvites(tx) : Promise.resolve([])]);
      const names = await this.organizations.namesOf(tx, [...new Set(connections.flatMap((c) => [c.principalOrgId, c.distributorOrgId]))]);
      const me = { id: caller.organization.id, name: caller.organization.name };
      const items: ConnectionItem[] = [
        ...invites.map((i) => ({
          id: i.id,
          kind: 'invite' as const,
          status: i.status === 'EXPIRED' ? ('EXPIRED' as const) : ('PENDING' as const),
          principal: me,
          distributor: null,
          documentTypes: [...ALL_TYPES],
          integrationIds: [],
          createdAt: i.createdAt.toISOString(),
          connectedAt: null,
          revokedAt: null,
          expiresAt: i.expiresAt.toISOString(),
        })),
        ...connections.map((c) => ({
          id: c.id,
          kind: 'connection' as const,
          status: c.status,
          principal: { id: c.principalOrgId, name: names.get(c.principalOrgId) ?? '' },
          distributor: { id: c.distributorOrgId, name: names.get(c.distributorOrgId) ?? '', email: null },
          documentTypes: c.documentTypes,
          integrationIds: c.integrationIds,
          createdAt: c.createdAt.toISOString(),
          connectedAt: c.connectedAt?.toISOString() ?? null,
          revokedAt: c.revokedAt?.toISOString() ?? null,
          expiresAt: null,
        })),
      ].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return { data: items, nextCursor: null, total: items.length };
    });
  }

  /** What the consent popup shows. 404 for an unknown token, 410 for one that can no longer be used. */
  async preview(token: string, caller: Caller | undefined): Promise<InvitePreview> {
    const now = this.clock.now();
    const hash = sha256Hex(token);
    return this.db.runForInvite(
      hash,
      async (tx) => {
        const invite = await this.repo.findInviteByHash(tx, hash);
        if (!invite) throw AppError.notFound('Invite');
        this.assertUsable(invite, now);
        const names = await this.organizations.namesOf(tx, [invite.organizationId]);
        return {
          principal: { id: invite.organizationId, name: names.get(invite.organizationId) ?? '' },
          documentTypes: [...ALL_TYPES],
          expiresAt: invite.expiresAt.toISOString(),
          status: 'PENDING' as const,
        };
      },
      caller ? { orgId: caller.organization.id } : {},
    );
  }

  async accept(caller: Caller, token: string, body: AcceptInviteBody): Promise<ConnectionItem> {
    return this.answer(caller, token, 'ACCEPTED', body, this.clock.now());
  }

  async decline(caller: Caller, token: string): Promise<ConnectionItem> {
    return this.answer(caller, token, 'DECLINED', {}, this.clock.now());
  }

  async revoke(caller: Caller, id: string): Promise<void> {
    await this.db.runAsOrg(caller.organization.id, async (tx) => {
      const connection = await this.repo.findConnection(tx, id);
      if (!connection) throw AppError.notFound('Connection');
      const { count } = await this.repo.revoke(tx, id, caller.organization.id, this.clock.now());
      if (count === 0) throw new AppError(409, 'INVALID_STATE', `The connection is ${connection.status.toLowerCase()}; only a connected one can be revoked`);
      await this.record(tx, caller, 'connection.revoked', 'connection', id, {
        principalOrgId: connection.principalOrgId,
        distributorOrgId: connection.distributorOrgId,
      });
    });
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

  private async answer(caller: Caller, token: string, to: 'ACCEPTED' | 'DECLINED', body: AcceptInviteBody, now: Date): Promise<ConnectionItem> {
    const hash = sha256Hex(token);
    const me = caller.organization.id;
    return this.db.runForInvite(
      hash,
      async (tx) => {
        // The service's clock, not the database's, so expiry is judged by one clock everywhere.
        const claimed = await this.repo.claimInvite(tx, hash, to, me, now);
        const invite = await this.repo.findInviteByHash(tx, hash);
        if (!invite) throw AppError.notFound('Invite');
        if (claimed !== 1) this.assertUsable(invite, now, true);
        await this.repo.lockPair(tx, invite.organizationId, me);
        const existing = await this.repo.findPair(tx, invite.organizationId, me);
        if (existing?.status === 'CONNECTED') {
          // Throwing rolls the claim back: the invite stays unused.
          throw AppError.conflict('ALREADY_CONNECTED', 'Your organisation is already connected to this principal');
        }
        const requested = body.integrationIds ?? [];
        const owned = await this.integrations.ownIds(tx, requested);
        const foreign = requested.filter((id) => !owned.has(id));
        if (foreign.length)
          throw new AppError(
            400,
            'VALIDATION_FAILED',
            'Unknown integration(s)',
            foreign.map((id) => ({ path: 'body.integrationIds', message: `unknown integration ${id}` })),
          );
        const connection = await this.repo.upsertPair(
          tx,
          { principalOrgId: invite.organizationId, distributorOrgId: me },
          {
            status: to === 'ACCEPTED' ? 'CONNECTED' : 'DECLINED',
            inviteId: invite.id,
            documentTypes: body.documentTypes ?? [...ALL_TYPES],
            integrationIds: requested,
          },
          now,
        );
        await this.record(tx, caller, to === 'ACCEPTED' ? 'connection.accepted' : 'connection.declined', 'connection', connection.id, {
          principalOrgId: invite.organizationId,
          documentTypes: connection.documentTypes,
          integrationIds: connection.integrationIds,
        });
        const names = await this.organizations.namesOf(tx, [invite.organizationId, me]);
        return {
          id: connection.id,
          kind: 'connection' as const,
          status: connection.status,
          principal: { id: invite.organizationId, name: names.get(invite.organizationId) ?? '' },
          distributor: { id: me, name: caller.organization.name, email: caller.user.email },
          documentTypes: connection.documentTypes,
          integrationIds: connection.integrationIds,
          createdAt: connection.createdAt.toISOString(),
          connectedAt: connection.connectedAt?.toISOString() ?? null,
          revokedAt: connection.revokedAt?.toISOString() ?? null,
          expiresAt: null,
        };
      },
      { orgId: me },
    );
  }

  /** 410 unless the invite can still be answered (the rule is `inviteRefusal`, shared with the worker's expiry sweep). */
  private assertUsable(invite: Parameters<typeof inviteRefusal>[0], now: Date, claimedByOther = false) {
    const refusal = inviteRefusal(invite, now);
    if (refusal) throw new AppError(410, 'INVITE_GONE', GONE[refusal]);
    if (claimedByOther) throw new AppError(410, 'INVITE_GONE', 'This invite link can no longer be used');
  }

  private async expireStale(tx: OrgTx, now: Date) {
    for (const invite of await this.repo.expiredPendingInvites(tx, now)) {
      const { count } = await this.repo.setInviteStatus(tx, invite.id, 'PENDING', 'EXPIRED');
      if (count) await this.audit.record(tx, inviteExpiredAudit(invite));
    }
  }

  private record(tx: OrgTx, caller: Caller, action: AuditAction, targetType: 'invite' | 'connection', targetId: string, metadata: Record<string, unknown>) {
    return this.audit.record(tx, {
      organizationId: caller.organization.id,
      actorUserId: caller.user.id,
      actorOrgId: caller.organization.id,
      action,
      targetType,
      targetId,
      metadata: metadata as never,
    });
  }
}
