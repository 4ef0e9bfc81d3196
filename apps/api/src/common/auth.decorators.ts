import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { MeResponse, OrganizationKind } from '@portal/contracts';
import type { FastifyRequest } from 'fastify';
import { AppError } from './app-error';

/** What a signed-in request carries: the user and the organisation (the tenant). */
export type Caller = MeResponse;

declare module 'fastify' {
  interface PassportUser extends MeResponse {}
}

const PUBLIC = 'auth:public';
const KINDS = 'auth:kinds';

/** Reachable without a session (login, register, health, invite preview). */
export const Public = () => SetMetadata(PUBLIC, true);

/** Restricts an endpoint to organisations of these kinds. */
export const OrgKinds = (...kinds: OrganizationKind[]) => SetMetadata(KINDS, kinds);

/**
 * Global guard: every route needs a session unless marked @Public(), so a
 * forgotten decorator fails closed.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const caller = req.user;
    if (!caller) throw AppError.unauthenticated();
    const kinds = this.reflector.getAllAndOverride<OrganizationKind[] | undefined>(KINDS, targets);
    if (kinds && !kinds.includes(caller.organization.kind)) throw AppError.forbidden();
    return true;
  }
}

export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const caller = ctx.switchToHttp().getRequest<FastifyRequest>().user;
  if (!caller) throw AppError.unauthenticated();
  return caller;
});
