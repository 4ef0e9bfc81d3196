import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { EventsModule } from '../events/events.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { MachineAuthModule } from '../machine-auth/machine-auth.module';
import { RateCounter } from '../../infra/rate-counter';
import { ApiKeyGuard } from './api-key.guard';
import { IngestRateLimit } from './ingest-rate-limit';
import { ImportController } from './import.controller';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';

/** External integrations' data paths: API-key ingestion and CSV/XLSX import. */
@Module({
  imports: [EventsModule, IntegrationsModule, DocumentsModule, MachineAuthModule],
  controllers: [IngestController, ImportController],
  providers: [IngestService, ApiKeyGuard, RateCounter, IngestRateLimit],
})
export class IngestModule {}
