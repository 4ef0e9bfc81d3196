import { Global, Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { AuditController } from './audit.controller';
import { AuditLogService } from './audit-log.service';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

// Global: every module records its actions through AuditService.
@Global()
@Module({
  imports: [OrganizationsModule],
  controllers: [AuditController],
  providers: [AuditService, AuditRepository, AuditLogService],
  exports: [AuditService],
})
export class AuditModule {}
