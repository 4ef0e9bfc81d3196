import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  type AcceptMemberInviteBody,
  acceptMemberInviteBody,
  type ChangeMemberRoleBody,
  changeMemberRoleBody,
  type CreateMemberInviteBody,
  createMemberInviteBody,
  type MeResponse,
  memberInviteToken,
  uuidParam,
} from '@portal/contracts';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type Caller, CurrentCaller, OrgKinds, Public } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { MemberInvitesService } from './member-invites.service';
import { MembersService } from './members.service';

type IdParam = z.infer<typeof uuidParam>;
type TokenParam = z.infer<typeof memberInviteToken>;
const idPipe = new ZodPipe(uuidParam, 'params');
const tokenPipe = new ZodPipe(memberInviteToken, 'params');
// Unguessable links, still throttled per address like connection invites.
const INVITE_RATE_LIMIT = { rateLimit: { hook: 'onRequest', keyGenerator: (req: FastifyRequest) => `member-invite:${req.ip}` } } as const;

// Every organisation kind has members; the role permission is checked by the session guard.
@OrgKinds('DISTRIBUTOR', 'PRINCIPAL', 'PLATFORM')
@Controller('members')
export class MembersController {
  constructor(
    private readonly members: MembersService,
    private readonly invites: MemberInvitesService,
  ) {}

  @Get()
  list(@CurrentCaller() caller: Caller) {
    return this.members.list(caller);
  }

  @Get('invites')
  listInvites(@CurrentCaller() caller: Caller) {
    return this.invites.list(caller);
  }

  @Post('invites')
  @HttpCode(201)
  invite(@CurrentCaller() caller: Caller, @Body(new ZodPipe(createMemberInviteBody)) body: CreateMemberInviteBody) {
    return this.invites.create(caller, body);
  }

  @Delete('invites/:id')
  @HttpCode(204)
  cancelInvite(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam) {
    return this.invites.cancel(caller, p.id);
  }

  @Patch(':id')
  changeRole(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam, @Body(new ZodPipe(changeMemberRoleBody)) body: ChangeMemberRoleBody) {
    return this.members.changeRole(caller, p.id, body.role);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam) {
    return this.members.remove(caller, p.id);
  }
}

@Controller('member-invites')
export class MemberInviteLinksController {
  constructor(private readonly invites: MemberInvitesService) {}

  @Public()
  @Get(':token')
  @RouteConfig(INVITE_RATE_LIMIT)
  preview(@Param(tokenPipe) p: TokenParam) {
    return this.invites.preview(p.token);
  }

  @Public()
  @Post(':token/accept')
  @HttpCode(201)
  @RouteConfig(INVITE_RATE_LIMIT)
  async accept(
    @Param(tokenPipe) p: TokenParam,
    @Body(new ZodPipe(acceptMemberInviteBody)) body: AcceptMemberInviteBody,
    @Req() req: FastifyRequest,
  ): Promise<MeResponse> {
    const caller = await this.invites.accept(p.token, body);
    // logIn regenerates the session id, so a planted id never becomes authenticated.
    await req.logIn(caller);
    return caller;
  }
}
