import { Body, Controller, Param, Put } from '@nestjs/common';
import { setAccessKeyBody, type SetAccessKeyBody, uuidParam } from '@portal/contracts';
import type { z } from 'zod';
import { type Caller, CurrentCaller, OrgKinds } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { AccessKeysService } from './access-keys.service';

/** Platform admins set (or replace) a DMS integration's AccessKey. */
@OrgKinds('PLATFORM')
@Controller('admin/integrations')
export class AccessKeysController {
  constructor(private readonly accessKeys: AccessKeysService) {}

  @Put(':id/access-key')
  setAccessKey(
    @CurrentCaller() caller: Caller,
    @Param(new ZodPipe(uuidParam, 'params')) p: z.infer<typeof uuidParam>,
    @Body(new ZodPipe(setAccessKeyBody)) body: SetAccessKeyBody,
  ) {
    return this.accessKeys.setAccessKey(caller, p.id, body.accessKey);
  }
}
