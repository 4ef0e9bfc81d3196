import { Module } from '@nestjs/common';
import { ModelTemplatesModule } from '../model-templates/model-templates.module';
import { SyncModule } from '../sync/sync.module';
import { IntegrationsController } from './integrations.controller';
import { IntegrationsRepository } from './integrations.repository';
import { IntegrationsService } from './integrations.service';

@Module({
  imports: [ModelTemplatesModule, SyncModule],
  controllers: [IntegrationsController],
  providers: [IntegrationsRepository, IntegrationsService],
  exports: [IntegrationsService],
})
export class IntegrationsModule {}
