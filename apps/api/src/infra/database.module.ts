import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { appDatabaseUrl, createPrismaClient, type PrismaClient, TenantDb } from '@portal/db';
import { API_ENV } from '../config/config.module';
import type { ApiEnv } from '../config/env';

export const PRISMA = Symbol('PRISMA');

/** One PrismaClient per process, connected as the restricted application role. */
@Global()
@Module({
  providers: [
    {
      provide: PRISMA,
      inject: [API_ENV],
      useFactory: (env: ApiEnv) => createPrismaClient(env.APP_DATABASE_URL ?? appDatabaseUrl(env.DATABASE_URL), { poolMax: env.DATABASE_POOL_MAX }),
    },
    { provide: TenantDb, inject: [PRISMA], useFactory: (prisma: PrismaClient) => new TenantDb(prisma) },
  ],
  exports: [PRISMA, TenantDb],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.prisma.$disconnect();
  }
}
