import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

/** One per process: the pool lives inside the adapter. */
export function createPrismaClient(url: string, opts: { poolMax?: number } = {}): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: opts.poolMax ?? 10 }) });
}
