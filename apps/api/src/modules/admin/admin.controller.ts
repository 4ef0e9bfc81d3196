import { Controller, Get, Param, Query } from '@nestjs/common';
import { adminIntegrationsQuery, type AdminIntegrationsQuery, uuidParam } from '@portal/contracts';
import type { z } from 'zod';
import { type Caller, CurrentCaller, OrgKinds } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { AdminService } from './admin.service';

// The admin's AccessKey route is in access-keys, its sync-run routes in sync-runs.
@OrgKinds('PLATFORM')
@Controller('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('integrations')
  integrations(@CurrentCaller() caller: Caller, @Query(new ZodPipe(adminIntegrationsQuery, 'query')) q: AdminIntegrationsQuery) {
    return this.admin.listIntegrations(caller, q);
  }

  @Get('integrations/:id')
  integration(@CurrentCaller() caller: Caller, @Param(new ZodPipe(uuidParam, 'params')) p: z.infer<typeof uuidParam>) {
    return this.admin.getIntegration(caller, p.id);
  }
}
