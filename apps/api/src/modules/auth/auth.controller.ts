import { Body, Controller, Get, HttpCode, Inject, Post, Put, Req } from '@nestjs/common';
import { Res } from '@nestjs/common';
import type { Authenticator } from '@fastify/passport/dist/authenticator';
import {
  type LoginBody,
  loginBody,
  type MeResponse,
  type RegisterBody,
  registerBody,
  type SessionResponse,
  type SetLocaleBody,
  setLocaleBody,
} from '@portal/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Caller, CurrentCaller, Public } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { AuthService } from './auth.service';
import { authenticateLocal, PASSPORT } from './passport.provider';
import { LoginThrottle } from './login-throttle';
import { type SessionCookie, sessionCookie } from './session-cookie';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';

@Controller('auth')
export class AuthController {
  private readonly cookie: SessionCookie;

  constructor(
    private readonly auth: AuthService,
    private readonly loginThrottle: LoginThrottle,
    @Inject(PASSPORT) private readonly passport: Authenticator,
    @Inject(API_ENV) env: ApiEnv,
  ) {
    this.cookie = sessionCookie(env);
  }

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
  async login(@Body(new ZodPipe(loginBody)) body: LoginBody, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<MeResponse> {
    req.body = body; // passport-local reads the normalised email
    const caller = await this.loginThrottle.attempt(req.ip, body.email, () => authenticateLocal(this.passport, req, reply));
    await req.logIn(caller);
    return caller;
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentCaller() caller: Caller, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.loggedOut(caller);
    await req.logOut();
    await req.session.destroy();
    // The store forgot the session; the browser forgets the cookie too (a shared computer keeps no dead id).
    void reply.clearCookie(this.cookie.name, this.cookie.options);
  }

  @Put('locale')
  @HttpCode(204)
  async setLocale(@Body(new ZodPipe(setLocaleBody)) body: SetLocaleBody, @CurrentCaller() caller: Caller): Promise<void> {
    await this.auth.setLocale(caller, body.locale);
  }

  // Public: signed out is answered with null (contracts sessionResponse), not a 401.
  @Public()
  @Get('me')
  me(@Req() req: FastifyRequest): SessionResponse {
    return req.user ?? null;
  }
}
