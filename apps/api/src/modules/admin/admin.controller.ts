import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { adminIntegrationsQuery, setAccessKeyBody, type SetAccessKeyBody, uuidParam } from '@portal/contracts';
import type { z } from 'zod';
import { type Caller, CurrentCaller, OrgKinds } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { AdminService } from './admin.service';

@OrgKinds('PLATFORM')
@Controller('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('integrations')
  integrations(@CurrentCaller() caller: Caller, @Query(new ZodPipe(adminIntegrationsQuery, 'query')) q: z.infer<typeof adminIntegrationsQuery>) {
    return this.admin.listIntegrations(caller, q);
  }

  @Put('integrations/:id/access-key')
  setAccessKey(
    @CurrentCaller() caller: Caller,
    @Param(new ZodPipe(uuidParam, 'params')) p: z.infer<typeof uuidParam>,
    @Body(new ZodPipe(setAccessKeyBody)) body: SetAccessKeyBody,
  ) {
    return this.admin.setAccessKey(caller, p.id, body.accessKey);
  }
}
