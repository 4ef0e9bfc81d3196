import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AcceptInviteBody, ConnectionItem, InviteCreated, InvitePreview } from '@portal/contracts';
import { randomToken, SecretBox, sha256Hex } from '@portal/crypto';
import { TenantDb } from '@portal/db';
import { buildEvent, type InviteRefusal, inviteRefusal, openInviteToken, sealInviteToken } from '@portal/domain';
import { AppError } from '../../common/app-error';
import type { Caller } from '../../common/auth.decorators';
import { Clock } from '../../common/clock';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';
import { AuditService } from '../audit/audit.service';
import { EventOutbox } from '../events/event-outbox';
import { IntegrationsService } from '../integrations/integrations.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { sidesOf, toBothSides } from './connection-events';
import { ALL_TYPES, connectionItem } from './connection-item';
import { ConnectionsRepository } from './connections.repository';

const GONE: Record<InviteRefusal, string> = {
  CANCELLED: 'This invite was cancelled by the principal',
  USED: 'This invite link has already been used',
  EXPIRED: 'This invite link has expired; ask the principal for a new one',
};

/** Invite links: made, shown again and cancelled by their principal; previewed, accepted or declined by a distributor. */
@Injectable()
export class InvitesService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: ConnectionsRepository,
    private readonly organizations: OrganizationsService,
    private readonly integrations: IntegrationsService,
    private readonly audit: AuditService,
    private readonly events: EventOutbox,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  /**
   * A 256-bit token from the CSPRNG. It is looked up only by its SHA-256; the
   * token itself is kept sealed for its principal alone, to copy the link again.
   */
  async createInvite(caller: Caller): Promise<InviteCreated> {
    const now = this.clock.now();
    const token = randomToken(32);
    // Chosen here: the sealed token names its invite as associated data.
    const id = randomUUID();
    const expiresAt = new Date(now.getTime() + this.env.INVITE_TTL_HOURS * 3600_000);
    const org = caller.organization.id;
    const { invite, queued } = await this.db.runAsOrg(org, async (tx) => {
      const created = await this.repo.createInvite(tx, {
        id,
        organizationId: caller.organization.id,
        tokenHash: sha256Hex(token),
        tokenSealed: sealInviteToken(this.secrets, token, id),
        expiresAt,
        createdById: caller.user.id,
        createdByEmail: caller.user.email,
      });
      await this.audit.recordBy(tx, caller, {
        action: 'connection.invite_created',
        targetType: 'invite',
        targetId: created.id,
        metadata: { expiresAt: expiresAt.toISOString() },
      });
      const requested = buildEvent('connection.requested', org, { inviteId: id, expiresAt: expiresAt.toISOString(), requestedBy: caller.user.email }, now);
      return { invite: created, queued: await this.events.queueAll(tx, org, [requested]) };
    });
    await this.events.dispatch(org, queued);
    return { id: invite.id, url: this.linkOf(token), expiresAt: invite.expiresAt.toISOString() };
  }

  /**
   * A pending invite's link again, for its principal only (row-level security
   * hides other organisations' invites: 404). 409 once it cannot be answered,
   * or when its token was not kept (invites made before links were kept).
   */
  async inviteLink(caller: Caller, id: string): Promise<InviteCreated> {
    const invite = await this.db.runAsOrg(caller.organization.id, (tx) => this.repo.findInviteById(tx, id));
    if (!invite) throw AppError.notFound('Invite');
    const refusal = inviteRefusal(invite, this.clock.now());
    if (refusal) throw new AppError(409, 'INVALID_STATE', GONE[refusal]);
    const token = invite.tokenSealed ? openInviteToken(this.secrets, invite.tokenSealed, invite.id) : null;
    if (!token) throw AppError.conflict('INVITE_LINK_UNAVAILABLE', 'This invite link was not kept; cancel the invite and create a new one');
    return { id: invite.id, url: this.linkOf(token), expiresAt: invite.expiresAt.toISOString() };
  }

  async cancelInvite(caller: Caller, id: string): Promise<void> {
    await this.db.runAsOrg(caller.organization.id, async (tx) => {
      const invite = await this.repo.findInviteById(tx, id);
      if (!invite) throw AppError.notFound('Invite');
      const { count } = await this.repo.setInviteStatus(tx, id, 'PENDING', 'CANCELLED');
      if (count === 0) throw new AppError(409, 'INVALID_STATE', `The invite is ${invite.status.toLowerCase()} and can no longer be cancelled`);
      await this.audit.recordBy(tx, caller, { action: 'connection.invite_cancelled', targetType: 'invite', targetId: id });
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

  /** Built from configuration, never from the request's Host header. */
  private linkOf(token: string): string {
    return new URL(`/invites/${token}`, this.env.PUBLIC_BASE_URL).toString();
  }

  private async answer(caller: Caller, token: string, to: 'ACCEPTED' | 'DECLINED', body: AcceptInviteBody, now: Date): Promise<ConnectionItem> {
    const hash = sha256Hex(token);
    const me = caller.organization.id;
    const { item, queued } = await this.db.runForInvite(
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
            principalEmail: invite.createdByEmail,
            distributorEmail: caller.user.email,
          },
          now,
        );
        await this.audit.recordBy(tx, caller, {
          action: to === 'ACCEPTED' ? 'connection.accepted' : 'connection.declined',
          targetType: 'connection',
          targetId: connection.id,
          metadata: { principalOrgId: invite.organizationId, documentTypes: connection.documentTypes, integrationIds: connection.integrationIds },
        });
        const names = await this.organizations.namesOf(tx, [invite.organizationId, me]);
        // Both sides hear the answer; the distributor's transaction writes both events.
        const sides = sidesOf(connection, names);
        const events =
          to === 'ACCEPTED'
            ? toBothSides('connection.accepted', { ...sides, documentTypes: connection.documentTypes, at: now.toISOString() }, now)
            : toBothSides('connection.declined', { ...sides, at: now.toISOString() }, now);
        return { item: connectionItem(connection, names), queued: await this.events.queueAll(tx, me, events) };
      },
      { orgId: me },
    );
    await this.events.dispatch(me, queued);
    return item;
  }

  /** 410 unless the invite can still be answered (the rule is `inviteRefusal`, shared with the worker's expiry sweep). */
  private assertUsable(invite: Parameters<typeof inviteRefusal>[0], now: Date, claimedByOther = false) {
    const refusal = inviteRefusal(invite, now);
    if (refusal) throw new AppError(410, 'INVITE_GONE', GONE[refusal]);
    if (claimedByOther) throw new AppError(410, 'INVITE_GONE', 'This invite link can no longer be used');
  }
}
