import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { documentTypeOfSlug, ingestBody, ingestParams } from '@portal/contracts';
import type { z } from 'zod';
import { Public } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import type { IngestPrincipal } from '../integrations/ingestion-keys.service';
import { ApiKeyGuard, IngestCaller } from './api-key.guard';
import { IngestService } from './ingest.service';

/** External systems push documents here with their integration's API key (never a session). */
@Public()
@UseGuards(ApiKeyGuard)
@Controller('ingest')
export class IngestController {
  constructor(private readonly ingest: IngestService) {}

  @Post(':type')
  @HttpCode(200)
  push(
    @IngestCaller() principal: IngestPrincipal,
    @Param(new ZodPipe(ingestParams, 'params')) p: z.infer<typeof ingestParams>,
    @Body(new ZodPipe(ingestBody)) body: z.infer<typeof ingestBody>,
  ) {
    return this.ingest.ingest(principal, documentTypeOfSlug(p.type), body.documents);
  }
}
