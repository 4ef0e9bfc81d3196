import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { createIntegrationBody, type CreateIntegrationBody, syncNowBody, syncRunsQuery, uuidParam, quarantineQuery, syncRunParams, type SyncRunParams } from '@portal/contracts';
import type { z } from 'zod';
import { type Caller, CurrentCaller, OrgKinds } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { IntegrationsService } from './integrations.service';

type IdParam = z.infer<typeof uuidParam>;
const idPipe = new ZodPipe(uuidParam, 'params');
const runPipe = new ZodPipe(syncRunParams, 'params');

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

  @Post(':id/sync')
  @HttpCode(202)
  sync(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam, @Body(new ZodPipe(syncNowBody)) body: z.infer<typeof syncNowBody>) {
    return this.integrations.syncNow(caller, p.id, body.mode);
  }

  @Get(':id/sync-runs/:runId/quarantine')
  quarantine(@CurrentCaller() caller: Caller, @Param(runPipe) p: SyncRunParams, @Query(new ZodPipe(quarantineQuery, 'query')) q: z.infer<typeof quarantineQuery>) {
    return this.integrations.listQuarantine(caller, p.id, p.runId, q.limit);
  }

  @Post(':id/sync-runs/:runId/retry')
  @HttpCode(202)
  retry(@CurrentCaller() caller: Caller, @Param(runPipe) p: SyncRunParams) {
    return this.integrations.retrySyncRun(caller, p.id, p.runId);
  }

  @Get(':id/sync-runs')
  runs(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam, @Query(new ZodPipe(syncRunsQuery, 'query')) q: z.infer<typeof syncRunsQuery>) {
    return this.integrations.listSyncRuns(caller, p.id, q);
  }
}
