import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { createApiKeyBody, type CreateApiKeyBody, uuidParam } from '@portal/contracts';
import type { z } from 'zod';
import { type Caller, CurrentCaller, OrgKinds } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { ApiKeysService } from './api-keys.service';

/** The organisation's API keys (permission `api_keys:manage` once roles exist: owners and admins). */
@OrgKinds('DISTRIBUTOR', 'PRINCIPAL')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  list(@CurrentCaller() caller: Caller) {
    return this.apiKeys.list(caller);
  }

  @Post()
  create(@CurrentCaller() caller: Caller, @Body(new ZodPipe(createApiKeyBody)) body: CreateApiKeyBody) {
    return this.apiKeys.create(caller, body);
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@CurrentCaller() caller: Caller, @Param(new ZodPipe(uuidParam, 'params')) p: z.infer<typeof uuidParam>) {
    return this.apiKeys.revoke(caller, p.id);
  }
}
