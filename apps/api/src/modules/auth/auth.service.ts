import { Injectable } from '@nestjs/common';
import type { MeResponse, RegisterBody } from '@portal/contracts';
import { hashPassword, verifyPassword } from '@portal/db';
import { OrganizationsService } from '../organizations/organizations.service';

// Verified against when the email is unknown, so a missing account costs the
// same time as a wrong password and emails cannot be probed by timing.
const DUMMY_HASH_PROMISE = hashPassword('timing-equaliser-not-a-password');

@Injectable()
export class AuthService {
  constructor(private readonly organizations: OrganizationsService) {}

  async register(input: RegisterBody): Promise<MeResponse> {
    const { password, ...rest } = input;
    return this.organizations.registerWithOwner({ ...rest, passwordHash: await hashPassword(password) });
  }

  /** passport-local's verify step: the caller, or null for wrong credentials. */
  async validateCredentials(email: string, password: string): Promise<MeResponse | null> {
    const candidate = await this.organizations.findLoginCandidate(email.trim().toLowerCase());
    if (!candidate) {
      await verifyPassword(await DUMMY_HASH_PROMISE, password);
      return null;
    }
    if (!(await verifyPassword(candidate.passwordHash, password))) return null;
    return this.organizations.findCaller(candidate.organizationId, candidate.id);
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
