import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { createIntegrationBody, type CreateIntegrationBody, sapTestBody, type SapTestBody, uuidParam } from '@portal/contracts';
import type { z } from 'zod';
import { type Caller, CurrentCaller, OrgKinds } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { IntegrationsService } from '../integrations/integrations.service';
import { SapCredentialsService } from './sap-credentials.service';

/**
 * The distributor's SAP routes, and `POST /api/integrations` for every kind:
 * creating an SAP integration stores templates and queues the first sync,
 * which only a module above model-templates and sync-runs may do, so the
 * route lives here and hands DMS and External to integrations.
 */
@OrgKinds('DISTRIBUTOR')
@Controller('integrations')
export class SapCredentialsController {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly sap: SapCredentialsService,
  ) {}

  @Post()
  @HttpCode(201)
  create(@CurrentCaller() caller: Caller, @Body(new ZodPipe(createIntegrationBody)) body: CreateIntegrationBody) {
    return body.kind === 'SAP' ? this.sap.connect(caller, body) : this.integrations.create(caller, body);
  }

  @Post('sap/test')
  @HttpCode(200)
  test(@CurrentCaller() caller: Caller, @Body(new ZodPipe(sapTestBody)) body: SapTestBody) {
    return this.sap.test(caller, body.sap);
  }

  @Put(':id/sap-credentials')
  replaceCredentials(
    @CurrentCaller() caller: Caller,
    @Param(new ZodPipe(uuidParam, 'params')) p: z.infer<typeof uuidParam>,
    @Body(new ZodPipe(sapTestBody)) body: SapTestBody,
  ) {
    return this.sap.replaceCredentials(caller, p.id, body.sap);
  }
}
