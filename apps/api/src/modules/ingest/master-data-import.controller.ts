import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { masterDataImportParams, masterDataKindParams, masterDataTemplateQuery } from '@portal/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type Caller, CurrentCaller, OrgKinds } from '../../common/auth.decorators';
import { sendAttachment } from '../../common/send-attachment';
import { ZodPipe } from '../../common/zod.pipe';
import { MasterDataIngestService } from './master-data-ingest.service';
import { masterDataTemplate } from './master-data-template';
import { readSingleUpload } from '../../common/import-file/read-upload';

/** CSV/XLSX import of customers and products into an External integration, and its templates. */
@OrgKinds('DISTRIBUTOR')
@Controller()
export class MasterDataImportController {
  constructor(private readonly ingest: MasterDataIngestService) {}

  @Get('master-data/:kind/import-template')
  async template(
    @Param(new ZodPipe(masterDataKindParams, 'params')) p: z.infer<typeof masterDataKindParams>,
    @Query(new ZodPipe(masterDataTemplateQuery, 'query')) q: z.infer<typeof masterDataTemplateQuery>,
    @Res() reply: FastifyReply,
  ) {
    return sendAttachment(reply, await masterDataTemplate(p.kind, q.format));
  }

  @Post('integrations/:id/import/:kind')
  @HttpCode(200)
  async import(
    @CurrentCaller() caller: Caller,
    @Param(new ZodPipe(masterDataImportParams, 'params')) p: z.infer<typeof masterDataImportParams>,
    @Req() req: FastifyRequest,
  ) {
    return this.ingest.importFile(caller, p.id, p.kind, await readSingleUpload(req));
  }
}
