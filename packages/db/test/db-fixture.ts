import pg from 'pg';
import { createPrismaClient, type PrismaClient, TenantDb } from '../src';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-database';

export interface DbFixture {
  db: TestDatabase;
  /** The tables' owner: sets up and checks, row-level security not in its way. */
  owner: pg.Client;
  /** The application role, as the code under test runs. */
  app: PrismaClient;
  tenants: TenantDb;
  close(): Promise<void>;
}

/**
 * A migrated database of its own for one suite of this package, with each
 * [organisation, integration] pair as a distributor and an ACTIVE integration
 * of `integrationKind` (DMS unless told).
 */
export async function openDbFixture(
  prefix: string,
  opts: { poolMax?: number; distributors?: [string, string][]; integrationKind?: 'DMS' | 'EXTERNAL' } = {},
): Promise<DbFixture> {
  const db = await createTestDatabase(prefix);
  const owner = new pg.Client({ connectionString: db.ownerUrl });
  await owner.connect();
  const kind = opts.integrationKind ?? 'DMS';
  for (const [org, integration] of opts.distributors ?? []) {
    await owner.query(`insert into organizations (id, kind, name) values ($1, 'DISTRIBUTOR', $2)`, [org, `Distributor ${org.slice(0, 6)}`]);
    await owner.query(`insert into integrations (id, organization_id, kind, name, state, updated_at) values ($1, $2, $3, $4, 'ACTIVE', now())`, [
      integration,
      org,
      kind,
      `${kind} ${integration.slice(0, 6)}`,
    ]);
  }
  const app = createPrismaClient(db.appUrl, { poolMax: opts.poolMax ?? 2 });
  return {
    db,
    owner,
    app,
    tenants: new TenantDb(app),
    close: async () => {
      await app.$disconnect();
      await owner.end();
      await db.drop();
    },
  };
}
