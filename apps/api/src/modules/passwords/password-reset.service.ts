import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { PASSWORD_RESET_TTL_MINUTES, type PasswordResetConfirmBody } from '@portal/contracts';
import { randomToken, sha256Hex } from '@portal/crypto';
import { hashPassword, TenantDb } from '@portal/db';
import { AppError } from '../../common/app-error';
import { Clock } from '../../common/clock';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';
import { AuditService } from '../audit/audit.service';
import { SessionEpochs } from '../auth/session-epochs';
import { MailOutbox } from '../mail/mail-outbox';
import { OrganizationsService } from '../organizations/organizations.service';
import { passwordChangedMail, passwordResetMail, resetLink } from './password-mails';
import { PasswordThrottle } from './password-throttle';
import { PasswordsRepository } from './passwords.repository';

/**
 * Every reset request answers no sooner than this: an unknown email does the
 * same lookup and token generation as a known one but writes nothing, and the
 * floor hides that difference (a few milliseconds of writes) from timing.
 */
const REQUEST_FLOOR_MS = 300;

const INVALID_LINK = () => new AppError(404, 'RESET_LINK_INVALID', 'This password reset link is not valid; ask for a new one');

/** Password reset by email link (docs/product/users-and-roles.md). */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: PasswordsRepository,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
    private readonly mail: MailOutbox,
    private readonly epochs: SessionEpochs,
    private readonly throttle: PasswordThrottle,
    private readonly clock: Clock,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  /** Mails a single-use link when an account has this email; the caller learns nothing either way. */
  async request(address: string, email: string): Promise<void> {
    const started = Date.now();
    await this.throttle.resetRequest(address, email);
    const token = randomToken(32);
    const tokenHash = sha256Hex(token);
    const user = await this.organizations.findResetCandidate(email);
    if (user) {
      const expiresAt = new Date(this.clock.now().getTime() + PASSWORD_RESET_TTL_MINUTES * 60_000);
      const queued = await this.db.runAsOrg(user.organizationId, async (tx) => {
        await this.repo.createResetToken(tx, { organizationId: user.organizationId, userId: user.id, tokenHash, expiresAt });
        // Nobody is signed in: the event has no actor; it never carries the token.
        await this.audit.record(tx, {
          organizationId: user.organizationId,
          actorUserId: null,
          actorOrgId: null,
          action: 'auth.password_reset_requested',
          targetType: 'user',
          targetId: user.id,
          metadata: { expiresAt: expiresAt.toISOString() },
        });
        return this.mail.queue(tx, passwordResetMail(user.organizationId, user, resetLink(this.env.PUBLIC_BASE_URL, token)));
      });
      await this.mail.dispatch([queued]);
    }
    await sleep(Math.max(0, started + REQUEST_FLOOR_MS - Date.now()));
  }

  /** Sets the new password, uses the link up (and every other of the user's), and ends all the user's sessions. */
  async confirm(input: PasswordResetConfirmBody): Promise<void> {
    const now = this.clock.now();
    const tokenHash = sha256Hex(input.token);
    const found = await this.db.runForPasswordReset(tokenHash, (tx) => this.repo.findResetToken(tx, tokenHash));
    if (!found) throw INVALID_LINK();
    const passwordHash = await hashPassword(input.password);
    const queued = await this.db.runAsOrg(found.organizationId, async (tx) => {
      if (!(await this.repo.claimResetToken(tx, tokenHash, now))) {
        const token = await this.repo.findResetToken(tx, tokenHash);
        if (token?.usedAt) throw new AppError(410, 'RESET_LINK_USED', 'This password reset link has already been used');
        throw new AppError(410, 'RESET_LINK_EXPIRED', 'This password reset link has expired; ask for a new one');
      }
      const user = await this.organizations.credentialsOf(tx, found.userId);
      if (!user) throw INVALID_LINK();
      await this.organizations.setPasswordHash(tx, user.id, passwordHash);
      await this.repo.consumeResetTokensOf(tx, user.id, now);
      await this.audit.record(tx, {
        organizationId: found.organizationId,
        actorUserId: user.id,
        actorOrgId: found.organizationId,
        action: 'auth.password_reset',
        targetType: 'user',
        targetId: user.id,
      });
      return this.mail.queue(tx, passwordChangedMail(found.organizationId, user, this.env.PUBLIC_BASE_URL));
    });
    await this.epochs.bump(found.userId);
    await this.mail.dispatch([queued]);
  }
}
