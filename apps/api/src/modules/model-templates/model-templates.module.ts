import { Module } from '@nestjs/common';
import { ModelTemplatesRepository } from './model-templates.repository';
import { ModelTemplatesService } from './model-templates.service';

@Module({ providers: [ModelTemplatesRepository, ModelTemplatesService], exports: [ModelTemplatesService] })
export class ModelTemplatesModule {}
