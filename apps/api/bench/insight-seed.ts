import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { appDatabaseUrl, createPrismaClient, hashPassword, type Prisma } from '@portal/db';
import { BENCH_PASSWORD, loadWithoutWriteIndexes, step, withDb } from './bench-seed';

// `pnpm bench:insight`'s database: 100 distributors' sales and purchases
// (5,000,000 lines by default over the last 13 months), their customers and
// products with unit conversions, and one principal connected to all of
// them with a 300-SKU catalogue and product mappings for most products.

/** Bump when the generated data changes shape: a stored marker of another version reseeds. */
const SEED_VERSION = 1;
const ROOT = path.resolve(__dirname, '../../..');
const SERVER = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const INSIGHT_BENCH_DATABASE = 'portal_bench_insight';

export const DISTRIBUTORS = 100;
export const SKUS = 300;
const PRODUCTS_PER_DISTRIBUTOR = 300;
const CUSTOMERS_PER_DISTRIBUTOR = 800;
const SALESMEN_PER_DISTRIBUTOR = 20;
/** Days of documents back from today: about 13 months, so "the last 12 months" and "the month before" are full. */
const DAYS = 395;

export const PRINCIPAL_EMAIL = 'principal@bench.local';
export const insightDistributorEmail = (n: number) => `distributor-${String(n).padStart(3, '0')}@bench.local`;

export const CITIES = ['Jakarta', 'Surabaya', 'Bandung', 'Medan', 'Semarang', 'Makassar', 'Palembang', 'Depok', 'Tangerang', 'Bekasi', 'Bogor', 'Malang'];
export const BRANDS = Array.from({ length: 30 }, (_, i) => `Brand ${String.fromCharCode(65 + (i % 26))}${i >= 26 ? i - 25 : ''}`);
const CATEGORIES = ['Snacks', 'Beverages', 'Noodles', 'Dairy', 'Personal care', 'Household', 'Confectionery', 'Seasoning'];

export interface InsightBenchDatabase {
  ownerUrl: string;
  appUrl: string;
  seeded: 'reused' | 'seeded';
  seedSeconds: number;
  lines: number;
  documents: number;
  /** Rows of the kept sums after the seed. */
  sums: { productMonths: number; customerMonths: number; salesmanMonths: number; cityMonths: number; days: number; skuMonths: number; principalMonths: number };
}

const sqlArray = (values: string[]) => `array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]`;

/** The seed version, size and the migrations' text: a migration added or edited reseeds. */
function marker(lines: number): string {
  const dirs = readdirSync(path.join(ROOT, 'prisma/migrations'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const hash = createHash('sha256');
  for (const d of dirs) hash.update(readFileSync(path.join(ROOT, 'prisma/migrations', d, 'migration.sql')));
  return JSON.stringify({ version: SEED_VERSION, lines, migrations: hash.digest('hex') });
}

/**
 * `portal_bench_insight`, migrated by `pnpm db:migrate` and filled set-based
 * as the owner; reused as it is while its marker (seed version, size,
 * migrations) matches and `reseed` is not asked.
 */
export async function prepareInsightBenchDatabase(lines: number, reseed: boolean, log: (line: string) => void): Promise<InsightBenchDatabase> {
  const ownerUrl = withDb(SERVER, INSIGHT_BENCH_DATABASE);
  const base = { ownerUrl, appUrl: appDatabaseUrl(ownerUrl) };
  const want = marker(lines);
  const server = createPrismaClient(SERVER, { poolMax: 1 });
  let reuse = false;
  try {
    const [row] = await server.$queryRawUnsafe<{ comment: string | null }[]>(
      `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
      INSIGHT_BENCH_DATABASE,
    );
    reuse = !reseed && row?.comment === want;
    if (!reuse) await server.$executeRawUnsafe(`drop database if exists ${INSIGHT_BENCH_DATABASE} with (force)`);
  } finally {
    await server.$disconnect();
  }
  if (reuse) {
    log(`reusing ${INSIGHT_BENCH_DATABASE} (--reseed to rebuild)`);
    return { ...base, seeded: 'reused', seedSeconds: 0, ...(await counts(ownerUrl)) };
  }

  const started = performance.now();
  const documents = Math.max(1, Math.round(lines / 5));
  log(`seeding ${INSIGHT_BENCH_DATABASE} with about ${lines.toLocaleString('en')} lines (${documents.toLocaleString('en')} documents)…`);
  const migrate = spawnSync('pnpm', ['--silent', 'db:migrate'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: ownerUrl, APP_DATABASE_URL: '' },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(`pnpm db:migrate failed:\n${migrate.stdout}${migrate.stderr}`);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const owner = createPrismaClient(ownerUrl, { poolMax: 1 });
  try {
    // One transaction: its settings and temporary tables live exactly as long as the load.
    await owner.$transaction((tx) => seed(tx, documents, passwordHash, log), { maxWait: 60_000, timeout: 3 * 3600_000 });
    await step(
      owner,
      log,
      'vacuum analyze',
      `vacuum (analyze) documents, document_lines, document_totals, document_day_totals, document_month_totals, insight_product_months,
                        insight_customer_months, insight_salesman_months, insight_city_months, insight_days, insight_sku_months, insight_principal_months, insight_principal_deltas, insight_line_deltas, product_mappings, principal_skus, products, customers, connections, organizations,
                        users, memberships, integrations`,
    );
    await owner.$executeRawUnsafe(`comment on database ${INSIGHT_BENCH_DATABASE} is '${want.replace(/'/g, "''")}'`);
  } finally {
    await owner.$disconnect();
  }
  const seedSeconds = (performance.now() - started) / 1000;
  log(`seeded in ${seedSeconds.toFixed(1)} s`);
  return { ...base, seeded: 'seeded', seedSeconds, ...(await counts(ownerUrl)) };
}

async function counts(ownerUrl: string): Promise<Pick<InsightBenchDatabase, 'lines' | 'documents' | 'sums'>> {
  const owner = createPrismaClient(ownerUrl, { poolMax: 1 });
  try {
    // Planner estimates: exact counts of 5 million rows cost seconds and say nothing more here.
    const rows = await owner.$queryRawUnsafe<{ name: string; n: number }[]>(
      `select relname as name, reltuples::float8 as n from pg_class
        where relname in ('documents', 'document_lines', 'insight_product_months', 'insight_customer_months', 'insight_salesman_months', 'insight_city_months',
                          'insight_days', 'insight_sku_months', 'insight_principal_months') and relkind = 'r'`,
    );
    const n = (name: string) => Math.round(rows.find((r) => r.name === name)?.n ?? 0);
    return {
      lines: n('document_lines'),
      documents: n('documents'),
      sums: {
        productMonths: n('insight_product_months'),
        customerMonths: n('insight_customer_months'),
        salesmanMonths: n('insight_salesman_months'),
        cityMonths: n('insight_city_months'),
        days: n('insight_days'),
        skuMonths: n('insight_sku_months'),
        principalMonths: n('insight_principal_months'),
      },
    };
  } finally {
    await owner.$disconnect();
  }
}

/**
 * The load, set-based: the master data first, then one plan row per
 * document, the lines from the plan, the documents with their lines' sums.
 *
 * Triggers off (session_replication_role = replica: no foreign-key checks,
 * no kept totals, no insight sums per statement), then every kept sum
 * filled once with the migrations' own GROUP BYs. On 2 cores that is one
 * aggregate per table instead of the insight trigger spooling a 5-million
 * row transition table and upserting into three tables with their keys in
 * place; `pnpm bench:insight` measures what the triggers cost a real write
 * separately (the consolidation part).
 */
async function seed(c: Prisma.TransactionClient, documents: number, passwordHash: string, log: (line: string) => void) {
  const rebuildIndexes = await loadWithoutWriteIndexes(c, 0.13);

  await c.$executeRawUnsafe(`create temp table bench_dist on commit drop as
    select n, gen_random_uuid() as org_id, gen_random_uuid() as integration_id, gen_random_uuid() as user_id from generate_series(1, ${DISTRIBUTORS}) n`);
  await c.$executeRawUnsafe(`create temp table bench_principal on commit drop as select gen_random_uuid() as org_id, gen_random_uuid() as user_id`);
  await step(
    c,
    log,
    'organizations, users, memberships, integrations, connections',
    `with orgs as (
       insert into organizations (id, kind, name, created_at)
       select org_id, 'DISTRIBUTOR'::"OrganizationKind", 'PT Distributor ' || lpad(n::text, 3, '0'), now() - interval '3 years' from bench_dist
       union all select org_id, 'PRINCIPAL'::"OrganizationKind", 'PT Bench Principal', now() - interval '3 years' from bench_principal
       returning id
     ), people as (
       select org_id, user_id, 'distributor-' || lpad(n::text, 3, '0') || '@bench.local' as email, 'Distributor user ' || n as name from bench_dist
       union all select org_id, user_id, '${PRINCIPAL_EMAIL}', 'Principal user' from bench_principal
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
            case when d.n % 2 = 0 then array[d.integration_id] else '{}'::uuid[] end,
            now() - interval '2 years', '${PRINCIPAL_EMAIL}', 'distributor-' || lpad(d.n::text, 3, '0') || '@bench.local', now() - interval '2 years'
       from bench_principal p cross join bench_dist d`,
    passwordHash,
  );

  // The catalogue: 30 brands of 10 SKUs, 1 KRT = 4 DUS = 48 PCS; every tenth SKU lists only DUS (its KRT lines convert through the distributor's product, if that can).
  await step(
    c,
    log,
    'principal SKUs',
    `insert into principal_skus (id, organization_id, code, name, brand, category, base_unit, conversions, barcode, created_at, updated_at)
     select gen_random_uuid(), p.org_id, 'SKU-' || lpad(n::text, 4, '0'),
            (${sqlArray(BRANDS)})[1 + (n - 1) / 10] || ' ' || (array['Original','Pedas','Coklat','Keju','Susu','Mint','Lemon','Goreng','Soto','Ayam Bawang'])[1 + (n - 1) % 10]
              || ' ' || (array['70g','85g','120g','250ml','600ml','1L'])[1 + n % 6],
            (${sqlArray(BRANDS)})[1 + (n - 1) / 10], (${sqlArray(CATEGORIES)})[1 + ((n - 1) / 10) % ${CATEGORIES.length}], 'PCS',
            case when n % 10 = 0 then '[{"unit":"DUS","factor":12}]' else '[{"unit":"DUS","factor":12},{"unit":"KRT","factor":48}]' end::jsonb,
            '899' || lpad(n::text, 10, '0'), now(), now()
       from bench_principal p cross join generate_series(1, ${SKUS}) n`,
  );
  // Each distributor's 300 products under its own codes, each one of the principal's SKUs (a per-distributor permutation);
  // every 25th product lists no KRT either.
  await step(
    c,
    log,
    'product plan',
    `create temp table bench_product on commit drop as
     select d.n as dist, k, 'PRD-' || lpad(((k * 7 + d.n * 13) % 1000)::text, 4, '0') as code, 1 + (k * 17 + d.n) % ${SKUS} as sku,
            (1000 + ((1 + (k * 17 + d.n) % ${SKUS}) * 7919 % 400) * 25)::numeric as price
       from bench_dist d cross join generate_series(0, ${PRODUCTS_PER_DISTRIBUTOR - 1}) k`,
  );
  await c.$executeRawUnsafe('create index on bench_product (dist, k)');
  await step(
    c,
    log,
    'products',
    `insert into products (id, organization_id, integration_id, source_id, code, name, base_unit, conversions, brand, category, barcode, source_updated_at)
     select gen_random_uuid(), d.org_id, d.integration_id, bp.code, bp.code, s.name || case when bp.k % 3 = 0 then ' (' || d.n || ')' else '' end, 'PCS',
            case when bp.k % 25 = 0 then '[{"unit":"DUS","factor":12}]' else '[{"unit":"DUS","factor":12},{"unit":"KRT","factor":48}]' end::jsonb,
            s.brand, s.category, s.barcode, now()
       from bench_product bp join bench_dist d on d.n = bp.dist
       join principal_skus s on s.code = 'SKU-' || lpad(bp.sku::text, 4, '0')`,
  );
  // Mapped: all but every twelfth product (by a per-distributor offset), found by code, barcode or name.
  await step(
    c,
    log,
    'product mappings',
    `insert into product_mappings (id, organization_id, distributor_id, product_code, sku_id, method, score, created_at, updated_at)
     select gen_random_uuid(), p.org_id, d.org_id, bp.code, s.id,
            (array['BARCODE','BARCODE','NAME','MANUAL'])[1 + bp.k % 4]::"ProductMappingMethod", case when bp.k % 4 = 2 then 0.82 end, now(), now()
       from bench_product bp join bench_dist d on d.n = bp.dist cross join bench_principal p
       join principal_skus s on s.code = 'SKU-' || lpad(bp.sku::text, 4, '0')
      where (bp.k + d.n) % 12 <> 0`,
  );
  await step(
    c,
    log,
    'customers',
    `insert into customers (id, organization_id, integration_id, source_id, code, name, address, city, salesman_code, outlet_type, source_updated_at)
     select gen_random_uuid(), d.org_id, d.integration_id, 'C' || lpad(k::text, 5, '0'), 'C' || lpad(k::text, 5, '0'),
            (array['Toko','Toko','Warung','TK','UD','Minimarket','Grosir','Kios'])[1 + k % 8] || ' '
              || (array['Makmur','Sejahtera','Jaya','Abadi','Sentosa','Berkah','Mandiri','Lancar','Maju','Rezeki','Sumber','Harapan'])[1 + (k / 8) % 12] || ' '
              || (array['Bu','Pak','Mas','Cik','Haji'])[1 + (k * 7) % 5] || ' ' || (k * 31 + d.n) % 997,
            'Jl. Raya ' || k, (${sqlArray(CITIES)})[1 + (k * 7 + d.n) % ${CITIES.length}],
            'S' || lpad((1 + k % ${SALESMEN_PER_DISTRIBUTOR})::text, 2, '0'), (array['GT','MT','HORECA'])[1 + k % 3], now()
       from bench_dist d cross join generate_series(0, ${CUSTOMERS_PER_DISTRIBUTOR - 1}) k`,
  );

  // One row per document: mostly sales invoices, some returns and purchase invoices (from three suppliers, the first the principal),
  // a few orders; dates over the last 13 months; customers skewed (a few big outlets); 1 % in USD; 1–9 lines, 5 on average.
  await step(
    c,
    log,
    'document plan',
    `create temp table bench_doc on commit drop as
     select s.n, gen_random_uuid() as id, s.dist, s.type, s.date, s.usd, s.line_count,
            case when s.type in ('PURCHASE_INVOICE', 'PURCHASE_ORDER') then 'SUP' || (1 + s.n % 3) else 'C' || lpad(s.customer::text, 5, '0') end as party_code,
            case when s.type in ('PURCHASE_INVOICE', 'PURCHASE_ORDER') then null else 'S' || lpad((1 + s.customer % ${SALESMEN_PER_DISTRIBUTOR})::text, 2, '0') end as salesman_code
       from (select n, 1 + floor(random() * ${DISTRIBUTORS})::int as dist,
                    (case when r < 0.80 then 'SALES_INVOICE' when r < 0.86 then 'SALES_RETURN' when r < 0.96 then 'PURCHASE_INVOICE' else 'SALES_ORDER' end)::"DocumentType" as type,
                    current_date - floor(random() * ${DAYS})::int as date,
                    floor(${CUSTOMERS_PER_DISTRIBUTOR} * power(random(), 1.5))::int as customer,
                    random() < 0.01 as usd, 1 + (n * 7) % 9 as line_count
               from (select n, random() as r from generate_series(1, ${documents}) n) x) s`,
  );
  // Products skewed (a fifth of them sell most); PCS, DUS, KRT and now and then PAK, which nothing converts.
  await step(
    c,
    log,
    'document lines',
    `insert into document_lines (document_id, line_no, organization_id, type, integration_id, product_code, product_name, quantity, unit, quantity_base,
                                 unit_price, discount, tax, amount, date, currency, party_code, salesman_code)
     select g.id, l, d.org_id, g.type, d.integration_id, bp.code, 'Product ' || bp.code, r.qty, u.unit, r.qty * u.factor,
            v.unit_price, 0, round(r.qty * v.unit_price * 0.11, 2), round(r.qty * v.unit_price * 1.11, 2),
            g.date, case when g.usd then 'USD' else 'IDR' end, g.party_code, g.salesman_code
       from bench_doc g join bench_dist d on d.n = g.dist
       cross join lateral generate_series(1, g.line_count) l
       -- offset 0: each random() evaluated once per line, whatever references it
       cross join lateral (select floor(${PRODUCTS_PER_DISTRIBUTOR} * power(random(), 2.5))::int + 0 * l as k, 1 + floor(random() * 24)::int as qty,
                                  random() as ur offset 0) r
       cross join lateral (select case when r.ur < 0.005 then 'PAK' when r.ur < 0.55 then 'PCS' when r.ur < 0.85 then 'DUS' else 'KRT' end as unit) u0
       cross join lateral (select u0.unit, case u0.unit when 'DUS' then 12 when 'KRT' then 48 when 'PAK' then 6 else 1 end as factor) u
       join bench_product bp on bp.dist = g.dist and bp.k = r.k
       cross join lateral (select round(case when g.usd then bp.price / 15000 else bp.price end * u.factor, 2) as unit_price) v`,
  );
  await step(
    c,
    log,
    'documents',
    `insert into documents (id, organization_id, integration_id, type, source_id, number, date, party_code, party_name, salesman_code,
                            currency, subtotal, discount, tax, total, status, source_updated_at, template_version, line_count, created_at, updated_at)
     select g.id, d.org_id, d.integration_id, g.type, 'BENCH-' || g.n,
            (case g.type when 'SALES_ORDER' then 'SO' when 'SALES_INVOICE' then 'SI' when 'SALES_RETURN' then 'SR' else 'PI' end)
              || '/' || to_char(g.date, 'YYYYMM') || '/' || lpad(g.n::text, 7, '0'),
            g.date, g.party_code, case when g.party_code like 'SUP%' then 'PT Supplier ' || g.party_code else 'Outlet ' || g.party_code end, g.salesman_code,
            case when g.usd then 'USD' else 'IDR' end, t.total - t.tax, 0, t.tax, t.total, 'CLOSED',
            g.date + time '08:00' + (g.n % 36000) * interval '1 second', 1, t.lines, now(), now()
       from bench_doc g join bench_dist d on d.n = g.dist
       join (select document_id, count(*)::int as lines, sum(tax) as tax, sum(amount) as total from document_lines group by document_id) t on t.document_id = g.id`,
  );
  // The kept sums, as the migrations' backfills compute them (the triggers were off).
  const sums: [string, string][] = [
    [
      'kept totals of all time',
      `insert into document_totals (organization_id, type, integration_id, currency, documents, amount)
       select organization_id, type, integration_id, currency, count(*), sum(total) from documents group by 1, 2, 3, 4`,
    ],
    [
      'kept totals by day',
      `insert into document_day_totals (organization_id, date, type, integration_id, currency, documents, amount)
       select organization_id, date, type, integration_id, currency, count(*), sum(total) from documents group by 1, 2, 3, 4, 5`,
    ],
    [
      'kept totals by month',
      `insert into document_month_totals (organization_id, month, type, integration_id, currency, documents, amount)
       select organization_id, date_trunc('month', date)::date, type, integration_id, currency, count(*), sum(total) from documents group by 1, 2, 3, 4, 5`,
    ],
    [
      'insight sums by product month',
      `insert into insight_product_months (organization_id, month, type, integration_id, currency, product_code, unit, lines, quantity, amount)
       select organization_id, date_trunc('month', date)::date, type, integration_id, currency, product_code, upper(btrim(unit)),
              count(*), sum(quantity), sum(amount)
         from document_lines group by 1, 2, 3, 4, 5, 6, 7`,
    ],
    [
      'insight sums by customer month',
      `insert into insight_customer_months (organization_id, month, type, integration_id, currency, party_code, salesman_code, lines, amount)
       select organization_id, date_trunc('month', date)::date, type, integration_id, currency, coalesce(party_code, ''), coalesce(salesman_code, ''),
              count(*), sum(amount)
         from document_lines group by 1, 2, 3, 4, 5, 6, 7`,
    ],
    [
      'insight sums by salesman month',
      `insert into insight_salesman_months (organization_id, month, type, integration_id, currency, salesman_code, lines, amount)
       select organization_id, month, type, integration_id, currency, salesman_code, sum(lines), sum(amount)
         from insight_customer_months group by 1, 2, 3, 4, 5, 6`,
    ],
    [
      'insight sums by day',
      `insert into insight_days (organization_id, date, type, integration_id, currency, lines, amount)
       select organization_id, date, type, integration_id, currency, count(*), sum(amount) from document_lines group by 1, 2, 3, 4, 5`,
    ],
    [
      // The mappings went in with triggers off: each connection's SKU sums are computed once, as connecting does.
      'insight sums by SKU month',
      `select insight_skus_refresh(principal_org_id, distributor_org_id, null) from connections where status = 'CONNECTED' order by distributor_org_id, principal_org_id`,
    ],
    // The customers went in with triggers off: every distributor is marked for the fold to compute its city sums.
    ['customers marked for the city sums', `insert into insight_city_stale (organization_id) select distinct organization_id from customers`],
    // Likewise every invoice key is marked for the fold to compute its outlet ranges.
    [
      'invoice keys marked for the outlet ranges',
      `insert into insight_outlet_keys (organization_id, type, integration_id, currency, first_month, stale)
       select distinct organization_id, type, integration_id, currency, null::date, true
         from insight_customer_months where type in ('SALES_INVOICE', 'PURCHASE_INVOICE')`,
    ],
    ['insight roll-up by principal, sums by city and outlet ranges (fold)', `select insight_fold()`],
  ];
  for (const [what, sql] of sums) await step(c, log, what, sql);
  await rebuildIndexes(log);
}
