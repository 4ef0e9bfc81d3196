import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { ModelTemplatesModule } from '../model-templates/model-templates.module';
import { SyncRunsController } from './sync-runs.controller';
import { SyncRunsRepository } from './sync-runs.repository';
import { SyncRunsService } from './sync-runs.service';

// Above integrations and model-templates (re-consolidate names a template);
// access-keys uses it to queue an activation's first sync.
@Module({
  imports: [EventsModule, IntegrationsModule, ModelTemplatesModule],
  controllers: [SyncRunsController],
  providers: [SyncRunsRepository, SyncRunsService],
  exports: [SyncRunsService],
})
export class SyncRunsModule {}
