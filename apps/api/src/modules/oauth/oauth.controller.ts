import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { createOAuthClientBody, type CreateOAuthClientBody, uuidParam } from '@portal/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type Caller, CurrentCaller, OrgKinds, Public } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { OAuthClientsService } from './oauth-clients.service';
import { OAuthError, OAuthTokenService } from './oauth-token.service';
import { SigningKeys } from './signing-keys';

/**
 * The token endpoint and its JWK set (public: the client authenticates itself
 * in the request), and the organisation's OAuth clients (permission
 * `api_keys:manage`: owners and admins).
 */
@Controller('oauth')
export class OAuthController {
  constructor(
    private readonly tokens: OAuthTokenService,
    private readonly clients: OAuthClientsService,
    private readonly keys: SigningKeys,
  ) {}

  /** RFC 6749 §5.1/§5.2: the answer, success or error, is the RFC's JSON, never the portal's envelope, and never cached. */
  @Public()
  @Post('token')
  async token(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const result = await this.tokens.grant(req.body, req.headers.authorization, req.ip);
    void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    if (result instanceof OAuthError) {
      if (result.basic && result.status === 401) void reply.header('www-authenticate', 'Basic realm="portal", charset="UTF-8"');
      return reply.status(result.status).send({ error: result.code, error_description: result.description });
    }
    return reply.status(200).send(result);
  }

  @Public()
  @Get('jwks')
  jwks() {
    return this.keys.jwks();
  }

  @OrgKinds('DISTRIBUTOR', 'PRINCIPAL')
  @Get('clients')
  list(@CurrentCaller() caller: Caller) {
    return this.clients.list(caller);
  }

  @OrgKinds('DISTRIBUTOR', 'PRINCIPAL')
  @Post('clients')
  create(@CurrentCaller() caller: Caller, @Body(new ZodPipe(createOAuthClientBody)) body: CreateOAuthClientBody) {
    return this.clients.create(caller, body);
  }

  @OrgKinds('DISTRIBUTOR', 'PRINCIPAL')
  @Delete('clients/:id')
  @HttpCode(204)
  revoke(@CurrentCaller() caller: Caller, @Param(new ZodPipe(uuidParam, 'params')) p: z.infer<typeof uuidParam>) {
    return this.clients.revoke(caller, p.id);
  }
}
