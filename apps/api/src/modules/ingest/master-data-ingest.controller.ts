import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ingestMasterDataBody } from '@portal/contracts';
import type { z } from 'zod';
import { Public } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import type { IngestPrincipal } from '../integrations/ingestion-keys.service';
import { ApiKeyGuard, IngestCaller } from './api-key.guard';
import { MasterDataIngestService } from './master-data-ingest.service';

type Batch = z.infer<typeof ingestMasterDataBody>;

/** External systems push customers and products here with their integration's API key, as they push documents. */
@Public()
@UseGuards(ApiKeyGuard)
@Controller('ingest')
export class MasterDataIngestController {
  constructor(private readonly ingest: MasterDataIngestService) {}

  @Post('customers')
  @HttpCode(200)
  customers(@IngestCaller() principal: IngestPrincipal, @Body(new ZodPipe(ingestMasterDataBody)) body: Batch) {
    return this.ingest.ingest(principal, 'CUSTOMER', body.records);
  }

  @Post('products')
  @HttpCode(200)
  products(@IngestCaller() principal: IngestPrincipal, @Body(new ZodPipe(ingestMasterDataBody)) body: Batch) {
    return this.ingest.ingest(principal, 'PRODUCT', body.records);
  }
}
