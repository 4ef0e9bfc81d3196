import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { DocumentsController } from './documents.controller';
import { DocumentsRepository } from './documents.repository';
import { DocumentsService } from './documents.service';

@Module({ imports: [OrganizationsModule], controllers: [DocumentsController], providers: [DocumentsRepository, DocumentsService] })
export class DocumentsModule {}
