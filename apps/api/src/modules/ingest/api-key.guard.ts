import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../common/app-error';
import { IngestionKeysService, type IngestPrincipal } from '../integrations/ingestion-keys.service';
import { IngestRateLimit } from './ingest-rate-limit';

declare module 'fastify' {
  interface FastifyRequest {
    ingestPrincipal?: IngestPrincipal;
  }
}

/**
 * Ingestion routes: the request must carry a working API key as
 * `Authorization: Bearer <key>`; a session cookie counts for nothing (the
 * routes are @Public() to the session guard). What makes a key work is
 * IngestionKeysService's; only the header is read, never a key in the query
 * string or body, where it would end up in logs. Rate limits: IngestRateLimit.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly apiKeys: IngestionKeysService,
    private readonly rateLimit: IngestRateLimit,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    await this.rateLimit.refuseFailingAddress(req.ip);
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token) {
      await this.rateLimit.recordFailure(req.ip);
      throw new AppError(401, 'UNAUTHENTICATED', 'Send the integration API key as "Authorization: Bearer <key>"');
    }
    const principal = await this.apiKeys.authenticate(token);
    if (!principal) {
      await this.rateLimit.recordFailure(req.ip);
      throw new AppError(401, 'UNAUTHENTICATED', 'The API key is wrong, revoked or unknown');
    }
    await this.rateLimit.countRequest(ctx.switchToHttp().getResponse<FastifyReply>(), principal.apiKeyId);
    req.ingestPrincipal = principal;
    return true;
  }
}

export const IngestCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): IngestPrincipal => {
  const principal = ctx.switchToHttp().getRequest<FastifyRequest>().ingestPrincipal;
  if (!principal) throw AppError.unauthenticated();
  return principal;
});
