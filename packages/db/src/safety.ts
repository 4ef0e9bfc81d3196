import type { PrismaClient } from './generated/client';

/**
 * Refuses to run with a database role that row-level security would not
 * bind, or against tables where it is not enabled and forced.
 */
export async function assertSafeDatabaseRole(prisma: PrismaClient, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // BENCHMARK ONLY: `pnpm bench:api` sets this on the reference API it starts
  // as a superuser, to measure what row-level security costs. Never honoured
  // in production, where setting it is itself refused.
  if (env.UNSAFE_BYPASS_RLS_FOR_BENCHMARK) {
    if (env.NODE_ENV === 'production' || env.UNSAFE_BYPASS_RLS_FOR_BENCHMARK !== '1') {
      throw new Error('UNSAFE_BYPASS_RLS_FOR_BENCHMARK is for pnpm bench:api only: unset it');
    }
    process.emitWarning('row-level security is not checked: UNSAFE_BYPASS_RLS_FOR_BENCHMARK=1 (benchmark only)');
    return;
  }
  const [role] = await prisma.$queryRaw<{ name: string; superuser: boolean; bypassrls: boolean }[]>`
    select rolname as name, rolsuper as superuser, rolbypassrls as bypassrls from pg_roles where rolname = current_user`;
  if (!role) throw new Error('cannot read the database role');
  if (role.superuser)
    throw new Error(`database role "${role.name}" is a superuser: row-level security would not apply; connect as the application role (APP_DATABASE_URL)`);
  if (role.bypassrls) throw new Error(`database role "${role.name}" has BYPASSRLS: connect as the application role (APP_DATABASE_URL)`);
  const owned = await prisma.$queryRaw<{ relname: string }[]>`
    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r' and pg_get_userbyid(c.relowner) = current_user`;
  if (owned.length) throw new Error(`database role "${role.name}" owns ${owned.map((o) => o.relname).join(', ')}: table owners can bypass row-level security`);
  const unguarded = await prisma.$queryRaw<{ relname: string }[]>`
    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r' and c.relname <> '_prisma_migrations'
       and not (c.relrowsecurity and c.relforcerowsecurity)`;
  if (unguarded.length) throw new Error(`row-level security is not enabled and forced on: ${unguarded.map((u) => u.relname).join(', ')}; run pnpm db:migrate`);
  const [tables] = await prisma.$queryRaw<{ n: bigint }[]>`
    select count(*) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r' and c.relname <> '_prisma_migrations'`;
  if (!tables || Number(tables.n) === 0) throw new Error('the database has no tables yet; run pnpm db:migrate');
}
