import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  type AcceptSuggestionsBody,
  acceptSuggestionsBody,
  type ConfirmMappingsBody,
  confirmMappingsBody,
  type MappingsQuery,
  mappingsQuery,
  uuidParam,
} from '@portal/contracts';
import type { z } from 'zod';
import { type Caller, CurrentCaller, CurrentTenant, OrgKinds, type Tenant } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { MappingConfirmationsService } from './mapping-confirmations.service';
import { ProductMappingsService } from './product-mappings.service';

type IdParam = z.infer<typeof uuidParam>;

/** Product mapping (issue 13): a principal's view of its connected distributors' product codes; a distributor has none. */
@OrgKinds('PRINCIPAL')
@Controller('product-mappings')
export class ProductMappingsController {
  constructor(
    private readonly mappings: ProductMappingsService,
    private readonly confirmations: MappingConfirmationsService,
  ) {}

  @Get()
  list(@CurrentTenant() tenant: Tenant, @Query(new ZodPipe(mappingsQuery, 'query')) q: MappingsQuery) {
    return this.mappings.list(tenant, q);
  }

  @Get('summary')
  summary(@CurrentTenant() tenant: Tenant) {
    return this.mappings.summary(tenant);
  }

  @Put()
  @HttpCode(200)
  confirm(@CurrentCaller() caller: Caller, @Body(new ZodPipe(confirmMappingsBody)) body: ConfirmMappingsBody) {
    return this.confirmations.confirm(caller, body);
  }

  @Post('accept-suggestions')
  @HttpCode(200)
  accept(@CurrentCaller() caller: Caller, @Body(new ZodPipe(acceptSuggestionsBody)) body: AcceptSuggestionsBody) {
    return this.confirmations.acceptSuggestions(caller, body);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentCaller() caller: Caller, @Param(new ZodPipe(uuidParam, 'params')) p: IdParam) {
    return this.confirmations.remove(caller, p.id);
  }
}
