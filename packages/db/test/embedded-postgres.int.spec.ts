import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../src/embedded/embedded-postgres';
import { appDatabaseUrl } from '../src/migrate/app-role';
import { migrateDeploy } from '../src/migrate';

// What the embedded server must do like a real one for the portal to be
// safe on it: log each connection in as its own role, and never let two
// connections' transactions run into each other on PGlite's single session.
let server: EmbeddedPostgres;
let appUrl: string;
const clients: pg.Client[] = [];

async function connect(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  clients.push(c);
  return c;
}

beforeAll(async () => {
  server = await startEmbeddedPostgres('memory://');
  appUrl = appDatabaseUrl(server.ownerUrl);
  await migrateDeploy(server.ownerUrl, appUrl);
  const owner = await connect(server.ownerUrl);
  await owner.query(`create table scratch (n int)`);
  await owner.query(`grant select, insert on scratch to portal_app`);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await server?.stop();
});

describe('embedded PostgreSQL (PGlite over its socket)', () => {
  it('logs each connection in as the role it names, and refuses unknown roles', async () => {
    const owner = await connect(server.ownerUrl);
    const app = await connect(appUrl);
    const roleOf = async (c: pg.Client) =>
      (await c.query(`select current_user as name, rolsuper as superuser from pg_roles where rolname = current_user`)).rows[0];
    expect(await roleOf(app)).toEqual({ name: 'portal_app', superuser: false });
    expect(await roleOf(owner)).toEqual({ name: 'postgres', superuser: true });
    expect(await roleOf(app)).toEqual({ name: 'portal_app', superuser: false });
    await expect(connect(appDatabaseUrl(server.ownerUrl, 'nobody'))).rejects.toThrow('role "nobody" does not exist');
  });

  it("runs one connection's transaction to its end before another connection's statement", async () => {
    const a = await connect(server.ownerUrl);
    const b = await connect(appUrl);
    await a.query('begin');
    await a.query('insert into scratch values (1)');
    const seenByB = b.query<{ n: number; who: string }>('select count(*)::int as n, current_user as who from scratch');
    await a.query('insert into scratch values (2)');
    await a.query('commit');
    expect((await seenByB).rows[0]).toEqual({ n: 2, who: 'portal_app' });
  });

  it('rolls back the transaction of a connection that goes away, and serves the next one', async () => {
    const a = await connect(server.ownerUrl);
    const next = await connect(appUrl);
    await a.query('begin');
    await a.query('insert into scratch values (99)');
    const counted = next.query<{ n: number }>('select count(*)::int as n from scratch where n = 99');
    void a.end();
    expect((await counted).rows[0]?.n).toBe(0);
  });
});
