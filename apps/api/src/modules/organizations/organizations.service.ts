import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type MailLocale,
  mailLocale,
  type MeResponse,
  type MemberItem,
  type MembershipRole,
  type OrganizationKind,
  type RegisterBody,
} from '@portal/contracts';
import { isUniqueViolation, type OrgTx, TenantDb } from '@portal/db';
import { AppError } from '../../common/app-error';
import { OrganizationsRepository } from './organizations.repository';

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: OrganizationsRepository,
  ) {}

  /** Creates the organisation (the tenant) and its OWNER in one transaction. */
  async registerWithOwner(input: Omit<RegisterBody, 'password'> & { passwordHash: string }): Promise<MeResponse> {
    // The id is chosen here so the transaction can run as the new tenant
    // before its row exists (row-level security checks every insert).
    const organizationId = randomUUID();
    try {
      const created = await this.db.runAsOrg(organizationId, (tx) =>
        this.repo.createWithOwner(tx, {
          organizationId,
          kind: input.organizationKind,
          organizationName: input.organizationName,
          email: input.email,
          name: input.name,
          passwordHash: input.passwordHash,
          locale: input.locale,
        }),
      );
      const userId = created.users[0]?.id;
      if (!userId) throw new Error('owner was not created');
      const caller = await this.findCaller(organizationId, userId);
      if (!caller) throw new Error('registered owner is not readable');
      return caller;
    } catch (err) {
      // The unique index on users.email sees every tenant's rows, RLS or not.
      if (isUniqueViolation(err, 'users_email_key')) {
        throw emailTaken();
      }
      throw err;
    }
  }

  /** 404 rather than 403 for anything row-level security hides: ids are not probeable. */
  async getVisible(callerOrgId: string, organizationId: string) {
    const org = await this.db.runAsOrg(callerOrgId, (tx) => this.repo.findById(tx, organizationId));
    if (!org) throw AppError.notFound('Organisation');
    return org;
  }

  /** An organisation's kind, read as that organisation (machine callers know only its id). */
  async kindOf(organizationId: string): Promise<OrganizationKind | null> {
    const org = await this.db.runAsOrg(organizationId, (tx) => this.repo.findById(tx, organizationId));
    return org?.kind ?? null;
  }

  /** Names of the organisations the caller may see (its own, connected ones), for labels. */
  async namesOf(tx: OrgTx, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.repo.names(tx, ids);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  findLoginCandidate(email: string) {
    return this.db.runForLogin(email, (tx) => this.repo.findUserByEmail(tx, email));
  }

  /** The session's view of a user; null when the user or membership is gone. */
  async findCaller(organizationId: string, userId: string): Promise<MeResponse | null> {
    const row = await this.db.runAsOrg(organizationId, (tx) => this.repo.findCaller(tx, userId));
    const membership = row?.memberships.find((m) => m.organizationId === organizationId);
    if (!row || !membership) return null;
    return {
      // The column is free text in the database; anything but a known language reads as Indonesian, the default.
      user: { id: row.id, email: row.email, name: row.name, role: membership.role, locale: mailLocale.catch('id').parse(row.locale) },
      organization: { id: row.organization.id, name: row.organization.name, kind: row.organization.kind },
    };
  }

  // ---- users and memberships for the members module (issue 11), inside its transaction ----

  /** Held until the transaction ends, so two membership changes of one organisation never both pass the owner check. */
  lockMemberships(tx: OrgTx, organizationId: string) {
    return this.repo.lockOrganization(tx, organizationId);
  }

  async members(tx: OrgTx, organizationId: string): Promise<MemberItem[]> {
    return (await this.repo.listMembers(tx, organizationId)).map(memberItemOf);
  }

  async member(tx: OrgTx, organizationId: string, userId: string): Promise<MemberItem | null> {
    const row = await this.repo.findMember(tx, organizationId, userId);
    return row ? memberItemOf(row) : null;
  }

  countOwners(tx: OrgTx, organizationId: string) {
    return this.repo.countOwners(tx, organizationId);
  }

  async setRole(tx: OrgTx, organizationId: string, userId: string, role: MembershipRole): Promise<MemberItem> {
    return memberItemOf(await this.repo.setRole(tx, organizationId, userId, role));
  }

  async removeUser(tx: OrgTx, organizationId: string, userId: string): Promise<void> {
    await this.repo.deleteUser(tx, organizationId, userId);
  }

  /** A new user of an existing organisation; 409 EMAIL_TAKEN when any organisation already has the email. */
  async addMember(tx: OrgTx, input: { organizationId: string; email: string; name: string; passwordHash: string; role: MembershipRole; locale?: MailLocale }) {
    try {
      return await this.repo.createMember(tx, input);
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_key')) throw emailTaken();
      throw err;
    }
  }

  /** The account a password reset for this email is for, with what its mail needs; null for an unknown email. */
  findResetCandidate(email: string) {
    return this.db.runForLogin(email, (tx) => this.repo.findResetCandidate(tx, email));
  }

  /** A user's password hash and mail contact (name, email, language), in the caller's transaction. */
  credentialsOf(tx: OrgTx, userId: string) {
    return this.repo.findCredentials(tx, userId);
  }

  /** The user's own language; written as the user's organisation, so row-level security keeps it to that user's row. */
  async setLocale(organizationId: string, userId: string, locale: MailLocale): Promise<void> {
    await this.db.runAsOrg(organizationId, (tx) => this.repo.setLocale(tx, userId, locale));
  }

  async setPasswordHash(tx: OrgTx, userId: string, passwordHash: string): Promise<void> {
    await this.repo.setPasswordHash(tx, userId, passwordHash);
  }
}

export const emailTaken = () => AppError.conflict('EMAIL_TAKEN', 'An account with this email already exists; a user belongs to one organisation');

function memberItemOf(row: { role: MembershipRole; createdAt: Date; user: { id: string; name: string; email: string } }): MemberItem {
  return { id: row.user.id, name: row.user.name, email: row.user.email, role: row.role, joinedAt: row.createdAt.toISOString() };
}
