import { Controller, Get, Query } from '@nestjs/common';
import { masterDataQuery, type MasterDataQuery } from '@portal/contracts';
import { CurrentTenant, OrgKinds, type Tenant } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { MasterDataService } from './master-data.service';

// Open to bearer callers with documents:read (the endpoints' scopes), as the documents list is.
@OrgKinds('DISTRIBUTOR', 'PRINCIPAL')
@Controller('master-data')
export class MasterDataController {
  constructor(private readonly masterData: MasterDataService) {}

  @Get('customers')
  customers(@CurrentTenant() tenant: Tenant, @Query(new ZodPipe(masterDataQuery, 'query')) q: MasterDataQuery) {
    return this.masterData.customers(tenant, q);
  }

  @Get('products')
  products(@CurrentTenant() tenant: Tenant, @Query(new ZodPipe(masterDataQuery, 'query')) q: MasterDataQuery) {
    return this.masterData.products(tenant, q);
  }

  @Get('summary')
  summary(@CurrentTenant() tenant: Tenant) {
    return this.masterData.summary(tenant);
  }
}
