import { Module } from '@nestjs/common';
import { IntegrationsModule } from '../integrations/integrations.module';
import { ModelTemplatesController } from './model-templates.controller';
import { ModelTemplatesRepository } from './model-templates.repository';
import { ModelTemplatesService } from './model-templates.service';

// Depends on integrations (ownership, the sealed secret for previews);
// access-keys and sap-credentials store the generated templates at activation and sync-runs
// re-consolidates a template's type, so neither is imported here.
@Module({
  imports: [IntegrationsModule],
  controllers: [ModelTemplatesController],
  providers: [ModelTemplatesRepository, ModelTemplatesService],
  exports: [ModelTemplatesService],
})
export class ModelTemplatesModule {}
