import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasPermission, type MeResponse, type OrganizationKind } from '@portal/contracts';
import type { FastifyRequest } from 'fastify';
import { AppError } from './app-error';
import { endpointFor } from './route-endpoint';

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
 * forgotten decorator fails closed. Then the organisation kind (`@OrgKinds`)
 * and the caller's role: the endpoint's `permission` in the contracts' table
 * must be one the role has (`rolePermissions`). A route missing from the
 * table, or a session endpoint naming no permission, is refused too. The
 * role is read from the database on every request (the session deserialiser),
 * so a role change applies to the member's next request.
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
    const needed = endpointFor(req)?.permission;
    if (!needed) throw new AppError(403, 'ROLE_FORBIDDEN', 'This endpoint names no permission, so no role may call it');
    if (!hasPermission(caller.user.role, needed)) {
      throw new AppError(403, 'ROLE_FORBIDDEN', `Your role (${caller.user.role}) does not have the permission ${needed}`, {
        permission: needed,
        role: caller.user.role,
      });
    }
    return true;
  }
}

export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const caller = ctx.switchToHttp().getRequest<FastifyRequest>().user;
  if (!caller) throw AppError.unauthenticated();
  return caller;
});
