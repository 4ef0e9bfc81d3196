import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Authenticator } from '@fastify/passport/dist/authenticator';
import { AuthModule } from '../auth/auth.module';
import { PASSPORT } from '../auth/passport.provider';
import { DocumentsModule } from '../documents/documents.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { IntegrationsService } from '../integrations/integrations.service';
import { ApiKeyGuard } from './api-key.guard';
import { registerApiKeyStrategy } from './api-key.strategy';
import { ImportController } from './import.controller';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';

/** External integrations' data paths: API-key ingestion and CSV/XLSX import. */
@Module({
  imports: [AuthModule, IntegrationsModule, DocumentsModule],
  controllers: [IngestController, ImportController],
  providers: [IngestService, ApiKeyGuard],
})
export class IngestModule implements OnModuleInit {
  constructor(
    @Inject(PASSPORT) private readonly passport: Authenticator,
    private readonly integrations: IntegrationsService,
  ) {}

  onModuleInit() {
    registerApiKeyStrategy(this.passport, this.integrations);
  }
}
