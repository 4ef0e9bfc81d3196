import { Controller, Get, Param, Query } from '@nestjs/common';
import { type SearchQuery, searchParams, searchQuery } from '@portal/contracts';
import type { z } from 'zod';
import { CurrentTenant, OrgKinds, type Tenant } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { SearchService } from './search.service';

const queryPipe = new ZodPipe(searchQuery, 'query');

// `search` is open to bearer callers with documents:read (its scopes); the SKU search to principals' sessions only.
@OrgKinds('DISTRIBUTOR', 'PRINCIPAL')
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  // Declared before `:kind`; Fastify prefers the static path either way.
  @Get('skus')
  @OrgKinds('PRINCIPAL')
  skus(@CurrentTenant() tenant: Tenant, @Query(queryPipe) q: SearchQuery) {
    return this.search.skus(tenant, q);
  }

  @Get(':kind')
  find(@CurrentTenant() tenant: Tenant, @Param(new ZodPipe(searchParams, 'params')) p: z.infer<typeof searchParams>, @Query(queryPipe) q: SearchQuery) {
    return this.search.search(tenant, p.kind, q);
  }
}
