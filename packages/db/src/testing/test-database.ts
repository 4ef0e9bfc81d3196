import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { appDatabaseUrl } from '../migrate/app-role';
import { migrateDeploy } from '../migrate/index';
import { withDatabase } from '../migrate/pg-engine-adapter';

const SERVER = process.env.TEST_DATABASE_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  ownerUrl: string;
  appUrl: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test suite, on the machine's real Postgres. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `t_${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const ownerUrl = withDatabase(SERVER, name);
  const appUrl = appDatabaseUrl(ownerUrl);
  await migrateDeploy(ownerUrl, appUrl);
  return {
    ownerUrl,
    appUrl,
    drop: async () => {
      const c = new pg.Client({ connectionString: SERVER });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
