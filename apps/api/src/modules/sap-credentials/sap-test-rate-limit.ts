import { Inject, Injectable } from '@nestjs/common';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';
import { RateCounter } from '../../infra/rate-counter';

const MINUTE_MS = 60_000;

/**
 * Every SAP connection test (the test itself, connecting, re-authenticating)
 * makes outbound calls to an address the user chose: counted per
 * organisation, 429 past SAP_TEST_RATE_LIMIT_MAX a minute, so the portal
 * cannot be used to hammer a server or scan a network.
 */
@Injectable()
export class SapTestRateLimit {
  constructor(
    private readonly counter: RateCounter,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  count(organizationId: string): Promise<void> {
    return this.counter.hit({ key: `sap-test:org:${organizationId}`, max: this.env.SAP_TEST_RATE_LIMIT_MAX, windowMs: MINUTE_MS });
  }
}
