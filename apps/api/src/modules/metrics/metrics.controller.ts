import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/auth.decorators';
import { MetricsService } from './metrics.service';

/** Prometheus scrape endpoint; guarded by METRICS_TOKEN or loopback, not by a session. */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  async get(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    this.metrics.authorize(req);
    void reply.header('content-type', this.metrics.contentType);
    return this.metrics.render();
  }
}
