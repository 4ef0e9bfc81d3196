import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SessionGuard } from './common/auth.decorators';
import { ConfigModule } from './config/config.module';
import type { ApiEnv } from './config/env';
import { ClockModule } from './infra/clock.module';
import { DatabaseModule } from './infra/database.module';
import { RedisModule } from './infra/redis.module';
import { SecretsModule } from './infra/secrets.module';
import { AccessKeysModule } from './modules/access-keys/access-keys.module';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { AdminModule } from './modules/admin/admin.module';
import { AuditModule } from './modules/audit/audit.module';
import { CatalogueModule } from './modules/catalogue/catalogue.module';
import { IntegrationsModule } from './modules/integrations/integrations.module';
import { AuthModule } from './modules/auth/auth.module';
import { ConnectionsModule } from './modules/connections/connections.module';
import { DocumentsModule } from './modules/documents/documents.module';
import { DocsModule } from './modules/docs/docs.module';
import { HealthModule } from './modules/health/health.module';
import { IngestModule } from './modules/ingest/ingest.module';
import { InsightModule } from './modules/insight/insight.module';
import { MasterDataModule } from './modules/master-data/master-data.module';
import { MembersModule } from './modules/members/members.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { MachineAuthModule } from './modules/machine-auth/machine-auth.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { ModelTemplatesModule } from './modules/model-templates/model-templates.module';
import { OAuthModule } from './modules/oauth/oauth.module';
import { OrganizationsModule } from './modules/organizations/organizations.module';
import { PasswordsModule } from './modules/passwords/passwords.module';
import { SapCredentialsModule } from './modules/sap-credentials/sap-credentials.module';
import { SearchModule } from './modules/search/search.module';
import { SyncRunsModule } from './modules/sync-runs/sync-runs.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';

@Module({})
export class AppModule {
  static forRoot(env: ApiEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(env),
        DatabaseModule,
        RedisModule,
        SecretsModule,
        ClockModule,
        AuditModule,
        OrganizationsModule,
        AuthModule,
        IntegrationsModule,
        ModelTemplatesModule,
        SyncRunsModule,
        AccessKeysModule,
        SapCredentialsModule,
        AdminModule,
        DocumentsModule,
        ConnectionsModule,
        MembersModule,
        NotificationsModule,
        IngestModule,
        MasterDataModule,
        HealthModule,
        MetricsModule,
        DocsModule,
        PasswordsModule,
        ApiKeysModule,
        OAuthModule,
        MachineAuthModule,
        WebhooksModule,
        CatalogueModule,
        SearchModule,
        InsightModule,
      ],
      providers: [{ provide: APP_GUARD, useClass: SessionGuard }],
    };
  }
}
