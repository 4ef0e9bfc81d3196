import { type CanActivate, createParamDecorator, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Authenticator } from '@fastify/passport/dist/authenticator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../common/app-error';
import { PASSPORT } from '../auth/passport.provider';
import type { IngestPrincipal } from '../integrations/integrations.service';
import { authenticateApiKey } from './api-key.strategy';

declare module 'fastify' {
  interface FastifyRequest {
    ingestPrincipal?: IngestPrincipal;
  }
}

/** Ingestion routes: the request must carry a working API key; a session cookie counts for nothing. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(@Inject(PASSPORT) private readonly passport: Authenticator) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const http = ctx.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    req.ingestPrincipal = await authenticateApiKey(this.passport, req, http.getResponse<FastifyReply>());
    return true;
  }
}

export const IngestCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): IngestPrincipal => {
  const principal = ctx.switchToHttp().getRequest<FastifyRequest>().ingestPrincipal;
  if (!principal) throw AppError.unauthenticated();
  return principal;
});
