import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { OAuthModule } from '../oauth/oauth.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { MachineAuthService } from './machine-auth.service';
import { RequestRateLimit } from './request-rate-limit';

/** What the global guard needs beyond the session: bearer callers and the per-caller rate limits. */
@Module({
  imports: [ApiKeysModule, OAuthModule, OrganizationsModule],
  providers: [MachineAuthService, RequestRateLimit],
  exports: [MachineAuthService, RequestRateLimit],
})
export class MachineAuthModule {}
