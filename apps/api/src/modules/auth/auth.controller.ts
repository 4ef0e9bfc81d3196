import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { Res } from '@nestjs/common';
import type { Authenticator } from '@fastify/passport/dist/authenticator';
import { RouteConfig } from '@nestjs/platform-fastify';
import { type LoginBody, loginBody, type MeResponse, type RegisterBody, registerBody, type SessionResponse } from '@portal/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { AuthService } from './auth.service';
import { authenticateLocal, PASSPORT } from './passport.provider';
import { LOGIN_RATE_LIMIT } from './login-rate-limit';

@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(PASSPORT) private readonly passport: Authenticator,
  ) {}

  @Public()
  @Post('register')
  @HttpCode(201)
  async register(@Body(new ZodPipe(registerBody)) body: RegisterBody, @Req() req: FastifyRequest): Promise<MeResponse> {
    const caller = await this.auth.register(body);
    // logIn regenerates the session id, so a planted id never becomes authenticated.
    await req.logIn(caller);
    return caller;
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @RouteConfig({ rateLimit: LOGIN_RATE_LIMIT })
  async login(@Body(new ZodPipe(loginBody)) body: LoginBody, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<MeResponse> {
    req.body = body; // passport-local reads the normalised email
    const caller = await authenticateLocal(this.passport, req, reply);
    await req.logIn(caller);
    return caller;
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: FastifyRequest): Promise<void> {
    await req.logOut();
    await req.session.destroy();
  }

  // Public: signed out is answered with null (contracts sessionResponse), not a 401.
  @Public()
  @Get('me')
  me(@Req() req: FastifyRequest): SessionResponse {
    return req.user ?? null;
  }
}
