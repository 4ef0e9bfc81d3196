import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { importParams, importTemplateQuery } from '@portal/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type Actor, CurrentActor, OrgKinds } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { readSingleUpload } from '../../common/import-file/read-upload';
import { sendAttachment } from '../../common/send-attachment';
import { importTemplate } from './import-template';
import { IngestService } from './ingest.service';

/** CSV/XLSX import into an External integration, from the integration's screen. */
@OrgKinds('DISTRIBUTOR')
@Controller('integrations')
export class ImportController {
  constructor(private readonly ingest: IngestService) {}

  @Get('import-template')
  async template(@Query(new ZodPipe(importTemplateQuery, 'query')) q: z.infer<typeof importTemplateQuery>, @Res() reply: FastifyReply) {
    const file = await importTemplate(q.format);
    return sendAttachment(reply, file);
  }

  @Post(':id/import')
  @HttpCode(200)
  async import(@CurrentActor() actor: Actor, @Param(new ZodPipe(importParams, 'params')) p: z.infer<typeof importParams>, @Req() req: FastifyRequest) {
    return this.ingest.importFile(actor, p.id, await readSingleUpload(req));
  }
}
