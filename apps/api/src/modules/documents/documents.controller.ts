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
import { CurrentTenant, OrgKinds, type Tenant } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { DocumentChangesService } from './document-changes.service';
import { DocumentsExportService } from './documents-export.service';
import { DocumentsService } from './documents.service';
import { sendAttachment } from '../../common/send-attachment';

// Open to bearer callers with documents:read (the endpoints' scopes): the tenant is the session's or the key's organisation.
@OrgKinds('DISTRIBUTOR', 'PRINCIPAL')
@Controller('documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly exports: DocumentsExportService,
    private readonly changes: DocumentChangesService,
  ) {}

  @Get()
  list(@CurrentTenant() tenant: Tenant, @Query(new ZodPipe(documentsQuery, 'query')) q: DocumentsQuery) {
    return this.documents.list(tenant, q);
  }

  @Get('series')
  series(@CurrentTenant() tenant: Tenant, @Query(new ZodPipe(documentSeriesQuery, 'query')) q: z.infer<typeof documentSeriesQuery>) {
    return this.documents.series(tenant, q);
  }

  @Get('export')
  async export(
    @CurrentTenant() tenant: Tenant,
    @Query(new ZodPipe(documentExportQuery, 'query')) q: z.infer<typeof documentExportQuery>,
    @Res() reply: FastifyReply,
  ) {
    const file = await this.exports.export(tenant, q);
    return sendAttachment(reply, { ...file, body: file.stream });
  }

  @Get('changes')
  changeFeed(@CurrentTenant() tenant: Tenant, @Query(new ZodPipe(documentChangesQuery, 'query')) q: DocumentChangesQuery) {
    return this.changes.page(tenant, q);
  }

  @Get(':id')
  get(@CurrentTenant() tenant: Tenant, @Param(new ZodPipe(uuidParam, 'params')) p: z.infer<typeof uuidParam>) {
    return this.documents.get(tenant, p.id);
  }
}
