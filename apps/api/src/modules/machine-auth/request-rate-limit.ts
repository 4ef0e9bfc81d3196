import { Inject, Injectable } from '@nestjs/common';
import type { ApiScope } from '@portal/contracts';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../common/app-error';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';
import { REDIS } from '../../infra/redis.module';

export type RateSubject = { kind: 'api_key' | 'oauth_client' | 'session'; id: string };

const WINDOW_SECONDS = 60;

/**
 * Requests a minute per API key, per OAuth client and per signed-in user,
 * counted in Redis (so every API process shares the count); a machine
 * caller's allowance on a scope's endpoints can be set apart
 * (RATE_LIMIT_SCOPES). Every counted answer says where the caller stands
 * (RateLimit-Limit / -Remaining / -Reset, draft-ietf-httpapi-ratelimit-headers);
 * past the limit it is 429 RATE_LIMITED with Retry-After.
 */
@Injectable()
export class RequestRateLimit {
  private readonly limiters = new Map<string, RateLimiterRedis>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  /** One request of the caller's allowance: its scope's (RATE_LIMIT_SCOPES) when set, else its kind's. */
  consume(reply: FastifyReply, subject: RateSubject, scope?: ApiScope): Promise<void> {
    const scoped = scope !== undefined && subject.kind !== 'session' ? this.env.RATE_LIMIT_SCOPES[scope] : undefined;
    if (scoped !== undefined) return this.count(reply, `${subject.kind}:${scope}`, subject.id, scoped);
    return this.count(reply, subject.kind, subject.id, this.kindLimit(subject.kind));
  }

  /** One request of `id`'s allowance of `points` a minute in a bucket of its own (External ingestion's INGEST_RATE_LIMIT_MAX). */
  async count(reply: FastifyReply, bucket: string, id: string, points: number): Promise<void> {
    try {
      announce(reply, points, await this.limiter(bucket, points).consume(id));
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      announce(reply, points, err);
      throw AppError.rateLimited(err.msBeforeNext);
    }
  }

  private kindLimit(kind: RateSubject['kind']): number {
    if (kind === 'api_key') return this.env.RATE_LIMIT_API_KEY_MAX;
    if (kind === 'oauth_client') return this.env.RATE_LIMIT_OAUTH_CLIENT_MAX;
    return this.env.RATE_LIMIT_SESSION_MAX;
  }

  private limiter(bucket: string, points: number): RateLimiterRedis {
    let limiter = this.limiters.get(bucket);
    if (!limiter) {
      limiter = new RateLimiterRedis({ storeClient: this.redis, keyPrefix: `rl:${this.env.QUEUE_PREFIX}:${bucket}`, points, duration: WINDOW_SECONDS });
      this.limiters.set(bucket, limiter);
    }
    return limiter;
  }
}

function announce(reply: FastifyReply, points: number, res: RateLimiterRes): void {
  void reply.headers({
    'ratelimit-limit': String(points),
    'ratelimit-remaining': String(Math.max(0, res.remainingPoints)),
    'ratelimit-reset': String(Math.max(0, Math.ceil(res.msBeforeNext / 1000))),
  });
}
