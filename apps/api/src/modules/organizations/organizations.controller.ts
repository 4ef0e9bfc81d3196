import { Controller, Get, Param } from '@nestjs/common';
import { uuidParam } from '@portal/contracts';
import type { z } from 'zod';
import { type Caller, CurrentCaller } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { OrganizationsService } from './organizations.service';

@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get(':id')
  get(@CurrentCaller() caller: Caller, @Param(new ZodPipe(uuidParam, 'params')) params: z.infer<typeof uuidParam>) {
    return this.organizations.getVisible(caller.organization.id, params.id);
  }
}
