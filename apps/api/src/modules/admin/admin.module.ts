import { Module } from '@nestjs/common';
import { IntegrationsModule } from '../integrations/integrations.module';
import { AdminController } from './admin.controller';
import { AdminService } from './admin.service';

@Module({ imports: [IntegrationsModule], controllers: [AdminController], providers: [AdminService] })
export class AdminModule {}
