import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

/** One per process: the pool lives inside the adapter. */
/** `connectTimeoutMs`: give up on a server that does not answer (a read replica falls back to the primary); unset waits. */
export function createPrismaClient(url: string, opts: { poolMax?: number; connectTimeoutMs?: number } = {}): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({
      connectionString: url,
      max: opts.poolMax ?? 10,
      ...(opts.connectTimeoutMs ? { connectionTimeoutMillis: opts.connectTimeoutMs } : {}),
    }),
  });
}
