import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { DocumentChangesRepository } from './document-changes.repository';
import { DocumentChangesService } from './document-changes.service';
import { DocumentsController } from './documents.controller';
import { DocumentsRepository } from './documents.repository';
import { DocumentsExportService } from './documents-export.service';
import { DocumentsService } from './documents.service';

@Module({
  imports: [OrganizationsModule, ConnectionsModule],
  controllers: [DocumentsController],
  providers: [DocumentsRepository, DocumentsService, DocumentsExportService, DocumentChangesRepository, DocumentChangesService],
  exports: [DocumentsService],
})
export class DocumentsModule {}
