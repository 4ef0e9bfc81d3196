import { Module } from '@nestjs/common';
import { IntegrationsModule } from '../integrations/integrations.module';
import { ModelTemplatesModule } from '../model-templates/model-templates.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { AdminController } from './admin.controller';
import { AdminService } from './admin.service';

@Module({ imports: [IntegrationsModule, ModelTemplatesModule, OrganizationsModule], controllers: [AdminController], providers: [AdminService] })
export class AdminModule {}
