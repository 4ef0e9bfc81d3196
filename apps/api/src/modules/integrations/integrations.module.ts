import { Module } from '@nestjs/common';
import { DocumentCountsModule } from '../documents/document-counts.module';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { IntegrationsController } from './integrations.controller';
import { IntegrationsRepository } from './integrations.repository';
import { IntegrationsService } from './integrations.service';

// The bottom of the integration modules: access-keys, sync-runs,
// model-templates, ingest and connections reach integrations through here.
@Module({
  imports: [DocumentCountsModule],
  controllers: [IntegrationsController],
  providers: [IntegrationsRepository, IntegrationsService, ApiKeysRepository, ApiKeysService],
  exports: [IntegrationsService, ApiKeysService],
})
export class IntegrationsModule {}
