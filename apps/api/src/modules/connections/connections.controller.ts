import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { acceptInviteBody, type AcceptInviteBody, inviteToken, uuidParam } from '@portal/contracts';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type Caller, CurrentCaller, OrgKinds, Public } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { ConnectionsService } from './connections.service';
import { InvitesService } from './invites.service';

type IdParam = z.infer<typeof uuidParam>;
type TokenParam = z.infer<typeof inviteToken>;
const idPipe = new ZodPipe(uuidParam, 'params');
const tokenPipe = new ZodPipe(inviteToken, 'params');
// Invite links are guessable by nobody, but answers to them are still throttled per address.
const INVITE_RATE_LIMIT = { rateLimit: { hook: 'onRequest', keyGenerator: (req: FastifyRequest) => `invite:${req.ip}` } } as const;

@Controller('connections')
export class ConnectionsController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly invites: InvitesService,
  ) {}

  @OrgKinds('PRINCIPAL')
  @Post('invites')
  @HttpCode(201)
  createInvite(@CurrentCaller() caller: Caller) {
    return this.invites.createInvite(caller);
  }

  @OrgKinds('PRINCIPAL')
  @Post('invites/:id/cancel')
  @HttpCode(204)
  cancelInvite(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam) {
    return this.invites.cancelInvite(caller, p.id);
  }

  @OrgKinds('PRINCIPAL')
  @Get('invites/:id/link')
  inviteLink(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam) {
    return this.invites.inviteLink(caller, p.id);
  }

  @OrgKinds('PRINCIPAL', 'DISTRIBUTOR')
  @Get()
  list(@CurrentCaller() caller: Caller) {
    return this.connections.list(caller);
  }

  @OrgKinds('PRINCIPAL', 'DISTRIBUTOR')
  @Get('history')
  history(@CurrentCaller() caller: Caller) {
    return this.connections.history(caller);
  }

  @OrgKinds('PRINCIPAL', 'DISTRIBUTOR')
  @Post(':id/revoke')
  @HttpCode(204)
  revoke(@CurrentCaller() caller: Caller, @Param(idPipe) p: IdParam) {
    return this.connections.revoke(caller, p.id);
  }
}

@Controller('invites')
export class InvitesController {
  constructor(private readonly invites: InvitesService) {}

  @Public()
  @Get(':token')
  @RouteConfig(INVITE_RATE_LIMIT)
  preview(@Param(tokenPipe) p: TokenParam, @Req() req: FastifyRequest) {
    return this.invites.preview(p.token, req.user);
  }

  @OrgKinds('DISTRIBUTOR')
  @Post(':token/accept')
  @HttpCode(200)
  @RouteConfig(INVITE_RATE_LIMIT)
  accept(@CurrentCaller() caller: Caller, @Param(tokenPipe) p: TokenParam, @Body(new ZodPipe(acceptInviteBody)) body: AcceptInviteBody) {
    return this.invites.accept(caller, p.token, body);
  }

  @OrgKinds('DISTRIBUTOR')
  @Post(':token/decline')
  @HttpCode(200)
  @RouteConfig(INVITE_RATE_LIMIT)
  decline(@CurrentCaller() caller: Caller, @Param(tokenPipe) p: TokenParam) {
    return this.invites.decline(caller, p.token);
  }
}
