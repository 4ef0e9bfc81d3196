import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { quarantineQuery, syncNowBody, syncRunParams, type SyncRunParams, syncRunsQuery, uuidParam } from '@portal/contracts';
import type { z } from 'zod';
import { type Caller, CurrentCaller, OrgKinds } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { SyncRunsService } from './sync-runs.service';

type IdParam = z.infer<typeof uuidParam>;
type RunsQuery = z.infer<typeof syncRunsQuery>;
const idPipe = new ZodPipe(uuidParam, 'params');
const runPipe = new ZodPipe(syncRunParams, 'params');
const runsQueryPipe = new ZodPipe(syncRunsQuery, 'query');

/**
 * Every sync-run route: the distributor's sync now, history, quarantine,
 * retry and re-consolidate of a template's type, and the platform admin's
 * view and retry of any distributor's runs.
 */
@Controller()
export class SyncRunsController {
  constructor(private readonly runs: SyncRunsService) {}

  @Post('integrations/:id/sync')
  @OrgKinds('DISTRIBUTOR')
  @HttpCode(202)
  sync(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam, @Body(new ZodPipe(syncNowBody)) body: z.infer<typeof syncNowBody>) {
    return this.runs.syncNow(caller, p.id, body.mode);
  }

  @Get('integrations/:id/sync-schedule')
  @OrgKinds('DISTRIBUTOR')
  schedule(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam) {
    return this.runs.schedule(caller, p.id);
  }

  @Get('integrations/:id/sync-runs')
  @OrgKinds('DISTRIBUTOR')
  list(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam, @Query(runsQueryPipe) q: RunsQuery) {
    return this.runs.list(caller, p.id, q);
  }

  @Get('integrations/:id/sync-runs/:runId/quarantine')
  @OrgKinds('DISTRIBUTOR')
  quarantine(
    @CurrentCaller() caller: Caller,
    @Param(runPipe) p: SyncRunParams,
    @Query(new ZodPipe(quarantineQuery, 'query')) q: z.infer<typeof quarantineQuery>,
  ) {
    return this.runs.listQuarantine(caller, p.id, p.runId, q.limit);
  }

  @Post('integrations/:id/sync-runs/:runId/retry')
  @OrgKinds('DISTRIBUTOR')
  @HttpCode(202)
  retry(@CurrentCaller() caller: Caller, @Param(runPipe) p: SyncRunParams) {
    return this.runs.retry(caller, p.id, p.runId);
  }

  @Post('model-templates/:id/reconsolidate')
  @OrgKinds('DISTRIBUTOR')
  @HttpCode(202)
  reconsolidate(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam) {
    return this.runs.reconsolidate(caller, p.id);
  }

  @Get('admin/integrations/:id/sync-runs')
  @OrgKinds('PLATFORM')
  adminList(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam, @Query(runsQueryPipe) q: RunsQuery) {
    return this.runs.adminList(caller, p.id, q);
  }

  @Post('admin/integrations/:id/sync-runs/:runId/retry')
  @OrgKinds('PLATFORM')
  @HttpCode(202)
  adminRetry(@CurrentCaller() caller: Caller, @Param(runPipe) p: SyncRunParams) {
    return this.runs.adminRetry(caller, p.id, p.runId);
  }
}
