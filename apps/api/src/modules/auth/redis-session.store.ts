import type { FastifySessionObject } from '@fastify/session';
import type { Redis } from 'ioredis';

type Callback = (err?: unknown) => void;
type GetCallback = (err: unknown, session?: FastifySessionObject | null) => void;

/**
 * @fastify/session store backed by Redis, so sessions survive API restarts and
 * are shared by every API instance. The session lives as long as its cookie.
 */
export class RedisSessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number,
    private readonly prefix = 'sess:',
  ) {}

  set(sessionId: string, session: FastifySessionObject, callback: Callback): void {
    const expires = session.cookie?.expires ? new Date(session.cookie.expires).getTime() - Date.now() : this.ttlMs;
    const ttl = Math.max(1000, Math.min(expires, this.ttlMs));
    this.redis.set(this.prefix + sessionId, JSON.stringify(session), 'PX', ttl).then(() => callback(), callback);
  }

  get(sessionId: string, callback: GetCallback): void {
    this.redis.get(this.prefix + sessionId).then(
      (raw) => callback(null, raw ? (JSON.parse(raw) as FastifySessionObject) : null),
      (err: unknown) => callback(err),
    );
  }

  destroy(sessionId: string, callback: Callback): void {
    this.redis.del(this.prefix + sessionId).then(() => callback(), callback);
  }
}
