import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';
import { type Limit, RateCounter } from '../../infra/rate-counter';
import { RequestRateLimit } from '../machine-auth/request-rate-limit';

const MINUTE_MS = 60_000;

/**
 * Ingestion's two limits (docs/product/api-keys-and-audit.md). Requests are
 * counted per API key only once the key is authenticated, so nobody who
 * merely knows a key's public prefix can use up its allowance; requests with
 * a missing or wrong key are counted per client address, and that address is
 * refused for the rest of the minute once it reaches INGEST_AUTH_FAILURE_MAX.
 * A key's allowance is counted like every API key's (RateLimit-* headers),
 * in a bucket of its own sized by INGEST_RATE_LIMIT_MAX.
 */
@Injectable()
export class IngestRateLimit {
  constructor(
    private readonly counter: RateCounter,
    private readonly requests: RequestRateLimit,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  /** Before authenticating: 429 for an address that keeps sending bad keys. */
  refuseFailingAddress(address: string): Promise<void> {
    return this.counter.refuseAtCeiling(this.failures(address));
  }

  recordFailure(address: string): Promise<void> {
    return this.counter.record(this.failures(address));
  }

  /** After authenticating: one request of the key's allowance, 429 past it. */
  countRequest(reply: FastifyReply, apiKeyId: string): Promise<void> {
    return this.requests.count(reply, 'ingest', apiKeyId, this.env.INGEST_RATE_LIMIT_MAX);
  }

  private failures(address: string): Limit {
    return { key: `ingest:failures:${address}`, max: this.env.INGEST_AUTH_FAILURE_MAX, windowMs: MINUTE_MS };
  }
}
