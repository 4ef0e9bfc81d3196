import { Injectable } from '@nestjs/common';
import type { OrgTx } from '@portal/db';

const callerSelect = {
  id: true,
  email: true,
  name: true,
  organization: { select: { id: true, name: true, kind: true } },
  memberships: { select: { role: true, organizationId: true } },
} as const;

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

  /** Only usable inside TenantDb.runForLogin: who a password reset for this email would mail. */
  findResetCandidate(tx: OrgTx, email: string) {
    return tx.user.findUnique({ where: { email }, select: { id: true, organizationId: true, email: true, name: true, locale: true } });
  }

  findCredentials(tx: OrgTx, userId: string) {
    return tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, locale: true, passwordHash: true } });
  }

  setPasswordHash(tx: OrgTx, userId: string, passwordHash: string) {
    return tx.user.update({ where: { id: userId }, data: { passwordHash }, select: { id: true } });
  }
}
