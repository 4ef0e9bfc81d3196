import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

const SERVER = process.env.TEST_DATABASE_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

// Issue 11: the External ingestion keys became API keys with scopes; the keys
// issued before must keep working exactly as they did.
describe('migration of the ingestion keys', () => {
  it('gives keys made before scopes existed ingest:write and keeps their integration', async () => {
    const dir = path.resolve(__dirname, '../../../prisma/migrations');
    const migrations = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    const mine = migrations.findIndex((m) => m.endsWith('_api_key_scopes_and_oauth_clients'));
    const name = `t_keys_migration_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const db = new pg.Client({ connectionString: SERVER.replace(/\/postgres$/, `/${name}`) });
    try {
      await db.connect();
      for (const m of migrations.slice(0, mine)) await db.query(readFileSync(path.join(dir, m, 'migration.sql'), 'utf8'));
      await db.query(`INSERT INTO organizations (id, kind, name) VALUES ('00000000-0000-4000-8000-000000000001', 'DISTRIBUTOR', 'PT Lama')`);
      await db.query(
        `INSERT INTO integrations (id, organization_id, kind, name, state, updated_at) VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'EXTERNAL', 'ERP', 'ACTIVE', now())`,
      );
      await db.query(
        `INSERT INTO api_keys (id, organization_id, integration_id, name, prefix, secret_hash) VALUES ('00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', 'ERP ingestion', 'pk_old', 'hash')`,
      );
      for (const m of migrations.slice(mine)) await db.query(readFileSync(path.join(dir, m, 'migration.sql'), 'utf8'));
      const { rows } = await db.query('SELECT integration_id, scopes, expires_at, revoked_at FROM api_keys');
      expect(rows).toEqual([{ integration_id: '00000000-0000-4000-8000-000000000002', scopes: ['ingest:write'], expires_at: null, revoked_at: null }]);
    } finally {
      await db.end();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  }, 60_000);
});
