import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { MasterDataController } from './master-data.controller';
import { MasterDataRepository } from './master-data.repository';
import { MasterDataService } from './master-data.service';

/** Customers and products: the read API, and the store External pushes go through (the ingest module's). */
@Module({
  imports: [DocumentsModule, IntegrationsModule, OrganizationsModule],
  controllers: [MasterDataController],
  providers: [MasterDataRepository, MasterDataService],
  exports: [MasterDataService],
})
export class MasterDataModule {}
