import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module';
import { DocumentsModule } from '../documents/documents.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { SearchController } from './search.controller';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';

/** Search helps (issue 13): typeahead over customers, products, suppliers, distributors and SKUs. */
@Module({
  imports: [DocumentsModule, ConnectionsModule, OrganizationsModule],
  controllers: [SearchController],
  providers: [SearchRepository, SearchService],
})
export class SearchModule {}
