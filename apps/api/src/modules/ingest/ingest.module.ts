import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { EventsModule } from '../events/events.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { MachineAuthModule } from '../machine-auth/machine-auth.module';
import { MasterDataModule } from '../master-data/master-data.module';
import { RateCounter } from '../../infra/rate-counter';
import { ApiKeyGuard } from './api-key.guard';
import { IngestRateLimit } from './ingest-rate-limit';
import { ImportController } from './import.controller';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';
import { MasterDataImportController } from './master-data-import.controller';
import { MasterDataIngestController } from './master-data-ingest.controller';
import { MasterDataIngestService } from './master-data-ingest.service';

/** External integrations' data paths: API-key ingestion and CSV/XLSX import, of documents and of master data. */
@Module({
  imports: [EventsModule, IntegrationsModule, DocumentsModule, MachineAuthModule, MasterDataModule],
  controllers: [IngestController, ImportController, MasterDataIngestController, MasterDataImportController],
  providers: [IngestService, MasterDataIngestService, ApiKeyGuard, RateCounter, IngestRateLimit],
})
export class IngestModule {}
