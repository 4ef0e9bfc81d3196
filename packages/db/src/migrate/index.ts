import { appDatabaseUrl, provisionAppRole } from './app-role';
import { applyMigrations, createMigrationFromSchema, ensureDatabase } from './schema-engine';

export { appDatabaseUrl } from './app-role';

/**
 * Applies pending migrations as the owner (creating the database first when
 * missing), then (re)provisions the application role. Idempotent.
 */
export async function migrateDeploy(ownerUrl: string, appUrl = appDatabaseUrl(ownerUrl)): Promise<{ created: boolean; applied: string[] }> {
  const created = await ensureDatabase(ownerUrl);
  const applied = await applyMigrations(ownerUrl);
  await provisionAppRole(ownerUrl, appUrl);
  return { created, applied };
}

export async function createMigration(ownerUrl: string, name: string): Promise<string | null> {
  await ensureDatabase(ownerUrl);
  return createMigrationFromSchema(ownerUrl, name);
}
