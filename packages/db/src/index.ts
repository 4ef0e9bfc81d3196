export { Prisma, PrismaClient } from './generated/client';
export * from './generated/enums';
export { createPrismaClient } from './client';
export { type OrgTx, type PlatformActor, TenantDb } from './tenant-db';
export { assertSafeDatabaseRole } from './safety';
export { hashPassword, verifyPassword } from './password';
export { appDatabaseUrl } from './migrate/app-role';
export { insertRunIfIdle } from './queries/sync-runs';
export { newestPerSource, writeDocuments } from './documents/documents-writer';
