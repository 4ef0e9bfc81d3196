import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  insightExportQuery,
  insightFilters,
  type InsightFilters,
  insightTopQuery,
  type InsightTopQuery,
  insightTrendQuery,
  type InsightTrendQuery,
} from '@portal/contracts';
import type { FastifyReply } from 'fastify';
import { type Actor, CurrentActor, CurrentTenant, OrgKinds, type Tenant } from '../../common/auth.decorators';
import { sendAttachment } from '../../common/send-attachment';
import { ZodPipe } from '../../common/zod.pipe';
import { InsightExportService } from './insight-export.service';
import { InsightSummaryService } from './insight-summary.service';
import { InsightTopService } from './insight-top.service';
import { InsightTrendService } from './insight-trend.service';

// Open to bearer callers with documents:read like the documents endpoints (the contracts' scopes).
@OrgKinds('DISTRIBUTOR', 'PRINCIPAL')
@Controller('insight')
export class InsightController {
  constructor(
    private readonly summaries: InsightSummaryService,
    private readonly trends: InsightTrendService,
    private readonly tops: InsightTopService,
    private readonly exports: InsightExportService,
  ) {}

  @Get('summary')
  summary(@CurrentTenant() tenant: Tenant, @Query(new ZodPipe(insightFilters, 'query')) q: InsightFilters) {
    return this.summaries.summary(tenant, q);
  }

  @Get('trend')
  trend(@CurrentTenant() tenant: Tenant, @Query(new ZodPipe(insightTrendQuery, 'query')) q: InsightTrendQuery) {
    return this.trends.trend(tenant, q);
  }

  @Get('top')
  top(@CurrentTenant() tenant: Tenant, @Query(new ZodPipe(insightTopQuery, 'query')) q: InsightTopQuery) {
    return this.tops.top(tenant, q);
  }

  @Get('export.xlsx')
  async export(@CurrentActor() actor: Actor, @Query(new ZodPipe(insightExportQuery, 'query')) q: InsightTrendQuery, @Res() reply: FastifyReply) {
    return sendAttachment(reply, await this.exports.workbook(actor, q));
  }
}
