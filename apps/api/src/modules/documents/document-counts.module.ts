import { Module } from '@nestjs/common';
import { DocumentCountsService } from './document-counts.service';
import { DocumentsRepository } from './documents.repository';

// Apart from DocumentsModule, which needs connections (and so integrations):
// integrations import this one without a cycle.
@Module({ providers: [DocumentsRepository, DocumentCountsService], exports: [DocumentCountsService] })
export class DocumentCountsModule {}
