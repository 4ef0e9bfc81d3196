import { Inject, Injectable } from '@nestjs/common';
import type { ChangePasswordBody } from '@portal/contracts';
import { hashPassword, TenantDb, verifyPassword } from '@portal/db';
import { AppError } from '../../common/app-error';
import type { Caller } from '../../common/auth.decorators';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';
import { AuditService } from '../audit/audit.service';
import { SessionEpochs } from '../auth/session-epochs';
import { MailOutbox } from '../mail/mail-outbox';
import { OrganizationsService } from '../organizations/organizations.service';
import { passwordChangedMail } from './password-mails';
import { PasswordThrottle } from './password-throttle';

/** A signed-in user changing their own password (docs/product/users-and-roles.md). */
@Injectable()
export class PasswordsService {
  constructor(
    private readonly db: TenantDb,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
    private readonly mail: MailOutbox,
    private readonly epochs: SessionEpochs,
    private readonly throttle: PasswordThrottle,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  /**
   * Checks the current password, sets the new one and ends every session of
   * the user; the caller signs the current request in again afterwards, so
   * only its other sessions end.
   */
  async change(caller: Caller, input: ChangePasswordBody): Promise<void> {
    const orgId = caller.organization.id;
    await this.throttle.changeAttempt(caller.user.id, async () => {
      const user = await this.db.runAsOrg(orgId, (tx) => this.organizations.credentialsOf(tx, caller.user.id));
      if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
        throw new AppError(400, 'CURRENT_PASSWORD_WRONG', 'The current password is wrong');
      }
    });
    const passwordHash = await hashPassword(input.newPassword);
    const queued = await this.db.runAsOrg(orgId, async (tx) => {
      const user = await this.organizations.credentialsOf(tx, caller.user.id);
      if (!user) throw AppError.unauthenticated();
      await this.organizations.setPasswordHash(tx, user.id, passwordHash);
      await this.audit.recordBy(tx, caller, { action: 'auth.password_changed', targetType: 'user', targetId: user.id });
      return this.mail.queue(tx, passwordChangedMail(orgId, user, this.env.PUBLIC_BASE_URL));
    });
    await this.epochs.bump(caller.user.id);
    await this.mail.dispatch([queued]);
  }
}
