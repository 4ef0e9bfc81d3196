import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { createIntegrationBody, type CreateIntegrationBody, uuidParam } from '@portal/contracts';
import type { z } from 'zod';
import { type Caller, CurrentCaller, OrgKinds } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { IntegrationsService } from './integrations.service';

type IdParam = z.infer<typeof uuidParam>;
const idPipe = new ZodPipe(uuidParam, 'params');

@OrgKinds('DISTRIBUTOR')
@Controller('integrations')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Get()
  list(@CurrentCaller() caller: Caller) {
    return this.integrations.list(caller);
  }

  @Post()
  @HttpCode(201)
  create(@CurrentCaller() caller: Caller, @Body(new ZodPipe(createIntegrationBody)) body: CreateIntegrationBody) {
    return this.integrations.create(caller, body);
  }

  @Get(':id')
  get(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam) {
    return this.integrations.get(caller, p.id);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam) {
    return this.integrations.remove(caller, p.id);
  }

  @Post(':id/disable')
  @HttpCode(200)
  disable(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam) {
    return this.integrations.setEnabled(caller, p.id, false);
  }

  @Post(':id/enable')
  @HttpCode(200)
  enable(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam) {
    return this.integrations.setEnabled(caller, p.id, true);
  }
}
