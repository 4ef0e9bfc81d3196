import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createPrismaClient, type OrgTx, Prisma, TenantDb } from '@portal/db';
import { SearchRepository } from '../src/modules/search/search.repository';
import { searchTerms } from '../src/modules/search/search-terms';
import { CONNECTED, ENTRIES, prepareSearchBenchDatabase, PRINCIPAL_ID } from './search-seed';
import { answers, type Query, queriesOf } from './search-queries';

// `pnpm bench:search [--queries N] [--reseed]`: the search helps' SQL (the
// repository the API runs, as the app role under row-level security, one
// read-only transaction per search like the service) over 100,000 entries per
// kind, against the naive reference: ILIKE '%q%' over every visible row
// without an index, ordered by similarity. Prints p50/p95/p99 per kind.
const { values } = parseArgs({ options: { queries: { type: 'string', default: '240' }, reseed: { type: 'boolean', default: false } } });

type Kind = 'customers' | 'products' | 'skus' | 'suppliers' | 'distributors';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const fmt = (ms: number) => ms.toFixed(1).padStart(6);

const TABLES: Record<Exclude<Kind, 'suppliers' | 'distributors'>, string> = { customers: 'customers', products: 'products', skus: 'principal_skus' };

/** The naive search: every visible row's code and name scanned with ILIKE '%q%' (indexes off), best similarity first. */
type Hit = { code: string; name: string };

async function baseline(tx: OrgTx, kind: Kind, orgs: string[], names: { id: string; name: string }[], text: string): Promise<Hit[]> {
  await tx.$executeRawUnsafe('set local enable_indexscan = off');
  await tx.$executeRawUnsafe('set local enable_bitmapscan = off');
  const contains = searchTerms(text).contains;
  if (kind === 'distributors') {
    return tx.$queryRaw<Hit[]>`
      select '' as code, n.name from unnest(${names.map((n) => n.id)}::uuid[], ${names.map((n) => n.name)}::text[]) as n(id, name)
       where n.name ilike ${contains} order by similarity(n.name, ${text}) desc, n.name limit 10`;
  }
  if (kind === 'suppliers') {
    return tx.$queryRaw<Hit[]>`
      select coalesce(s.code, '') as code, s.name from (select distinct d.party_code as code, d.party_name as name from documents d
                           where d.organization_id = any(${orgs}::uuid[]) and d.type in ('PURCHASE_INVOICE', 'PURCHASE_ORDER')
                             and (d.party_code ilike ${contains} or d.party_name ilike ${contains})) s
       order by similarity(s.name, ${text}) desc, s.name limit 10`;
  }
  return tx.$queryRaw<Hit[]>`
    select t.code, t.name from ${Prisma.raw(TABLES[kind])} t
     where t.organization_id = any(${orgs}::uuid[]) and (t.code ilike ${contains} or t.name ilike ${contains})
     order by similarity(t.name, ${text}) desc, t.name limit 10`;
}

async function main() {
  const log = (line: string) => console.error(line);
  const perKind = Math.max(200, Number(values.queries));
  const db = await prepareSearchBenchDatabase(values.reseed, log);
  const owner = createPrismaClient(db.ownerUrl, { poolMax: 1 });
  const app = createPrismaClient(db.appUrl, { poolMax: 2 });
  const tenant = new TenantDb(app);
  const repo = new SearchRepository();

  const orgs = (
    await owner.$queryRawUnsafe<{ id: string }[]>(`select distributor_org_id as id from connections where principal_org_id = $1`, PRINCIPAL_ID)
  ).map((o) => o.id);
  const distributorNames = await owner.$queryRawUnsafe<{ id: string; name: string }[]>(`select id, name from organizations where id = any($1::uuid[])`, orgs);
  const sample = (sql: string) => owner.$queryRawUnsafe<{ code: string; name: string }[]>(sql, orgs, perKind);
  const queries: Record<Kind, Query[]> = {
    customers: queriesOf(await sample(`select code, name from customers where organization_id = any($1::uuid[]) order by md5(code) limit $2::int`), 1),
    products: queriesOf(await sample(`select code, name from products where organization_id = any($1::uuid[]) order by md5(code) limit $2::int`), 2),
    skus: queriesOf(await owner.$queryRawUnsafe(`select code, name from principal_skus order by md5(code) limit $1::int`, perKind), 3),
    suppliers: queriesOf(
      await sample(
        `select code, name from (select distinct party_code as code, party_name as name from documents where organization_id = any($1::uuid[])) s order by md5(name) limit $2::int`,
      ),
      4,
    ).map((q, i) =>
      q.style === 'two words' || q.style === 'code'
        ? {
            ...q,
            style: 'prefix' as const,
            q: q.target
              .split(' ')[1]!
              .slice(0, 3 + (i % 4))
              .toLowerCase(),
          }
        : q,
    ),
    // The principal has CONNECTED distributors: every query is one of their names, typed in part or with a typo.
    distributors: queriesOf(
      Array.from({ length: perKind }, (_, i) => ({ code: '', name: distributorNames[i % distributorNames.length]!.name })),
      5,
    ).map((q) => (q.style === 'code' ? { ...q, style: 'prefix' as const, q: q.target.slice(0, 6).toLowerCase() } : q)),
  };

  const ours = async (kind: Kind, text: string): Promise<Hit[]> =>
    tenant.readAsOrg(PRINCIPAL_ID, async (tx) => {
      await repo.useTypoThreshold(tx);
      const t = searchTerms(text);
      if (kind === 'suppliers') return repo.suppliers(tx, orgs, t, 10);
      if (kind === 'distributors') return (await repo.rankNames(tx, distributorNames, t, 10)).map((r) => ({ code: '', name: r.name }));
      return repo.masterData(tx, kind, kind === 'skus' ? [PRINCIPAL_ID] : orgs, t, 10);
    });
  const reference = (kind: Kind, text: string) => tenant.readAsOrg(PRINCIPAL_ID, (tx) => baseline(tx, kind, orgs, distributorNames, text));

  const lines: string[] = [
    `search helps: ${ENTRIES.toLocaleString('en')} customers and products in ${CONNECTED} connected distributors (+ an unconnected one), ` +
      `${ENTRIES.toLocaleString('en')} SKUs, 100,000 purchase documents; as the principal under RLS; ${perKind} queries per kind, limit 10`,
    '',
    'kind          ours p50    p95    p99 ms   baseline p50    p95    p99 ms   p95 ours/baseline   best answer right (typo, exact code): ours  baseline',
  ];
  for (const kind of Object.keys(queries) as Kind[]) {
    const list = queries[kind];
    for (const q of list.slice(0, 20)) await ours(kind, q.q); // warm the caches and the connection
    const times = { ours: [] as number[], baseline: [] as number[] };
    const found = { ours: 0, baseline: 0, of: 0 };
    for (const q of list) {
      let t = performance.now();
      const a = await ours(kind, q.q);
      times.ours.push(performance.now() - t);
      t = performance.now();
      const b = await reference(kind, q.q);
      times.baseline.push(performance.now() - t);
      if (q.want) {
        found.of++;
        if (answers(a, q.want)) found.ours++;
        if (answers(b, q.want)) found.baseline++;
      }
    }
    const o = times.ours.sort((x, y) => x - y);
    const b = times.baseline.sort((x, y) => x - y);
    const pct = (n: number) => `${Math.round((100 * n) / Math.max(1, found.of))}%`.padStart(4);
    lines.push(
      `${kind.padEnd(12)} ${fmt(percentile(o, 50))} ${fmt(percentile(o, 95))} ${fmt(percentile(o, 99))}      ${fmt(percentile(b, 50))} ${fmt(percentile(b, 95))} ${fmt(percentile(b, 99))}` +
        `      ${(percentile(o, 95) / percentile(b, 95)).toFixed(2).padStart(6)}                    ${pct(found.ours)}      ${pct(found.baseline)}`,
    );
    log(lines.at(-1)!);
  }
  // Two cores shared with whatever else runs: the load says how far to trust the milliseconds.
  lines.push(
    '',
    `load average (1, 5, 15 min) at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')} on ${cpus().length} cores`,
  );
  await owner.$disconnect();
  await app.$disconnect();
  console.log(lines.join('\n'));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
