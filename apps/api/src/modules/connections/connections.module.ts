import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ConnectionsController, InvitesController } from './connections.controller';
import { ConnectionsRepository } from './connections.repository';
import { ConnectionsService } from './connections.service';
import { InvitesService } from './invites.service';

@Module({
  imports: [EventsModule, OrganizationsModule, IntegrationsModule],
  controllers: [ConnectionsController, InvitesController],
  providers: [ConnectionsRepository, ConnectionsService, InvitesService],
  exports: [ConnectionsService],
})
export class ConnectionsModule {}
