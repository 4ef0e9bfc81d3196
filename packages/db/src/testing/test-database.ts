import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres } from '../embedded/embedded-postgres';
import { appDatabaseUrl } from '../migrate/app-role';
import { migrateDeploy } from '../migrate/index';
import { withDatabase } from '../migrate/pg-engine-adapter';

const SERVER = process.env.TEST_DATABASE_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
// TEST_DATABASE=embedded runs a suite against PGlite (what `pnpm start` uses
// when no server is running) instead of the machine's Postgres.
const EMBEDDED = process.env.TEST_DATABASE === 'embedded';

export interface TestDatabase {
  ownerUrl: string;
  appUrl: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database of its own for one test suite, on the machine's real Postgres (or PGlite);
 * `serverUrl`: on another server (a superuser's URL), e.g. one the test started itself.
 */
export async function createTestDatabase(prefix: string, opts: { serverUrl?: string } = {}): Promise<TestDatabase> {
  if (EMBEDDED && !opts.serverUrl) return createEmbeddedTestDatabase();
  const server = opts.serverUrl ?? SERVER;
  const name = `t_${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const ownerUrl = withDatabase(server, name);
  const appUrl = appDatabaseUrl(ownerUrl);
  await migrateDeploy(ownerUrl, appUrl);
  return {
    ownerUrl,
    appUrl,
    drop: async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * PGlite serves one database whatever name a client asks for, so each suite
 * gets a server of its own, in memory, gone when the suite drops it.
 */
async function createEmbeddedTestDatabase(): Promise<TestDatabase> {
  const server = await startEmbeddedPostgres('memory://');
  const appUrl = appDatabaseUrl(server.ownerUrl);
  try {
    await migrateDeploy(server.ownerUrl, appUrl);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return { ownerUrl: server.ownerUrl, appUrl, drop: () => server.stop() };
}
