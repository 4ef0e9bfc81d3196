import { Module } from '@nestjs/common';
import { RateCounter } from '../../infra/rate-counter';
import { OAuthClientsRepository } from './oauth-clients.repository';
import { OAuthClientsService } from './oauth-clients.service';
import { OAuthController } from './oauth.controller';
import { OAuthTokenService } from './oauth-token.service';
import { SigningKeys } from './signing-keys';

/** OAuth 2.0 client credentials: clients, the token endpoint, the JWK set, and verifying the access tokens. */
@Module({
  controllers: [OAuthController],
  providers: [RateCounter, OAuthClientsRepository, OAuthClientsService, OAuthTokenService, SigningKeys],
  exports: [OAuthTokenService],
})
export class OAuthModule {}
