import { Injectable } from '@nestjs/common';
import { canManageOwners, type MemberItem, type MembershipRole } from '@portal/contracts';
import { type OrgTx, TenantDb } from '@portal/db';
import { AppError } from '../../common/app-error';
import type { Caller } from '../../common/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { OrganizationsService } from '../organizations/organizations.service';

/**
 * The members of an organisation and their roles (docs/product/users-and-roles.md):
 * an organisation always keeps an owner, only owners grant or take away
 * OWNER, and nobody changes their own role. Every change runs under the
 * organisation's membership lock, and judges the caller by its role as
 * committed now, not as its request began: two owners demoting each other
 * at once leave one owner.
 */
@Injectable()
export class MembersService {
  constructor(
    private readonly db: TenantDb,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
  ) {}

  async list(caller: Caller) {
    const data = await this.db.runAsOrg(caller.organization.id, (tx) => this.organizations.members(tx, caller.organization.id));
    return { data, nextCursor: null };
  }

  async changeRole(caller: Caller, userId: string, role: MembershipRole): Promise<MemberItem> {
    if (userId === caller.user.id) throw new AppError(403, 'OWN_MEMBERSHIP', 'You cannot change your own role; ask another owner or admin');
    return this.db.runAsOrg(caller.organization.id, async (tx) => {
      const { target, actorRole } = await this.lockedPair(tx, caller, userId);
      if ((target.role === 'OWNER' || role === 'OWNER') && !canManageOwners(actorRole)) throw ownerOnly();
      if (target.role === role) return target;
      if (target.role === 'OWNER') await this.assertAnotherOwner(tx, caller.organization.id);
      const changed = await this.organizations.setRole(tx, caller.organization.id, userId, role);
      await this.audit.recordBy(tx, caller, {
        action: 'member.role_changed',
        targetType: 'user',
        targetId: userId,
        metadata: { email: target.email, before: target.role, after: role },
      });
      return changed;
    });
  }

  /** Removing oneself is leaving the organisation, allowed unless one is its last owner. */
  async remove(caller: Caller, userId: string): Promise<void> {
    await this.db.runAsOrg(caller.organization.id, async (tx) => {
      const { target, actorRole } = await this.lockedPair(tx, caller, userId);
      if (target.role === 'OWNER' && !canManageOwners(actorRole)) throw ownerOnly();
      if (target.role === 'OWNER') await this.assertAnotherOwner(tx, caller.organization.id);
      await this.organizations.removeUser(tx, caller.organization.id, userId);
      await this.audit.recordBy(tx, caller, {
        action: 'member.removed',
        targetType: 'user',
        targetId: userId,
        metadata: { email: target.email, role: target.role },
      });
    });
  }

  private async lockedPair(tx: OrgTx, caller: Caller, userId: string) {
    const orgId = caller.organization.id;
    await this.organizations.lockMemberships(tx, orgId);
    const actor = await this.organizations.member(tx, orgId, caller.user.id);
    // Removed while this request was under way.
    if (!actor) throw AppError.unauthenticated();
    const target = await this.organizations.member(tx, orgId, userId);
    if (!target) throw AppError.notFound('Member');
    return { target, actorRole: actor.role };
  }

  private async assertAnotherOwner(tx: OrgTx, organizationId: string) {
    if ((await this.organizations.countOwners(tx, organizationId)) <= 1) {
      throw AppError.conflict('LAST_OWNER', 'An organisation keeps at least one owner; make someone else owner first');
    }
  }
}

const ownerOnly = () => new AppError(403, 'OWNER_ONLY', 'Only an owner can grant or take away the owner role');
