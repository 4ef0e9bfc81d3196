import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { ModelTemplatesModule } from '../model-templates/model-templates.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { SyncRunsModule } from '../sync-runs/sync-runs.module';
import { AccessKeysController } from './access-keys.controller';
import { AccessKeysService } from './access-keys.service';

// Activation stores the generated templates and queues the first sync in
// one transaction, so this module sits above model-templates and sync-runs.
@Module({
  imports: [EventsModule, IntegrationsModule, ModelTemplatesModule, OrganizationsModule, SyncRunsModule],
  controllers: [AccessKeysController],
  providers: [AccessKeysService],
  exports: [AccessKeysService],
})
export class AccessKeysModule {}
