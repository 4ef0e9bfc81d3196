import { Controller, Get, Query } from '@nestjs/common';
import { adminIntegrationsQuery } from '@portal/contracts';
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
  integrations(@CurrentCaller() caller: Caller, @Query(new ZodPipe(adminIntegrationsQuery, 'query')) q: z.infer<typeof adminIntegrationsQuery>) {
    return this.admin.listIntegrations(caller, q);
  }
}
