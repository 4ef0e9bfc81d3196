import { Module } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { OrganizationsModule } from '../organizations/organizations.module';
import { MemberInviteLinksController, MembersController } from './members.controller';
import { MemberInvitesService } from './member-invites.service';
import { MembersRepository } from './members.repository';
import { MembersService } from './members.service';

@Module({
  imports: [OrganizationsModule],
  controllers: [MembersController, MemberInviteLinksController],
  providers: [Clock, MembersRepository, MembersService, MemberInvitesService],
})
export class MembersModule {}
