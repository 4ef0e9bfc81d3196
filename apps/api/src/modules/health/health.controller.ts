import { Controller, Get, Res } from '@nestjs/common';
import type { HealthResponse } from '@portal/contracts';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/auth.decorators';
import { HealthService } from './health.service';

@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  async get(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    const result = await this.health.check();
    if (result.status !== 'ok') void reply.status(503);
    return result;
  }
}
