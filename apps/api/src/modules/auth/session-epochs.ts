import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../infra/redis.module';

/**
 * A per-user session generation (docs/product/users-and-roles.md: a new
 * password ends the user's sessions). Each session stores the generation it
 * was made in; `bump` makes every earlier session of the user stale at its
 * next request, wherever it lives, without listing sessions. Kept in the
 * Redis that holds the sessions themselves, without expiry: losing one
 * loses the other.
 */
@Injectable()
export class SessionEpochs {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async current(userId: string): Promise<number> {
    return Number((await this.redis.get(this.key(userId))) ?? 0);
  }

  /** Ends every session of the user made so far; sessions made after it are valid. */
  async bump(userId: string): Promise<number> {
    return this.redis.incr(this.key(userId));
  }

  private key(userId: string) {
    return `session-epoch:${userId}`;
  }
}
