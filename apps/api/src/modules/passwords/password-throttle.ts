import { Inject, Injectable } from '@nestjs/common';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';
import { type Limit, RateCounter } from '../../infra/rate-counter';

/**
 * Ceilings on the password routes (docs/product/users-and-roles.md), 429
 * RATE_LIMITED with Retry-After like login's:
 * - reset requests per email, counted the same whether an account has it,
 *   so the 429 tells nothing either (and an inbox is not flooded);
 * - reset requests per address across emails (probing many addresses);
 * - change password attempts per user, given back on success, so a left-open
 *   session cannot be used to guess the current password.
 */
@Injectable()
export class PasswordThrottle {
  constructor(
    private readonly counter: RateCounter,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  async resetRequest(address: string, email: string): Promise<void> {
    const windowMs = this.env.PASSWORD_RESET_RATE_LIMIT_WINDOW;
    await this.counter.hit(
      { key: `password-reset:email:${email}`, max: this.env.PASSWORD_RESET_RATE_LIMIT_MAX, windowMs },
      { key: `password-reset:address:${address}`, max: this.env.PASSWORD_RESET_ADDRESS_RATE_LIMIT_MAX, windowMs },
    );
  }

  /** Runs one change attempt (`verify` throws on a wrong current password) under the per-user ceiling. */
  async changeAttempt<T>(userId: string, verify: () => Promise<T>): Promise<T> {
    const limit: Limit = { key: `password-change:${userId}`, max: this.env.LOGIN_RATE_LIMIT_MAX, windowMs: this.env.LOGIN_RATE_LIMIT_WINDOW };
    await this.counter.hit(limit);
    const result = await verify();
    await this.counter.refund(limit);
    return result;
  }
}
