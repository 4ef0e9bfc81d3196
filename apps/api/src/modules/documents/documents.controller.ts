import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  documentChangesQuery,
  type DocumentChangesQuery,
  documentExportQuery,
  documentSeriesQuery,
  documentsQuery,
  type DocumentsQuery,
  uuidParam,
} from '@portal/contracts';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { type Caller, CurrentCaller, OrgKinds } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { DocumentChangesService } from './document-changes.service';
import { DocumentsExportService } from './documents-export.service';
import { DocumentsService } from './documents.service';
import { sendAttachment } from '../../common/send-attachment';

@OrgKinds('DISTRIBUTOR', 'PRINCIPAL')
@Controller('documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly exports: DocumentsExportService,
    private readonly changes: DocumentChangesService,
  ) {}

  @Get()
  list(@CurrentCaller() caller: Caller, @Query(new ZodPipe(documentsQuery, 'query')) q: DocumentsQuery) {
    return this.documents.list(caller, q);
  }

  @Get('series')
  series(@CurrentCaller() caller: Caller, @Query(new ZodPipe(documentSeriesQuery, 'query')) q: z.infer<typeof documentSeriesQuery>) {
    return this.documents.series(caller, q);
  }

  @Get('export')
  async export(
    @CurrentCaller() caller: Caller,
    @Query(new ZodPipe(documentExportQuery, 'query')) q: z.infer<typeof documentExportQuery>,
    @Res() reply: FastifyReply,
  ) {
    const file = await this.exports.export(caller, q);
    return sendAttachment(reply, { ...file, body: file.stream });
  }

  @Get('changes')
  changeFeed(@CurrentCaller() caller: Caller, @Query(new ZodPipe(documentChangesQuery, 'query')) q: DocumentChangesQuery) {
    return this.changes.page(caller, q);
  }

  @Get(':id')
  get(@CurrentCaller() caller: Caller, @Param(new ZodPipe(uuidParam, 'params')) p: z.infer<typeof uuidParam>) {
    return this.documents.get(caller, p.id);
  }
}
