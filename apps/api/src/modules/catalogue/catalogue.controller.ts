import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  type CreateSkuBody,
  createSkuBody,
  importTemplateQuery,
  skuImportQuery,
  type SkusQuery,
  skusQuery,
  type UpdateSkuBody,
  updateSkuBody,
  uuidParam,
} from '@portal/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type Actor, CurrentActor, CurrentTenant, OrgKinds, type Tenant } from '../../common/auth.decorators';
import { sendAttachment } from '../../common/send-attachment';
import { ZodPipe } from '../../common/zod.pipe';
import { readSingleUpload } from '../../common/import-file/read-upload';
import { CatalogueImportService } from './catalogue-import.service';
import { CatalogueService } from './catalogue.service';
import { skuImportTemplate } from './sku-import-template';

type IdParam = z.infer<typeof uuidParam>;
const idPipe = new ZodPipe(uuidParam, 'params');

/** The principal's own SKU catalogue (issue 13): a distributor has none. */
@OrgKinds('PRINCIPAL')
@Controller('catalogue')
export class CatalogueController {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly importer: CatalogueImportService,
  ) {}

  @Get('skus')
  list(@CurrentTenant() tenant: Tenant, @Query(new ZodPipe(skusQuery, 'query')) q: SkusQuery) {
    return this.catalogue.list(tenant, q);
  }

  @Get('facets')
  facets(@CurrentTenant() tenant: Tenant) {
    return this.catalogue.facets(tenant);
  }

  @Get('skus/import-template')
  async template(@Query(new ZodPipe(importTemplateQuery, 'query')) q: z.infer<typeof importTemplateQuery>, @Res() reply: FastifyReply) {
    return sendAttachment(reply, await skuImportTemplate(q.format));
  }

  @Post('skus/import')
  @HttpCode(200)
  async import(@CurrentActor() actor: Actor, @Query(new ZodPipe(skuImportQuery, 'query')) q: z.infer<typeof skuImportQuery>, @Req() req: FastifyRequest) {
    return this.importer.import(actor, await readSingleUpload(req), q.dryRun === 'true');
  }

  @Get('skus/:id')
  get(@CurrentTenant() tenant: Tenant, @Param(idPipe) p: IdParam) {
    return this.catalogue.get(tenant, p.id);
  }

  @Post('skus')
  create(@CurrentActor() actor: Actor, @Body(new ZodPipe(createSkuBody)) body: CreateSkuBody) {
    return this.catalogue.create(actor, body);
  }

  @Patch('skus/:id')
  update(@CurrentActor() actor: Actor, @Param(idPipe) p: IdParam, @Body(new ZodPipe(updateSkuBody)) body: UpdateSkuBody) {
    return this.catalogue.update(actor, p.id, body);
  }

  @Delete('skus/:id')
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param(idPipe) p: IdParam) {
    return this.catalogue.remove(actor, p.id);
  }
}
