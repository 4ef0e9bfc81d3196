import { Module } from '@nestjs/common';
import { RateCounter } from '../../infra/rate-counter';
import { EventsModule } from '../events/events.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { ModelTemplatesModule } from '../model-templates/model-templates.module';
import { SyncRunsModule } from '../sync-runs/sync-runs.module';
import { SapCredentialsController } from './sap-credentials.controller';
import { SapCredentialsService } from './sap-credentials.service';
import { SapProbe } from './sap-probe';
import { SapTestRateLimit } from './sap-test-rate-limit';

// Like access-keys for a DMS: connecting stores the generated templates and
// queues the first sync in one transaction, so this sits above both.
@Module({
  imports: [EventsModule, IntegrationsModule, ModelTemplatesModule, SyncRunsModule],
  controllers: [SapCredentialsController],
  providers: [SapCredentialsService, SapProbe, RateCounter, SapTestRateLimit],
})
export class SapCredentialsModule {}
