import { Injectable, Logger } from '@nestjs/common';
import type { MailLocale, MeResponse, RegisterBody } from '@portal/contracts';
import { hashPassword, TenantDb, verifyPassword } from '@portal/db';
import { currentRequest } from '../../common/request-context';
import { AuditService } from '../audit/audit.service';
import { OrganizationsService } from '../organizations/organizations.service';

// Verified against when the email is unknown, so a missing account costs the
// same time as a wrong password and emails cannot be probed by timing.
const DUMMY_HASH_PROMISE = hashPassword('timing-equaliser-not-a-password');

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly organizations: OrganizationsService,
    private readonly db: TenantDb,
    private readonly audit: AuditService,
  ) {}

  async register(input: RegisterBody): Promise<MeResponse> {
    const { password, ...rest } = input;
    return this.organizations.registerWithOwner({ ...rest, passwordHash: await hashPassword(password) });
  }

  /** Read back by the session on the next request (`loadSessionCaller`), so nothing in the session needs updating. */
  setLocale(caller: MeResponse, locale: MailLocale): Promise<void> {
    return this.organizations.setLocale(caller.organization.id, caller.user.id, locale);
  }

  /** passport-local's verify step: the caller, or null for wrong credentials. */
  async validateCredentials(email: string, password: string): Promise<MeResponse | null> {
    const candidate = await this.organizations.findLoginCandidate(email.trim().toLowerCase());
    if (!candidate) {
      await verifyPassword(await DUMMY_HASH_PROMISE, password);
      return null;
    }
    if (!(await verifyPassword(candidate.passwordHash, password))) {
      // Not awaited: an unknown email writes nothing, so waiting for the row would tell them apart by time.
      this.recordLoginFailed(candidate, email).catch((err: unknown) => this.logger.error({ err }, 'recording a failed login failed'));
      return null;
    }
    const caller = await this.organizations.findCaller(candidate.organizationId, candidate.id);
    if (caller) await this.recordBy(caller, 'auth.login_succeeded');
    return caller;
  }

  /** The session is about to end (logout). */
  loggedOut(caller: MeResponse): Promise<unknown> {
    return this.recordBy(caller, 'auth.logged_out');
  }

  private recordBy(caller: MeResponse, action: 'auth.login_succeeded' | 'auth.logged_out') {
    return this.db.runAsOrg(caller.organization.id, (tx) =>
      this.audit.recordBy(tx, caller, { action, targetType: 'user', targetId: caller.user.id, metadata: { ip: currentRequest()?.ip ?? null } }),
    );
  }

  /**
   * A wrong password for an existing account goes on that organisation's
   * log, one row per attempt: the login throttle refuses attempts past its
   * ceilings before any password is checked, so an attack writes at most
   * that many rows per window. Nobody is the actor (whoever tried is
   * unknown); the account is the target. Unknown emails have no
   * organisation to file them under and are not recorded.
   */
  private recordLoginFailed(candidate: { id: string; organizationId: string }, email: string) {
    return this.db.runAsOrg(candidate.organizationId, (tx) =>
      this.audit.record(tx, {
        organizationId: candidate.organizationId,
        actorUserId: null,
        actorOrgId: null,
        action: 'auth.login_failed',
        targetType: 'user',
        targetId: candidate.id,
        metadata: { email: email.trim().toLowerCase(), ip: currentRequest()?.ip ?? null },
      }),
    );
  }

  /** Re-reads the session's user each request, so a removed user is logged out at once. */
  loadSessionCaller(ref: SessionRef): Promise<MeResponse | null> {
    return this.organizations.findCaller(ref.o, ref.u);
  }
}

/** What the session stores: ids only. */
export interface SessionRef {
  u: string;
  o: string;
  /** The user's session generation when it signed in (`SessionEpochs`). */
  g?: number;
}
