import { Injectable } from '@nestjs/common';
import type { MembershipRole, OrgTx } from '@portal/db';

const callerSelect = {
  id: true,
  email: true,
  name: true,
  locale: true,
  organization: { select: { id: true, name: true, kind: true } },
  memberships: { select: { role: true, organizationId: true } },
} as const;

const memberSelect = { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } } as const;

/** Prisma access for organisations, users and memberships. No rules here. */
@Injectable()
export class OrganizationsRepository {
  createWithOwner(
    tx: OrgTx,
    input: {
      organizationId: string;
      kind: 'DISTRIBUTOR' | 'PRINCIPAL' | 'PLATFORM';
      organizationName: string;
      email: string;
      name: string;
      passwordHash: string;
      locale?: string;
    },
  ) {
    return tx.organization.create({
      data: {
        id: input.organizationId,
        kind: input.kind,
        name: input.organizationName,
        users: {
          create: {
            email: input.email,
            name: input.name,
            passwordHash: input.passwordHash,
            locale: input.locale,
            memberships: { create: { organizationId: input.organizationId, role: 'OWNER' } },
          },
        },
      },
      select: { id: true, users: { select: { id: true } } },
    });
  }

  /** Only usable inside TenantDb.runForLogin, where RLS exposes exactly this email's row. */
  findUserByEmail(tx: OrgTx, email: string) {
    return tx.user.findUnique({ where: { email }, select: { id: true, organizationId: true, passwordHash: true } });
  }

  findCaller(tx: OrgTx, userId: string) {
    return tx.user.findUnique({ where: { id: userId }, select: callerSelect });
  }

  names(tx: OrgTx, ids: string[]) {
    return tx.organization.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  }

  findById(tx: OrgTx, organizationId: string) {
    return tx.organization.findUnique({ where: { id: organizationId }, select: { id: true, name: true, kind: true } });
  }

  /** Serialises membership changes of one organisation: held until the transaction ends. */
  async lockOrganization(tx: OrgTx, organizationId: string) {
    await tx.$queryRaw`select id from organizations where id = ${organizationId}::uuid for update`;
  }

  listMembers(tx: OrgTx, organizationId: string) {
    return tx.membership.findMany({ where: { organizationId }, select: memberSelect, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  findMember(tx: OrgTx, organizationId: string, userId: string) {
    return tx.membership.findUnique({ where: { organizationId_userId: { organizationId, userId } }, select: memberSelect });
  }

  countOwners(tx: OrgTx, organizationId: string) {
    return tx.membership.count({ where: { organizationId, role: 'OWNER' } });
  }

  setRole(tx: OrgTx, organizationId: string, userId: string, role: MembershipRole) {
    return tx.membership.update({ where: { organizationId_userId: { organizationId, userId } }, data: { role }, select: memberSelect });
  }

  /** The user row goes (a user belongs to one organisation); its membership cascades. */
  deleteUser(tx: OrgTx, organizationId: string, userId: string) {
    return tx.user.deleteMany({ where: { id: userId, organizationId } });
  }

  createMember(tx: OrgTx, input: { organizationId: string; email: string; name: string; passwordHash: string; role: MembershipRole; locale?: string }) {
    return tx.user.create({
      data: {
        organizationId: input.organizationId,
        email: input.email,
        name: input.name,
        passwordHash: input.passwordHash,
        locale: input.locale,
        memberships: { create: { organizationId: input.organizationId, role: input.role } },
      },
      select: { id: true },
    });
  }

  /** Only usable inside TenantDb.runForLogin: who a password reset for this email would mail. */
  findResetCandidate(tx: OrgTx, email: string) {
    return tx.user.findUnique({ where: { email }, select: { id: true, organizationId: true, email: true, name: true, locale: true } });
  }

  findCredentials(tx: OrgTx, userId: string) {
    return tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, locale: true, passwordHash: true } });
  }

  setLocale(tx: OrgTx, userId: string, locale: string) {
    return tx.user.update({ where: { id: userId }, data: { locale }, select: { id: true } });
  }

  setPasswordHash(tx: OrgTx, userId: string, passwordHash: string) {
    return tx.user.update({ where: { id: userId }, data: { passwordHash }, select: { id: true } });
  }
}
