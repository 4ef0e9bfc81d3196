import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { MemberInviteLinksController, MembersController } from './members.controller';
import { MemberInvitesService } from './member-invites.service';
import { MembersRepository } from './members.repository';
import { MembersService } from './members.service';

@Module({
  imports: [OrganizationsModule, MailModule],
  controllers: [MembersController, MemberInviteLinksController],
  providers: [MembersRepository, MembersService, MemberInvitesService],
})
export class MembersModule {}
