import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';
import { REDIS } from '../../infra/redis.module';
import { type Limit, RateCounter } from '../../infra/rate-counter';

/** How long an address where an account signed in stays "known" to it. */
const KNOWN_ADDRESS_MS = 30 * 24 * 3600_000;

/**
 * Login throttling (docs/product/users-and-roles.md), three ceilings per
 * LOGIN_RATE_LIMIT_WINDOW, each counted before the password is checked and
 * given back when the login succeeds, so only failures lock anything:
 * - per address and email: guessing one account's password from one place;
 * - per address across emails: password spraying, one password over many accounts;
 * - per account across addresses: guessing from many addresses. An attacker
 *   can trip this one for a victim, so it is the highest, lasts only the
 *   window, and does not apply from an address where the account signed in
 *   before (the real user's usual office or home): the victim is at worst
 *   kept out for one window on a network they never used.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly counter: RateCounter,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  /** Runs one login attempt (`verify` throws on wrong credentials) under the ceilings. */
  async attempt<T>(address: string, email: string, verify: () => Promise<T>): Promise<T> {
    const account = email.trim().toLowerCase();
    const knownKey = `login:known:${account}:${address}`;
    const limits = this.limits(address, account, (await this.redis.exists(knownKey)) === 1);
    await this.counter.hit(...limits);
    const result = await verify();
    await Promise.all([this.counter.refund(...limits), this.redis.set(knownKey, '1', 'PX', KNOWN_ADDRESS_MS)]);
    return result;
  }

  private limits(address: string, account: string, knownAddress: boolean): Limit[] {
    const windowMs = this.env.LOGIN_RATE_LIMIT_WINDOW;
    const limits: Limit[] = [
      { key: `login:pair:${address}:${account}`, max: this.env.LOGIN_RATE_LIMIT_MAX, windowMs },
      { key: `login:address:${address}`, max: this.env.LOGIN_ADDRESS_RATE_LIMIT_MAX, windowMs },
    ];
    if (!knownAddress) limits.push({ key: `login:account:${account}`, max: this.env.LOGIN_ACCOUNT_RATE_LIMIT_MAX, windowMs });
    return limits;
  }
}
