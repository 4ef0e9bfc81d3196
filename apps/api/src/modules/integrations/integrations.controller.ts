import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { renameIntegrationBody, type RenameIntegrationBody, uuidParam } from '@portal/contracts';
import type { z } from 'zod';
import { type Caller, CurrentCaller, OrgKinds } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { IngestionKeysService } from './ingestion-keys.service';
import { IntegrationsService } from './integrations.service';

type IdParam = z.infer<typeof uuidParam>;
const idPipe = new ZodPipe(uuidParam, 'params');

// `POST /api/integrations` is sap-credentials' (an SAP integration is created with its templates and first sync).
@OrgKinds('DISTRIBUTOR')
@Controller('integrations')
export class IntegrationsController {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly apiKeys: IngestionKeysService,
  ) {}

  @Get()
  list(@CurrentCaller() caller: Caller) {
    return this.integrations.list(caller);
  }

  @Get(':id')
  get(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam) {
    return this.integrations.get(caller, p.id);
  }

  @Patch(':id')
  rename(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam, @Body(new ZodPipe(renameIntegrationBody)) body: RenameIntegrationBody) {
    return this.integrations.rename(caller, p.id, body.name);
  }

  @Get(':id/api-key')
  apiKey(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam) {
    return this.apiKeys.current(caller, p.id);
  }

  @Post(':id/api-key/roll')
  @HttpCode(201)
  rollApiKey(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam) {
    return this.apiKeys.roll(caller, p.id);
  }

  @Delete(':id/api-key')
  @HttpCode(204)
  revokeApiKey(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam) {
    return this.apiKeys.revoke(caller, p.id);
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
