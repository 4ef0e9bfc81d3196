import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { MappingConfirmationsService } from './mapping-confirmations.service';
import { ProductMappingsController } from './product-mappings.controller';
import { ProductMappingsRepository } from './product-mappings.repository';
import { ProductMappingsService } from './product-mappings.service';

/** Product mapping (issue 13): distributor product code → principal SKU, with suggestions; the global AuditService records every change. */
@Module({
  imports: [ConnectionsModule, OrganizationsModule],
  controllers: [ProductMappingsController],
  providers: [ProductMappingsRepository, ProductMappingsService, MappingConfirmationsService],
  exports: [ProductMappingsService],
})
export class ProductMappingsModule {}
