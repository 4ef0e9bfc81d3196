import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  type ChangePasswordBody,
  changePasswordBody,
  type PasswordResetConfirmBody,
  passwordResetConfirmBody,
  type PasswordResetRequestBody,
  passwordResetRequestBody,
} from '@portal/contracts';
import type { FastifyRequest } from 'fastify';
import { type Caller, CurrentCaller, Public } from '../../common/auth.decorators';
import { ZodPipe } from '../../common/zod.pipe';
import { PasswordResetService } from './password-reset.service';
import { PasswordsService } from './passwords.service';

@Controller('auth')
export class PasswordsController {
  constructor(
    private readonly reset: PasswordResetService,
    private readonly passwords: PasswordsService,
  ) {}

  // The same 202 whether or not an account has this email.
  @Public()
  @Post('password-reset')
  @HttpCode(202)
  async requestReset(@Body(new ZodPipe(passwordResetRequestBody)) body: PasswordResetRequestBody, @Req() req: FastifyRequest): Promise<void> {
    await this.reset.request(req.ip, body.email);
  }

  @Public()
  @Post('password-reset/confirm')
  @HttpCode(204)
  async confirmReset(@Body(new ZodPipe(passwordResetConfirmBody)) body: PasswordResetConfirmBody): Promise<void> {
    await this.reset.confirm(body);
  }

  @Post('password')
  @HttpCode(204)
  async change(@Body(new ZodPipe(changePasswordBody)) body: ChangePasswordBody, @CurrentCaller() caller: Caller, @Req() req: FastifyRequest): Promise<void> {
    await this.passwords.change(caller, body);
    // Signing in again stores the new session generation in a fresh session id: this session stays, the others end.
    await req.logIn(caller);
  }
}
