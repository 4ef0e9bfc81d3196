import pg from 'pg';

/** `postgresql://owner@host/db` → the same server and database as `portal_app:portal_app`. */
export function appDatabaseUrl(ownerUrl: string, role = 'portal_app', password = 'portal_app'): string {
  const u = new URL(ownerUrl);
  u.username = role;
  u.password = password;
  return u.toString();
}

/**
 * The read replica's URL for the application role: DATABASE_READ_URL names
 * the replica (host, port, database); without a user of its own it takes the
 * application role's credentials, since roles and passwords replicate with
 * the data. A user it names is checked like any other (`assertSafeDatabaseRole`).
 */
export function readDatabaseUrl(readUrl: string, appUrl: string): string {
  const u = new URL(readUrl);
  if (u.username) return u.toString();
  const app = new URL(appUrl);
  u.username = app.username;
  u.password = app.password;
  return u.toString();
}

/** Tables the application role may read and add to, never change or empty. */
const APPEND_ONLY_TABLES = ['audit_events'] as const;

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The application role: may log in and read/write rows, owns nothing, is not
 * a superuser and has no BYPASSRLS, so row-level security always applies to
 * it. Grants cover tables created by later migrations too, except that
 * APPEND_ONLY_TABLES never get UPDATE or DELETE.
 */
export async function provisionAppRole(ownerUrl: string, appUrl: string): Promise<void> {
  const app = new URL(appUrl);
  const role = decodeURIComponent(app.username);
  const password = decodeURIComponent(app.password);
  if (!role) throw new Error('APP_DATABASE_URL must name a user');
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const owner = (await client.query<{ u: string }>('select current_user as u')).rows[0]?.u;
    if (owner === role) throw new Error(`APP_DATABASE_URL must use a role other than the migration owner (${owner})`);
    const exists = (await client.query('select 1 from pg_roles where rolname = $1', [role])).rowCount;
    const attrs = `LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT ${password ? `PASSWORD ${literal(password)}` : ''}`;
    await client.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${ident(role)} WITH ${attrs}`);
    // The RLS policies' subplans inflate cost estimates past jit_above_cost, so
    // Postgres JIT-compiles small tenant queries for longer than they run.
    // Applies from the role's next login; PGlite stores it (it has no JIT).
    await client.query(`ALTER ROLE ${ident(role)} SET jit = off`);
    const db = decodeURIComponent(new URL(ownerUrl).pathname.slice(1));
    await client.query(`GRANT CONNECT ON DATABASE ${ident(db)} TO ${ident(role)}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${ident(role)}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${ident(role)}`);
    await client.query(`REVOKE ALL ON TABLE public._prisma_migrations FROM ${ident(role)}`).catch(() => undefined);
    // The audit log is append-only for the application (docs/product/api-keys-and-audit.md); revoked
    // here, after the grant on every table, since a migration cannot know this role's name.
    for (const table of APPEND_ONLY_TABLES) await client.query(`REVOKE UPDATE, DELETE, TRUNCATE ON TABLE public.${ident(table)} FROM ${ident(role)}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${ident(role)}`);
    await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${ident(role)}`);
    await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${ident(role)}`);
  } finally {
    await client.end();
  }
}
