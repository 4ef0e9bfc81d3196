import { Module } from '@nestjs/common';
import { IntegrationsModule } from '../integrations/integrations.module';
import { ModelTemplatesController } from './model-templates.controller';
import { ModelTemplatesRepository } from './model-templates.repository';
import { ModelTemplatesService } from './model-templates.service';

// Depends on integrations (ownership, the DMS AccessKey, the sync-now path);
// integrations does not depend on templates: activation stores them via admin.
@Module({
  imports: [IntegrationsModule],
  controllers: [ModelTemplatesController],
  providers: [ModelTemplatesRepository, ModelTemplatesService],
  exports: [ModelTemplatesService],
})
export class ModelTemplatesModule {}
