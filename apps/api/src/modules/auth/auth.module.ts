import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { createPassport, PASSPORT } from './passport.provider';

@Module({
  imports: [OrganizationsModule],
  controllers: [AuthController],
  providers: [AuthService, { provide: PASSPORT, inject: [AuthService], useFactory: createPassport }],
  exports: [PASSPORT],
})
export class AuthModule {}
