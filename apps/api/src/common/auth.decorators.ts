import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type ApiScope, hasPermission, type MeResponse, type OrganizationKind } from '@portal/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MachineAuthService } from '../modules/machine-auth/machine-auth.service';
import { RequestRateLimit } from '../modules/machine-auth/request-rate-limit';
import { AppError } from './app-error';
import { endpointFor } from './route-endpoint';

/** What a signed-in request carries: the user and the organisation (the tenant). */
export type Caller = MeResponse;

/**
 * A system calling with `Authorization: Bearer` (an API key or an OAuth
 * access token): its organisation and scopes, no user and no session.
 */
export interface MachineCaller {
  /** The key's or client's row id and its name (what the audit log shows as the actor). */
  credential: { kind: 'api_key' | 'oauth_client'; id: string; name: string };
  organization: { id: string; kind: OrganizationKind };
  scopes: readonly ApiScope[];
}

/** Whoever made the request, for the endpoints a scope opens to machines: `'credential' in actor` tells them apart. */
export type Actor = Caller | MachineCaller;

/** The organisation a request reads as, whoever made it: what tenant reads need, nothing about the actor. */
export interface Tenant {
  organization: { id: string; kind: OrganizationKind };
}

declare module 'fastify' {
  interface PassportUser extends MeResponse {}
  interface FastifyRequest {
    machineCaller?: MachineCaller;
  }
}

const PUBLIC = 'auth:public';
const KINDS = 'auth:kinds';

/** Reachable without a session (login, register, health, invite preview). */
export const Public = () => SetMetadata(PUBLIC, true);

/** Restricts an endpoint to organisations of these kinds. */
export const OrgKinds = (...kinds: OrganizationKind[]) => SetMetadata(KINDS, kinds);

/** The token of an `Authorization: Bearer` header; undefined without one. */
export function bearerToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined || !/^Bearer(\s|$)/i.test(header)) return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? '';
}

/**
 * Global guard: every route needs a session unless marked @Public(), so a
 * forgotten decorator fails closed. A request with `Authorization: Bearer`
 * is a machine caller instead (docs/product/api-keys-and-audit.md): it is
 * let in only where the endpoint's contract names one of its scopes, and a
 * token that does not work is 401 even when a session cookie came along.
 * A session caller passes the organisation kind (`@OrgKinds`) and its role:
 * the endpoint's `permission` in the contracts' table must be one the role
 * has (`rolePermissions`). A route missing from the table, or a session
 * endpoint naming no permission, is refused too. The role is read from the
 * database on every request (the session deserialiser), so a role change
 * applies to the member's next request. Either kind of caller is then
 * counted against its rate limit.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly machines: MachineAuthService,
    private readonly rateLimit: RequestRateLimit,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    const kinds = this.reflector.getAllAndOverride<OrganizationKind[] | undefined>(KINDS, targets);
    const token = bearerToken(req);
    if (token !== undefined) {
      const machine = await this.authenticateMachine(reply, token);
      const scope = endpointFor(req)?.scopes?.find((s) => machine.scopes.includes(s));
      if (!scope) throw new AppError(403, 'INSUFFICIENT_SCOPE', 'This API key or token has no scope that allows this endpoint');
      if (kinds && !kinds.includes(machine.organization.kind)) throw AppError.forbidden();
      req.machineCaller = machine;
      await this.rateLimit.consume(reply, machine.credential, scope);
      return true;
    }
    const caller = req.user;
    if (!caller) throw AppError.unauthenticated();
    if (kinds && !kinds.includes(caller.organization.kind)) throw AppError.forbidden();
    const needed = endpointFor(req)?.permission;
    if (!needed) throw new AppError(403, 'ROLE_FORBIDDEN', 'This endpoint names no permission, so no role may call it');
    if (!hasPermission(caller.user.role, needed)) {
      throw new AppError(403, 'ROLE_FORBIDDEN', `Your role (${caller.user.role}) does not have the permission ${needed}`, {
        permission: needed,
        role: caller.user.role,
      });
    }
    await this.rateLimit.consume(reply, { kind: 'session', id: caller.user.id });
    return true;
  }

  private async authenticateMachine(reply: FastifyReply, token: string): Promise<MachineCaller> {
    const machine = token === '' ? null : await this.machines.authenticate(token);
    if (machine) return machine;
    // RFC 6750 §3.1: the client learns to get a new token rather than to sign in.
    void reply.header('www-authenticate', 'Bearer error="invalid_token"');
    throw new AppError(401, 'UNAUTHENTICATED', 'The API key or access token is wrong, expired or revoked');
  }
}

/** The signed-in user; a machine caller never reaches an endpoint that asks for one (it has no scope). */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const req = ctx.switchToHttp().getRequest<FastifyRequest>();
  if (!req.user || req.machineCaller) throw AppError.unauthenticated();
  return req.user;
});

/** The session's user or the bearer caller, on endpoints with scopes. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<FastifyRequest>();
  const actor = req.machineCaller ?? req.user;
  if (!actor) throw AppError.unauthenticated();
  return actor;
});

/** The organisation the request reads as (session or bearer), on endpoints with scopes. */
export const CurrentTenant = createParamDecorator((_: unknown, ctx: ExecutionContext): Tenant => {
  const req = ctx.switchToHttp().getRequest<FastifyRequest>();
  const actor = req.machineCaller ?? req.user;
  if (!actor) throw AppError.unauthenticated();
  return { organization: { id: actor.organization.id, kind: actor.organization.kind } };
});
