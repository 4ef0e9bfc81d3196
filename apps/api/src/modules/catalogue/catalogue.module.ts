import { Module } from '@nestjs/common';
import { CatalogueImportService } from './catalogue-import.service';
import { CatalogueController } from './catalogue.controller';
import { CatalogueRepository } from './catalogue.repository';
import { CatalogueService } from './catalogue.service';

/** The principal's SKU catalogue and its CSV/XLSX import (issue 13); the global AuditService records every change. */
@Module({
  controllers: [CatalogueController],
  providers: [CatalogueRepository, CatalogueService, CatalogueImportService],
  exports: [CatalogueService],
})
export class CatalogueModule {}
