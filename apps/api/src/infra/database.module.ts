import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { appDatabaseUrl, createPrismaClient, type PrismaClient, ReadReplica, readDatabaseUrl, TenantDb } from '@portal/db';
import { API_ENV } from '../config/config.module';
import type { ApiEnv } from '../config/env';
import { currentRequest } from '../common/request-context';

export const PRISMA = Symbol('PRISMA');
/** The `ReadReplica` behind `TenantDb.readAsOrg`, or null when DATABASE_READ_URL is unset. */
export const READ_REPLICA = Symbol('READ_REPLICA');

// A replica that does not accept a connection this fast is skipped for a while (ReadReplica) and the primary answers.
const REPLICA_CONNECT_TIMEOUT_MS = 2_000;

const appUrlOf = (env: ApiEnv) => env.APP_DATABASE_URL ?? appDatabaseUrl(env.DATABASE_URL);

/**
 * One PrismaClient per process, connected as the restricted application
 * role; with DATABASE_READ_URL a second one on the replica, as the same role,
 * behind `TenantDb.readAsOrg` (routing and read-your-writes: `ReadReplica` in
 * @portal/db; the per-user write positions: `read-your-writes.ts`; counted by
 * the metrics module).
 */
@Global()
@Module({
  providers: [
    {
      provide: PRISMA,
      inject: [API_ENV],
      useFactory: (env: ApiEnv) => createPrismaClient(appUrlOf(env), { poolMax: env.DATABASE_POOL_MAX }),
    },
    {
      provide: READ_REPLICA,
      inject: [API_ENV, PRISMA],
      useFactory: (env: ApiEnv, prisma: PrismaClient) => {
        if (!env.DATABASE_READ_URL) return null;
        const logger = new Logger('ReadReplica');
        const replica = createPrismaClient(readDatabaseUrl(env.DATABASE_READ_URL, appUrlOf(env)), {
          poolMax: env.DATABASE_POOL_MAX,
          connectTimeoutMs: REPLICA_CONNECT_TIMEOUT_MS,
        });
        return new ReadReplica(prisma, replica, {
          onReplicaFailure: (err, reason) =>
            reason === 'unsafe-role'
              ? logger.error({ err }, 'the read replica’s role is unsafe; reading from the primary only')
              : logger.warn({ err }, 'the read replica failed; reading from the primary for a while'),
        });
      },
    },
    {
      provide: TenantDb,
      inject: [PRISMA, READ_REPLICA],
      useFactory: (prisma: PrismaClient, replica: ReadReplica | null) =>
        new TenantDb(prisma, replica ?? undefined, { requestId: () => currentRequest()?.requestId }),
    },
  ],
  exports: [PRISMA, READ_REPLICA, TenantDb],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(READ_REPLICA) private readonly replica: ReadReplica | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.prisma.$disconnect(), this.replica?.replica.$disconnect()]);
  }
}
