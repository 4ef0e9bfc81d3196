import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { DocumentsController } from './documents.controller';
import { DocumentsRepository } from './documents.repository';
import { DocumentsExportService } from './documents-export.service';
import { DocumentsService } from './documents.service';

@Module({
  imports: [OrganizationsModule, ConnectionsModule],
  controllers: [DocumentsController],
  providers: [DocumentsRepository, DocumentsService, DocumentsExportService],
  exports: [DocumentsService],
})
export class DocumentsModule {}
