import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type AcceptMemberInviteBody,
  canManageOwners,
  type CreateMemberInviteBody,
  type MeResponse,
  type MemberInviteCreated,
  type MemberInviteItem,
  type MemberInvitePreview,
} from '@portal/contracts';
import { randomToken, SecretBox, sha256Hex } from '@portal/crypto';
import { hashPassword, TenantDb } from '@portal/db';
import { inviteRefusal, openInviteToken, sealInviteToken } from '@portal/domain';
import { AppError } from '../../common/app-error';
import type { Caller } from '../../common/auth.decorators';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';
import { AuditService } from '../audit/audit.service';
import { MailOutbox } from '../mail/mail-outbox';
import { emailTaken, OrganizationsService } from '../organizations/organizations.service';
import { MembersRepository } from './members.repository';
import { Clock } from '../../common/clock';

/** A member invite link lives a week (docs/product/users-and-roles.md). */
export const MEMBER_INVITE_TTL_MS = 7 * 24 * 3600_000;

const GONE = {
  CANCELLED: 'This invite was cancelled; ask for a new one',
  USED: 'This invite link has already been used',
  EXPIRED: 'This invite link has expired; ask for a new one',
} as const;

type InviteRow = Awaited<ReturnType<MembersRepository['findInviteById']>> & {};

/**
 * Member invites: made, listed and cancelled by owners and admins; previewed
 * and accepted by the invitee through the emailed link. The token is looked
 * up by its SHA-256 only, and kept sealed (the invite's id as associated
 * data) so the link can be copied again, like connection invites.
 */
@Injectable()
export class MemberInvitesService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: MembersRepository,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
    private readonly mail: MailOutbox,
    private readonly clock: Clock,
    private readonly secrets: SecretBox,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  async create(caller: Caller, body: CreateMemberInviteBody): Promise<MemberInviteCreated> {
    if (body.role === 'OWNER' && !canManageOwners(caller.user.role)) throw new AppError(403, 'OWNER_ONLY', 'Only an owner can invite an owner');
    // A user belongs to one organisation: an email with an account anywhere cannot be invited.
    if (await this.organizations.findLoginCandidate(body.email)) throw emailTaken();
    const now = this.clock.now();
    const token = randomToken(32);
    const id = randomUUID();
    const url = this.linkOf(token);
    const orgId = caller.organization.id;
    const { invite, mail } = await this.db.runAsOrg(orgId, async (tx) => {
      if (await this.repo.pendingInviteFor(tx, orgId, body.email, now)) {
        throw AppError.conflict('CONFLICT', 'This email already has a pending invite; copy its link or cancel it first');
      }
      const created = await this.repo.createInvite(tx, {
        id,
        organizationId: orgId,
        email: body.email,
        role: body.role,
        tokenHash: sha256Hex(token),
        tokenSealed: sealInviteToken(this.secrets, token, id),
        expiresAt: new Date(now.getTime() + MEMBER_INVITE_TTL_MS),
        createdById: caller.user.id,
        createdByName: caller.user.name,
      });
      // The email commits with the invite: a rolled-back invite sends nothing.
      const mail = await this.mail.queue(tx, {
        organizationId: orgId,
        to: body.email,
        locale: body.locale ?? 'id',
        template: 'member_invite',
        data: { inviteUrl: url, organizationName: caller.organization.name, inviterName: caller.user.name, role: body.role },
      });
      await this.audit.recordBy(tx, caller, {
        action: 'member.invited',
        targetType: 'member_invite',
        targetId: id,
        metadata: { email: body.email, role: body.role, expiresAt: created.expiresAt.toISOString() },
      });
      return { invite: created, mail };
    });
    await this.mail.dispatch([mail]);
    return { ...this.itemOf(invite), url };
  }

  async list(caller: Caller) {
    const rows = await this.db.runAsOrg(caller.organization.id, (tx) => this.repo.pendingInvites(tx, caller.organization.id, this.clock.now()));
    return { data: rows.map((r) => this.itemOf(r)), nextCursor: null };
  }

  async cancel(caller: Caller, id: string): Promise<void> {
    await this.db.runAsOrg(caller.organization.id, async (tx) => {
      const invite = await this.repo.findInviteById(tx, id);
      if (!invite) throw AppError.notFound('Invite');
      const refusal = inviteRefusal(invite, this.clock.now());
      if (refusal || (await this.repo.cancelInvite(tx, id)).count === 0) {
        throw new AppError(409, 'INVALID_STATE', GONE[refusal ?? 'USED']);
      }
      await this.audit.recordBy(tx, caller, {
        action: 'member.invite_cancelled',
        targetType: 'member_invite',
        targetId: id,
        metadata: { email: invite.email },
      });
    });
  }

  /** What the public invite page shows. 404 for an unknown token, 410 for one that can no longer be used. */
  async preview(token: string): Promise<MemberInvitePreview> {
    const invite = await this.db.runForMemberInvite(sha256Hex(token), (tx) => this.repo.findInviteByHash(tx, sha256Hex(token)));
    if (!invite) throw AppError.notFound('Invite');
    this.assertUsable(invite);
    return {
      organization: invite.organization,
      inviterName: invite.createdByName,
      email: invite.email,
      role: invite.role,
      expiresAt: invite.expiresAt.toISOString(),
    };
  }

  /** Claims the invite and creates its user in one transaction as the invite's organisation; the controller signs them in. */
  async accept(token: string, body: AcceptMemberInviteBody): Promise<MeResponse> {
    const hash = sha256Hex(token);
    const invite = await this.db.runForMemberInvite(hash, (tx) => this.repo.findInviteByHash(tx, hash));
    if (!invite) throw AppError.notFound('Invite');
    this.assertUsable(invite);
    const passwordHash = await hashPassword(body.password);
    const orgId = invite.organizationId;
    const userId = await this.db.runAsOrg(orgId, async (tx) => {
      // The API's clock, not the database's, judges expiry, as for connection invites; exactly one concurrent accept wins.
      if ((await this.repo.claimInvite(tx, hash, this.clock.now())) !== 1) throw new AppError(410, 'INVITE_GONE', GONE.USED);
      const user = await this.organizations.addMember(tx, {
        organizationId: orgId,
        email: invite.email,
        name: body.name,
        passwordHash,
        role: invite.role,
        locale: body.locale,
      });
      await this.audit.record(tx, {
        organizationId: orgId,
        actorUserId: user.id,
        actorOrgId: orgId,
        action: 'member.joined',
        targetType: 'user',
        targetId: user.id,
        metadata: { email: invite.email, role: invite.role, inviteId: invite.id, invitedBy: invite.createdById },
      });
      return user.id;
    });
    const caller = await this.organizations.findCaller(orgId, userId);
    if (!caller) throw new Error('the new member is not readable');
    return caller;
  }

  private assertUsable(invite: InviteRow) {
    const refusal = inviteRefusal(invite, this.clock.now());
    if (refusal) throw new AppError(410, 'INVITE_GONE', GONE[refusal]);
  }

  private itemOf(invite: InviteRow): MemberInviteItem {
    const token = invite.tokenSealed ? openInviteToken(this.secrets, invite.tokenSealed, invite.id) : null;
    return {
      id: invite.id,
      email: invite.email,
      role: invite.role,
      invitedBy: invite.createdByName,
      createdAt: invite.createdAt.toISOString(),
      expiresAt: invite.expiresAt.toISOString(),
      url: token ? this.linkOf(token) : null,
    };
  }

  /** Built from configuration, never from the request's Host header. */
  private linkOf(token: string): string {
    return new URL(`/join/${token}`, this.env.PUBLIC_BASE_URL).toString();
  }
}
