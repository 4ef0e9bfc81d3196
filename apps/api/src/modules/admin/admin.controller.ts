import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { adminIntegrationsQuery, setAccessKeyBody, type SetAccessKeyBody, uuidParam, syncRunParams, type SyncRunParams, syncRunsQuery } from '@portal/contracts';
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

  @Get('integrations/:id/sync-runs')
  syncRuns(
    @CurrentCaller() caller: Caller,
    @Param(new ZodPipe(uuidParam, 'params')) p: z.infer<typeof uuidParam>,
    @Query(new ZodPipe(syncRunsQuery, 'query')) q: z.infer<typeof syncRunsQuery>,
  ) {
    return this.admin.listSyncRuns(caller, p.id, q);
  }

  @Post('integrations/:id/sync-runs/:runId/retry')
  @HttpCode(202)
  retry(@CurrentCaller() caller: Caller, @Param(new ZodPipe(syncRunParams, 'params')) p: SyncRunParams) {
    return this.admin.retrySyncRun(caller, p.id, p.runId);
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
