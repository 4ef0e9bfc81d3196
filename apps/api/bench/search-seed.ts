import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { appDatabaseUrl, createPrismaClient, type Prisma } from '@portal/db';

// `pnpm bench:search`'s database: 100,000 customers, products and SKUs a principal
// may search (plus an unconnected distributor's rows it must not see), set-based.

/** Bump when the generated data changes shape: a stored marker of another version reseeds. */
const SEED_VERSION = 1;
const ROOT = path.resolve(__dirname, '../../..');
const SERVER = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const SEARCH_BENCH_DATABASE = 'portal_bench_search';

/** The principal's connected distributors, each with ENTRIES / CONNECTED customers and products. */
export const CONNECTED = 10;
export const ENTRIES = 100_000;
/** One more distributor the principal is not connected to: its rows are in the indexes but never in an answer. */
const HIDDEN = 20_000;
/** Purchase documents (suppliers are their parties). */
const PURCHASES = 100_000;
const SUPPLIERS = 400;

export const PRINCIPAL_ID = '00000000-0000-4000-8000-00000000000a';

export interface SearchBenchDatabase {
  ownerUrl: string;
  appUrl: string;
  seeded: 'reused' | 'seeded';
  seedSeconds: number;
}

const withDb = (server: string, db: string) => {
  const u = new URL(server);
  u.pathname = `/${db}`;
  return u.toString();
};

/** The seed version and the migrations' text: a migration added or edited (an index changed) reseeds. */
const marker = () => {
  const dirs = readdirSync(path.join(ROOT, 'prisma/migrations'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const hash = createHash('sha256');
  for (const d of dirs) hash.update(readFileSync(path.join(ROOT, 'prisma/migrations', d, 'migration.sql')));
  return JSON.stringify({ version: SEED_VERSION, migrations: hash.digest('hex') });
};

// Syllables of Indonesian-sounding words: 2–3 of them give tens of thousands of
// different words, so a name's words are about as selective as real outlet and
// product names (a handful of words, "Toko", "Warung", a brand, repeat often).
const SYLLABLES = `array['ma','ju','sin','ar','ja','ya','ber','kah','mu','li','sri','bu','di','san','to','so','ko','wi','ra','ta',
                         'na','ha','ka','ri','la','wa','ti','se','jah','te','mak','mur','lan','car','un','tung','sen','ba','ro','gi']`;

const STEPS: [string, string][] = [
  [
    'word function',
    `create function pg_temp.word(seed bigint) returns text language sql immutable as $$
       select initcap(string_agg((${SYLLABLES})[1 + abs(hashint8(seed * 7 + k)) % 40], '' order by k))
         from generate_series(1, 2 + abs(hashint8(seed)) % 2) k $$`,
  ],
  [
    'pick function',
    `create function pg_temp.pick(options text[], seed bigint) returns text language sql immutable as $$
       select options[1 + abs(hashint8(seed)) % cardinality(options)] $$`,
  ],
  [
    'organisations, integrations, connections',
    `with d as (select n, ('00000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid as id from generate_series(1, ${CONNECTED + 1}) n),
          o as (insert into organizations (id, kind, name, created_at)
                select id, 'DISTRIBUTOR'::"OrganizationKind", 'PT ' || pg_temp.word(n * 101) || ' ' || pg_temp.pick(array['Distribusindo','Niaga','Sentosa','Abadi','Jaya'], n), now() from d
                union all select '${PRINCIPAL_ID}'::uuid, 'PRINCIPAL'::"OrganizationKind", 'PT Bench Principal', now() returning id),
          i as (insert into integrations (id, organization_id, kind, name, state, created_at, updated_at)
                select id, id, 'EXTERNAL'::"IntegrationKind", 'External', 'ACTIVE'::"IntegrationState", now(), now() from d returning id)
     insert into connections (id, principal_org_id, distributor_org_id, status, document_types, integration_ids, connected_at, created_at)
     select gen_random_uuid(), '${PRINCIPAL_ID}'::uuid, id, 'CONNECTED'::"ConnectionStatus", enum_range(null::"DocumentType"), '{}', now(), now() from d where n <= ${CONNECTED}`,
  ],
  [
    'customers',
    `insert into customers (id, organization_id, integration_id, source_id, code, name, city, source_updated_at)
     select gen_random_uuid(), org, org, g::text, 'C' || lpad(g::text, 6, '0'),
            pg_temp.pick(array['Toko','Toko','Warung','TK','UD','CV','Minimarket','Grosir','Kios','Apotek','Depot','Swalayan'], g * 3)
              || ' ' || pg_temp.word(g * 5) || case when g % 3 = 0 then ' ' || pg_temp.word(g * 11) else '' end
              || case when g % 4 = 0 then ' ' || pg_temp.pick(array['Bu','Pak','Mas','Cik'], g) || ' ' || pg_temp.word(g * 13) else '' end,
            pg_temp.pick(array['Jakarta','Surabaya','Bandung','Medan','Semarang','Makassar','Palembang','Depok','Tangerang','Bekasi','Bogor','Malang'], g * 17),
            now()
       from (select g, ('00000000-0000-4000-8000-' || lpad((case when g <= ${ENTRIES} then 1 + (g - 1) % ${CONNECTED} else ${CONNECTED + 1} end)::text, 12, '0'))::uuid as org
               from generate_series(1, ${ENTRIES + HIDDEN}) g) s`,
  ],
  [
    'products',
    `insert into products (id, organization_id, integration_id, source_id, code, name, base_unit, brand, source_updated_at)
     select gen_random_uuid(), org, org, g::text, upper(left(brand, 3)) || '-' || lpad(g::text, 6, '0'),
            brand || ' ' || pg_temp.word(g * 19) || ' ' || pg_temp.pick(array['Original','Pedas','Coklat','Keju','Susu','Mint','Lemon','Goreng','Soto','Ayam Bawang'], g * 23)
              || ' ' || pg_temp.pick(array['70g','85g','120g','250ml','600ml','1L','1kg','5kg','Sachet','Pouch','Renteng','Karton'], g * 29),
            'PCS', brand, now()
       from (select g, pg_temp.word(1000 + abs(hashint8(g * 31)) % 400) as brand,
                    ('00000000-0000-4000-8000-' || lpad((case when g <= ${ENTRIES} then 1 + (g - 1) % ${CONNECTED} else ${CONNECTED + 1} end)::text, 12, '0'))::uuid as org
               from generate_series(1, ${ENTRIES + HIDDEN}) g) s`,
  ],
  [
    'principal SKUs',
    `insert into principal_skus (id, organization_id, code, name, brand, base_unit, updated_at)
     select gen_random_uuid(), '${PRINCIPAL_ID}', 'SKU-' || lpad(g::text, 6, '0'),
            brand || ' ' || pg_temp.word(g * 37) || ' ' || pg_temp.pick(array['Original','Pedas','Coklat','Keju','Susu','Mint','Lemon','Goreng'], g * 41)
              || ' ' || pg_temp.pick(array['70g','85g','120g','250ml','600ml','1L','1kg'], g * 43),
            brand, 'PCS', now()
       from (select g, pg_temp.word(1000 + abs(hashint8(g * 47)) % 300) as brand from generate_series(1, ${ENTRIES}) g) s`,
  ],
  [
    'purchase documents',
    `insert into documents (id, organization_id, integration_id, type, source_id, number, date, party_code, party_name, currency,
                            subtotal, discount, tax, total, status, source_updated_at, template_version, line_count)
     select gen_random_uuid(), org, org, case when g % 2 = 0 then 'PURCHASE_INVOICE' else 'PURCHASE_ORDER' end::"DocumentType",
            g::text, 'PB-' || g, current_date - g % 700, 'S' || lpad(s::text, 4, '0'),
            'PT ' || pg_temp.word(5000 + s) || ' ' || pg_temp.pick(array['Indonesia','Sukses Makmur','Nusantara','Tbk','Mandiri','Sejahtera'], s),
            'IDR', 100, 0, 0, 100, 'POSTED', now(), 1, 0
       from (select g, 1 + abs(hashint8(g * 53)) % ${SUPPLIERS} as s,
                    ('00000000-0000-4000-8000-' || lpad((1 + (g - 1) % (${CONNECTED + 1}))::text, 12, '0'))::uuid as org
               from generate_series(1, ${PURCHASES}) g) x`,
  ],
];

/** `portal_bench_search`, migrated by `pnpm db:migrate` and seeded; reused while its marker matches. */
export async function prepareSearchBenchDatabase(reseed: boolean, log: (line: string) => void): Promise<SearchBenchDatabase> {
  const ownerUrl = withDb(SERVER, SEARCH_BENCH_DATABASE);
  const base = { ownerUrl, appUrl: appDatabaseUrl(ownerUrl) };
  const server = createPrismaClient(SERVER, { poolMax: 1 });
  try {
    const [row] = await server.$queryRawUnsafe<{ comment: string | null }[]>(
      `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
      SEARCH_BENCH_DATABASE,
    );
    if (!reseed && row?.comment === marker()) {
      log(`reusing ${SEARCH_BENCH_DATABASE} (--reseed to rebuild)`);
      return { ...base, seeded: 'reused', seedSeconds: 0 };
    }
    await server.$executeRawUnsafe(`drop database if exists ${SEARCH_BENCH_DATABASE} with (force)`);
  } finally {
    await server.$disconnect();
  }
  const started = performance.now();
  log(`seeding ${SEARCH_BENCH_DATABASE}…`);
  const migrate = spawnSync('pnpm', ['--silent', 'db:migrate'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: ownerUrl, APP_DATABASE_URL: '' },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(`pnpm db:migrate failed:\n${migrate.stdout}${migrate.stderr}`);
  const owner = createPrismaClient(ownerUrl, { poolMax: 1 });
  try {
    await owner.$transaction(
      async (tx: Prisma.TransactionClient) => {
        // The owner writes outside row-level security; foreign-key and totals triggers are skipped (ids are consistent by construction).
        for (const setting of [`maintenance_work_mem = '512MB'`, 'synchronous_commit = off', 'session_replication_role = replica'])
          await tx.$executeRawUnsafe(`set local ${setting}`);
        for (const [what, sql] of STEPS) {
          const t = performance.now();
          const rows = await tx.$executeRawUnsafe(sql);
          log(`  ${what}: ${((performance.now() - t) / 1000).toFixed(1)} s${rows > 0 ? ` (${rows.toLocaleString('en')} rows)` : ''}`);
        }
      },
      { maxWait: 60_000, timeout: 3600_000 },
    );
    await owner.$executeRawUnsafe('vacuum (analyze) customers, products, principal_skus, documents, connections, organizations');
    await owner.$executeRawUnsafe(`comment on database ${SEARCH_BENCH_DATABASE} is '${marker().replace(/'/g, "''")}'`);
  } finally {
    await owner.$disconnect();
  }
  const seedSeconds = (performance.now() - started) / 1000;
  log(`seeded in ${seedSeconds.toFixed(1)} s`);
  return { ...base, seeded: 'seeded', seedSeconds };
}
