import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { type PreviewTemplateBody, previewTemplateBody, type SaveTemplateVersionBody, saveTemplateVersionBody, uuidParam } from '@portal/contracts';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { type Caller, CurrentCaller, OrgKinds } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { ModelTemplatesService } from './model-templates.service';

type IdParam = z.infer<typeof uuidParam>;
const idPipe = new ZodPipe(uuidParam, 'params');

@OrgKinds('DISTRIBUTOR')
@Controller()
export class ModelTemplatesController {
  constructor(private readonly templates: ModelTemplatesService) {}

  @Get('integrations/:id/model-templates')
  list(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam) {
    return this.templates.listCurrent(caller, p.id);
  }

  @Get('model-templates/:id')
  get(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam) {
    return this.templates.get(caller, p.id);
  }

  /** 201 with the new version; 200 with the current one when the rules did not change (no version is made). */
  @Post('model-templates/:id/versions')
  async saveVersion(
    @CurrentCaller() caller: Caller,
    @Param(idPipe) p: IdParam,
    @Body(new ZodPipe(saveTemplateVersionBody)) body: SaveTemplateVersionBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { created, template } = await this.templates.saveEdited(caller, p.id, body);
    void reply.status(created ? 201 : 200);
    return template;
  }

  @Post('model-templates/:id/preview')
  @HttpCode(200)
  preview(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam, @Body(new ZodPipe(previewTemplateBody)) body: PreviewTemplateBody) {
    return this.templates.preview(caller, p.id, body);
  }
}
