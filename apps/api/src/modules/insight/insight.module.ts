import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { InsightExportService } from './insight-export.service';
import { InsightScopeService } from './insight-scope.service';
import { InsightSummaryService } from './insight-summary.service';
import { InsightTopService } from './insight-top.service';
import { InsightTrendService } from './insight-trend.service';
import { InsightController } from './insight.controller';
import { InsightRepository } from './insight.repository';

/**
 * Insight (issue 13, docs/product/master-data.md "Insight (built)"): sell-out
 * and sell-in figures from the insight sums, read with the caller's
 * row-level security; the scope of a principal through DocumentsService.
 */
@Module({
  imports: [DocumentsModule, OrganizationsModule],
  controllers: [InsightController],
  providers: [InsightRepository, InsightScopeService, InsightSummaryService, InsightTrendService, InsightTopService, InsightExportService],
})
export class InsightModule {}
