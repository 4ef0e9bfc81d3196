import { Module } from '@nestjs/common';
import { RateCounter } from '../../infra/rate-counter';
import { AuthModule } from '../auth/auth.module';
import { MailModule } from '../mail/mail.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { PasswordResetService } from './password-reset.service';
import { PasswordThrottle } from './password-throttle';
import { PasswordsController } from './passwords.controller';
import { PasswordsRepository } from './passwords.repository';
import { PasswordsService } from './passwords.service';

/** Password reset by email link and change password; owns password_reset_tokens. */
@Module({
  imports: [AuthModule, OrganizationsModule, MailModule],
  controllers: [PasswordsController],
  providers: [RateCounter, PasswordThrottle, PasswordsRepository, PasswordResetService, PasswordsService],
})
export class PasswordsModule {}
