import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { createPassport, PASSPORT } from './passport.provider';
import { SessionEpochs } from './session-epochs';
import { RateCounter } from '../../infra/rate-counter';

@Module({
  imports: [OrganizationsModule],
  controllers: [AuthController],
  providers: [AuthService, RateCounter, LoginThrottle, SessionEpochs, { provide: PASSPORT, inject: [AuthService, SessionEpochs], useFactory: createPassport }],
  exports: [PASSPORT, SessionEpochs],
})
export class AuthModule {}
