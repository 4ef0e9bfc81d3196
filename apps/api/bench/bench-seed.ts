import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { appDatabaseUrl, createPrismaClient, hashPassword, type Prisma, type PrismaClient } from '@portal/db';

/** Bump when the generated data changes shape: a stored marker of another version reseeds. */
const SEED_VERSION = 1;
const ROOT = path.resolve(__dirname, '../../..');
const SERVER = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const BENCH_DATABASE = 'portal_bench_api';
/** Every bench user signs in with this (hashed once with the portal's own argon2id). */
export const BENCH_PASSWORD = 'bench-password-123';

export const DISTRIBUTORS = 100;
export const PRINCIPALS = 10;
export const DISTRIBUTORS_PER_PRINCIPAL = 50;
const PARTIES_PER_DISTRIBUTOR = 500;
const PRODUCTS_PER_DISTRIBUTOR = 300;

export const distributorEmail = (n: number) => `distributor-${String(n).padStart(3, '0')}@bench.local`;
export const principalEmail = (n: number) => `principal-${String(n).padStart(2, '0')}@bench.local`;

export interface BenchDatabase {
  ownerUrl: string;
  appUrl: string;
  /** The superuser connection the RLS-bypass reference API uses (JIT off like the app role's, so only RLS differs). */
  bypassUrl: string;
  seeded: 'reused' | 'seeded';
  seedSeconds: number;
  lines: number;
  documents: number;
}

interface Marker {
  version: number;
  lines: number;
  documents: number;
  migrations: string[];
}

export const withDb = (server: string, db: string) => {
  const u = new URL(server);
  u.pathname = `/${db}`;
  return u.toString();
};

function migrationNames(): string[] {
  return readdirSync(path.join(ROOT, 'prisma/migrations'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

async function withClient<T>(url: string, fn: (c: PrismaClient) => Promise<T>): Promise<T> {
  const c = createPrismaClient(url, { poolMax: 1 });
  try {
    return await fn(c);
  } finally {
    await c.$disconnect();
  }
}

/** The marker is the database's comment: a table of our own would be refused by the API's RLS boot check. */
async function storedMarker(ownerUrl: string): Promise<Marker | null> {
  const exists = await withClient(SERVER, (c) => c.$queryRawUnsafe<unknown[]>('select 1 from pg_database where datname = $1', BENCH_DATABASE));
  if (exists.length === 0) return null;
  return withClient(ownerUrl, async (c) => {
    const [row] = await c.$queryRawUnsafe<{ comment: string | null }[]>(
      `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
      BENCH_DATABASE,
    );
    try {
      return JSON.parse(row?.comment ?? 'null') as Marker | null;
    } catch {
      return null;
    }
  });
}

/**
 * `portal_bench_api`, migrated by the project's own `pnpm db:migrate` and
 * filled with `lines` document lines set-based; reused as it is when its
 * marker (seed version, size, migrations) matches and `reseed` is not asked.
 */
export async function prepareBenchDatabase(lines: number, reseed: boolean, log: (line: string) => void): Promise<BenchDatabase> {
  const ownerUrl = withDb(SERVER, BENCH_DATABASE);
  const bypass = new URL(ownerUrl);
  bypass.searchParams.set('options', '-c jit=off');
  const base = { ownerUrl, appUrl: appDatabaseUrl(ownerUrl), bypassUrl: bypass.toString() };
  const want: Marker = { version: SEED_VERSION, lines, documents: Math.max(1, Math.round(lines / 5)), migrations: migrationNames() };

  const have = reseed ? null : await storedMarker(ownerUrl);
  if (have && JSON.stringify(have) === JSON.stringify(want)) {
    const [count] = await withClient(ownerUrl, async (c) => c.$queryRawUnsafe<{ n: bigint }[]>('select count(*) as n from documents'));
    if (Number(count?.n) === want.documents) {
      log(`reusing ${BENCH_DATABASE}: ${want.documents.toLocaleString('en')} documents, seed marker matches (--reseed to rebuild)`);
      return { ...base, seeded: 'reused', seedSeconds: 0, lines: have.lines, documents: have.documents };
    }
  }

  const started = performance.now();
  log(`seeding ${BENCH_DATABASE} with ${lines.toLocaleString('en')} lines (${want.documents.toLocaleString('en')} documents)…`);
  await withClient(SERVER, (c) => c.$executeRawUnsafe(`drop database if exists ${BENCH_DATABASE} with (force)`));
  const migrate = spawnSync('pnpm', ['--silent', 'db:migrate'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: ownerUrl, APP_DATABASE_URL: '' },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(`pnpm db:migrate failed:\n${migrate.stdout}${migrate.stderr}`);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  await withClient(ownerUrl, async (c) => {
    // One transaction: its settings and temporary tables live exactly as long as the load.
    await c.$transaction((tx) => seed(tx, want.documents, passwordHash, log), { maxWait: 60_000, timeout: 3 * 3600_000 });
    await step(
      c,
      log,
      'vacuum analyze',
      'vacuum (analyze) documents, document_lines, document_totals, document_day_totals, document_month_totals, connections, organizations, users, memberships, integrations',
    );
    await c.$executeRawUnsafe(`comment on database ${BENCH_DATABASE} is ${literal(JSON.stringify(want))}`);
  });
  const seedSeconds = (performance.now() - started) / 1000;
  const [stored] = await withClient(ownerUrl, async (c) => c.$queryRawUnsafe<{ n: bigint }[]>('select count(*) as n from document_lines'));
  log(`seeded in ${seedSeconds.toFixed(1)} s`);
  return { ...base, seeded: 'seeded', seedSeconds, lines: Number(stored?.n), documents: want.documents };
}

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * One line's values from its document number `g.n` and line number `l`
 * alone, so the document totals (computed first) and the lines (inserted
 * after) agree without reading the lines back. PPN 11 % per line; the
 * amount is net plus tax, the document total the sum of its line amounts.
 */
const LINE_VALUES = `cross join lateral (
    select p.product, p.price, q.qty, round(q.qty * p.price, 2) as net, round(q.qty * p.price * 0.11, 2) as tax
      from (select (g.n * 131 + l * 17) % ${PRODUCTS_PER_DISTRIBUTOR} as product) p0
      cross join lateral (select p0.product,
        case when g.usd then (5 + (p0.product * 7919) % 400) / 10.0 else 1000 + ((p0.product * 7919) % 400) * 250 end::numeric as price) p
      cross join lateral (select (1 + (g.n * 31 + l * 7) % 48)::numeric as qty) q
  ) v`;

export type Sql = Pick<PrismaClient, '$executeRawUnsafe'> | Prisma.TransactionClient;

export async function step(c: Sql, log: (line: string) => void, what: string, sql: string, ...params: unknown[]) {
  const t = performance.now();
  const rows = await c.$executeRawUnsafe(sql, ...params);
  log(`  ${what}: ${((performance.now() - t) / 1000).toFixed(1)} s${rows > 0 ? ` (${rows.toLocaleString('en')} rows)` : ''}`);
}

/**
 * Readies a seed's transaction for a set-based load as the owner: bulk
 * settings, a fixed random seed, and triggers off (session_replication_role =
 * replica: no foreign-key checks, no kept totals or sums per statement; every
 * id comes from the same generated rows, and the sums are filled once after).
 * Drops the documents' and lines' secondary indexes and the lines' key, and
 * answers what rebuilds them once after the load, as the migrations define them.
 */
export async function loadWithoutWriteIndexes(c: Prisma.TransactionClient, randomSeed: number): Promise<(log: (line: string) => void) => Promise<void>> {
  for (const setting of [`maintenance_work_mem = '1GB'`, `work_mem = '256MB'`, 'synchronous_commit = off', 'session_replication_role = replica']) {
    await c.$executeRawUnsafe(`set local ${setting}`);
  }
  await c.$queryRawUnsafe(`select setseed(${randomSeed})::text`);
  const indexes = await c.$queryRawUnsafe<{ name: string; def: string }[]>(
    `select indexname as name, indexdef as def from pg_indexes
        where schemaname = 'public' and tablename in ('documents', 'document_lines')
          and indexname not in (select conname from pg_constraint where contype = 'p')`,
  );
  const [linesPkey] = await c.$queryRawUnsafe<{ def: string }[]>(
    `select pg_get_constraintdef(oid) as def from pg_constraint where conname = 'document_lines_pkey' and contype = 'p'`,
  );
  if (!linesPkey) throw new Error('document_lines_pkey not found: has the schema changed?');
  for (const i of indexes) await c.$executeRawUnsafe(`drop index "${i.name}"`);
  await c.$executeRawUnsafe('alter table document_lines drop constraint document_lines_pkey');
  return async (log) => {
    await step(c, log, 'document_lines primary key', `alter table document_lines add constraint document_lines_pkey ${linesPkey.def}`);
    for (const i of indexes) await step(c, log, i.name, i.def);
  };
}

async function seed(c: Prisma.TransactionClient, documents: number, passwordHash: string, log: (line: string) => void) {
  // Owner-only seed: the superuser writes outside row-level security, and the
  // foreign-key triggers are skipped (every id comes from the same generated rows).
  const rebuildIndexes = await loadWithoutWriteIndexes(c, 0.42);

  await c.$executeRawUnsafe(`create temp table bench_dist on commit drop as
    select n, gen_random_uuid() as org_id, gen_random_uuid() as integration_id, gen_random_uuid() as user_id from generate_series(1, ${DISTRIBUTORS}) n`);
  await c.$executeRawUnsafe(`create temp table bench_principal on commit drop as
    select n, gen_random_uuid() as org_id, gen_random_uuid() as user_id from generate_series(1, ${PRINCIPALS}) n`);
  await step(
    c,
    log,
    'organizations, users, memberships, integrations, connections',
    `with orgs as (
       insert into organizations (id, kind, name, created_at)
       select org_id, 'DISTRIBUTOR'::"OrganizationKind", 'Bench Distributor ' || lpad(n::text, 3, '0'), now() - interval '3 years' from bench_dist
       union all
       select org_id, 'PRINCIPAL'::"OrganizationKind", 'Bench Principal ' || lpad(n::text, 2, '0'), now() - interval '3 years' from bench_principal
       returning id
     ), people as (
       select org_id, user_id, 'distributor-' || lpad(n::text, 3, '0') || '@bench.local' as email, 'Distributor user ' || n as name from bench_dist
       union all
       select org_id, user_id, 'principal-' || lpad(n::text, 2, '0') || '@bench.local', 'Principal user ' || n from bench_principal
     ), u as (
       insert into users (id, organization_id, email, name, password_hash) select user_id, org_id, email, name, $1 from people returning id
     ), m as (
       insert into memberships (id, organization_id, user_id, role) select gen_random_uuid(), org_id, user_id, 'OWNER' from people returning id
     ), i as (
       insert into integrations (id, organization_id, kind, name, state, dms_tenant_id, last_sync_at, last_sync_status, created_at, updated_at)
       select integration_id, org_id, 'DMS', 'DMS', 'ACTIVE', 'T' || lpad(n::text, 3, '0'), now(), 'SUCCEEDED', now() - interval '2 years', now() from bench_dist
       returning id
     )
     insert into connections (id, principal_org_id, distributor_org_id, status, document_types, integration_ids, connected_at, principal_email, distributor_email, created_at)
     select gen_random_uuid(), p.org_id, d.org_id, 'CONNECTED', enum_range(null::"DocumentType"),
            -- both forms of consent: all integrations (empty) and the named one
            case when p.n % 2 = 0 then array[d.integration_id] else '{}'::uuid[] end,
            now() - interval '2 years', 'principal-' || lpad(p.n::text, 2, '0') || '@bench.local', 'distributor-' || lpad(d.n::text, 3, '0') || '@bench.local',
            now() - interval '2 years'
       from bench_principal p join bench_dist d on (d.n * 37 + p.n * 11) % ${DISTRIBUTORS} < ${DISTRIBUTORS_PER_PRINCIPAL}`,
    passwordHash,
  );

  // One row per document: its distributor, type (sales-heavy), date in the last two years, party, currency and line count (1–9, 5 on average).
  await step(
    c,
    log,
    'document plan',
    `create temp table bench_doc on commit drop as
     select n, gen_random_uuid() as id, 1 + floor(random() * ${DISTRIBUTORS})::int as dist,
            (case when r < 0.30 then 'SALES_ORDER' when r < 0.60 then 'SALES_INVOICE' when r < 0.65 then 'SALES_RETURN'
                  when r < 0.80 then 'PURCHASE_INVOICE' else 'PURCHASE_ORDER' end)::"DocumentType" as type,
            current_date - floor(random() * 730)::int as date,
            floor(random() * ${PARTIES_PER_DISTRIBUTOR})::int as party,
            random() < 0.02 as usd,
            1 + (n * 7) % 9 as line_count
       from (select n, random() as r from generate_series(1, ${documents}) n) s`,
  );
  await step(
    c,
    log,
    'documents',
    `insert into documents (id, organization_id, integration_id, type, source_id, number, date, party_code, party_name, salesman_code,
                            currency, subtotal, discount, tax, total, status, source_updated_at, template_version, line_count, created_at, updated_at)
     select g.id, d.org_id, d.integration_id, g.type, 'BENCH-' || g.n,
            (case g.type when 'SALES_ORDER' then 'SO' when 'SALES_INVOICE' then 'SI' when 'SALES_RETURN' then 'SR' when 'PURCHASE_INVOICE' then 'PI' else 'PO' end)
              || '/' || to_char(g.date, 'YYYYMM') || '/' || lpad(g.n::text, 7, '0'),
            g.date, 'C' || lpad(g.party::text, 4, '0'),
            'Toko ' || (array['Makmur', 'Sejahtera', 'Jaya', 'Abadi', 'Sentosa', 'Berkah', 'Mandiri', 'Lancar', 'Maju', 'Rezeki'])[1 + g.party % 10]
              || ' ' || (array['Jakarta', 'Bandung', 'Surabaya', 'Medan', 'Semarang', 'Makassar', 'Denpasar'])[1 + (g.party / 10) % 7] || ' ' || g.party,
            'S' || lpad((g.party % 40)::text, 3, '0'), case when g.usd then 'USD' else 'IDR' end,
            t.net, 0, t.tax, t.net + t.tax, case when g.date < current_date - 30 then 'CLOSED' else 'OPEN' end,
            g.date + time '08:00' + (g.n % 36000) * interval '1 second', 1, g.line_count, now(), now()
       from bench_doc g join bench_dist d on d.n = g.dist
       cross join lateral (select sum(v.net) as net, sum(v.tax) as tax from generate_series(1, g.line_count) l ${LINE_VALUES}) t`,
  );
  await step(
    c,
    log,
    'document lines',
    `insert into document_lines (document_id, line_no, organization_id, type, integration_id, product_code, product_name, quantity, unit, quantity_base, unit_price, discount, tax, amount)
     select g.id, l, d.org_id, g.type, d.integration_id, 'P' || lpad(v.product::text, 5, '0'), 'Product ' || v.product, v.qty, 'PCS', v.qty, v.price, 0, v.tax, v.net + v.tax
       from bench_doc g join bench_dist d on d.n = g.dist
       cross join lateral generate_series(1, g.line_count) l ${LINE_VALUES}`,
  );
  // session_replication_role = replica skips the triggers that keep the totals, so they are summed once here, as the migration does.
  await step(
    c,
    log,
    'kept totals of all time',
    `insert into document_totals (organization_id, type, integration_id, currency, documents, amount)
     select organization_id, type, integration_id, currency, count(*), sum(total) from documents group by 1, 2, 3, 4`,
  );
  await step(
    c,
    log,
    'kept totals by day',
    `insert into document_day_totals (organization_id, date, type, integration_id, currency, documents, amount)
     select organization_id, date, type, integration_id, currency, count(*), sum(total) from documents group by 1, 2, 3, 4, 5`,
  );
  await step(
    c,
    log,
    'kept totals by month',
    `insert into document_month_totals (organization_id, month, type, integration_id, currency, documents, amount)
     select organization_id, date_trunc('month', date)::date, type, integration_id, currency, count(*), sum(total) from documents group by 1, 2, 3, 4, 5`,
  );
  await rebuildIndexes(log);
}
