import { Module } from '@nestjs/common';
import { DocumentCountsModule } from '../documents/document-counts.module';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { EventsModule } from '../events/events.module';
import { IngestionKeysService } from './ingestion-keys.service';
import { IntegrationsController } from './integrations.controller';
import { IntegrationsRepository } from './integrations.repository';
import { IntegrationsService } from './integrations.service';

// The bottom of the integration modules: access-keys, sync-runs,
// model-templates, ingest and connections reach integrations through here.
@Module({
  imports: [DocumentCountsModule, ApiKeysModule, EventsModule],
  controllers: [IntegrationsController],
  providers: [IntegrationsRepository, IntegrationsService, IngestionKeysService],
  exports: [IntegrationsService, IngestionKeysService],
})
export class IntegrationsModule {}
